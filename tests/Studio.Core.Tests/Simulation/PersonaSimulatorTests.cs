using Studio.Core.Dialogs;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Core.Simulation;

namespace Studio.Core.Tests.Simulation;

public class PersonaSimulatorTests
{
    /// <summary>Identity check, a 70/30 split, a WeCom add question. <paramref name="affirmTarget"/> lets a test break the graph.</summary>
    private static CompiledScript Script(string affirmTarget = "add") => CompiledScript.Compile(ScriptJson.Read($$$"""
        {
          "formatVersion": 1,
          "id": "sim-mini",
          "name": "模拟用",
          "channels": ["voice"],
          "brand": { "name": "速品", "assistant": "小速" },
          "incentives": [
            { "id": "c30", "type": "coupon", "name": "30元无门槛券", "amount": 30, "threshold": 0, "framing": "certain", "cost": 30 },
            { "id": "rp", "type": "red_packet", "name": "随机红包", "min": 1, "max": 99, "framing": "chance", "cost": 8.5 }
          ],
          "globalIntents": [
            { "intent": "ask_is_robot", "message": { "text": "我是智能客服小速。" } },
            { "intent": "opt_out", "then": "end_optout" },
            { "intent": "busy", "then": "end_busy" }
          ],
          "nodes": [
            { "id": "greet", "kind": "ask", "message": { "text": "请问是{{member.salutation}}吗?" },
              "routes": { "affirm": "split", "deny": "end_wrong", "wrong_person": "end_wrong", "noMatch": "split", "noInput": "end_wrong" } },
            { "id": "split", "kind": "split", "experiment": "framing", "arms": [ { "id": "A", "weight": 70 }, { "id": "B", "weight": 30 } ],
              "routes": { "A": "offer_a", "B": "offer_b" } },
            { "id": "offer_a", "kind": "offer", "incentive": "c30", "message": { "text": "送您{{offer.description}}。" }, "routes": { "next": "ask_add" } },
            { "id": "offer_b", "kind": "offer", "incentive": "rp", "message": { "text": "有机会得{{offer.description}}。" }, "routes": { "next": "ask_add" } },
            { "id": "ask_add", "kind": "ask", "message": { "text": "我加您企业微信,好吗?" },
              "routes": { "affirm": "{{{affirmTarget}}}", "deny": "end_refused", "noMatch": "end_refused", "noInput": "end_refused" } },
            { "id": "add", "kind": "action", "action": "wecom_add", "routes": { "next": "end_ok" } },
            { "id": "end_ok", "kind": "end", "outcome": "wecom_add_consent", "grade": "A", "message": { "text": "好的,再见!" } },
            { "id": "end_refused", "kind": "end", "outcome": "refused", "grade": "D" },
            { "id": "end_wrong", "kind": "end", "outcome": "wrong_person", "grade": "F" },
            { "id": "end_busy", "kind": "end", "outcome": "busy", "grade": "E" },
            { "id": "end_optout", "kind": "end", "outcome": "opt_out", "grade": "F" }
          ]
        }
        """).Script!);

    private static SimulationReport Simulate(CompiledScript script, SimulationOptions options) =>
        SimulationReport.Build(new PersonaSimulator(new DialogEngine(new KeywordRecognizer()), new PhraseBank().AddScript(script)).Run(script, options));

    [Fact]
    public void The_same_seed_gives_the_same_report_and_another_seed_another()
    {
        var script = Script();
        var first = Simulate(script, new SimulationOptions { Members = 400, Seed = 42 }).Render();
        Assert.Equal(first, Simulate(script, new SimulationOptions { Members = 400, Seed = 42 }).Render());
        Assert.NotEqual(first, Simulate(script, new SimulationOptions { Members = 400, Seed = 43 }).Render());
    }

    [Fact]
    public void The_arm_split_follows_the_weights()
    {
        var report = Simulate(Script(), new SimulationOptions { Members = 3000, Seed = 1, Mix = new Dictionary<Persona, double> { [Persona.Cooperative] = 1 } });
        var a = report.Arms.Single(x => x.Arm == "A").Members;
        var b = report.Arms.Single(x => x.Arm == "B").Members;
        Assert.InRange(a / (double)(a + b), 0.67, 0.73);
        Assert.Equal("framing", report.Experiment);
    }

    [Fact]
    public void A_route_to_a_missing_node_is_reported_as_a_dead_end()
    {
        var report = Simulate(Script(affirmTarget: "ghost"), new SimulationOptions { Members = 300, Seed = 2 });
        var deadEnd = Assert.Single(report.DeadEnds);
        Assert.Equal("ghost", deadEnd.Node);
        Assert.Contains("does not exist", deadEnd.Reason);
        Assert.True(deadEnd.Count > 50, $"{deadEnd.Count}");
        Assert.Contains("Dead ends: ", report.Render());
        Assert.Empty(Simulate(Script(), new SimulationOptions { Members = 300, Seed = 2 }).DeadEnds);
    }

    [Fact]
    public void Personas_behave_as_their_names_say()
    {
        var script = Script();
        SimulationReport Only(Persona persona) => Simulate(script, new SimulationOptions { Members = 300, Seed = 5, Mix = new Dictionary<Persona, double> { [persona] = 1 } });
        var cooperative = Only(Persona.Cooperative);
        var hostile = Only(Persona.Hostile);
        var busy = Only(Persona.Busy);
        var silent = Only(Persona.Silent);
        Assert.True(cooperative.Personas.Single().Consent > 200, $"{cooperative.Personas.Single()}");
        Assert.Equal(0, hostile.Personas.Single().Consent);
        Assert.Contains(hostile.Outcomes, o => o.Key == "opt_out");
        Assert.True(busy.Outcomes.Single(o => o.Key == "busy").Value > 200);
        Assert.True(silent.Outcomes.Where(o => o.Key is "hangup" or "wrong_person").Sum(o => o.Value) > 150, string.Join(",", silent.Outcomes));
    }

    [Fact]
    public void Members_who_do_not_answer_are_not_reached()
    {
        var report = Simulate(Script(), new SimulationOptions { Members = 1000, Seed = 3, AnswerRate = 0.6 });
        var reached = report.Arms.Sum(a => a.Reached);
        Assert.InRange(reached, 560, 640);
        Assert.Equal(1000, report.Members);
    }

    [Fact]
    public void A_planted_effect_per_arm_shows_in_the_funnel()
    {
        var options = new SimulationOptions
        {
            Members = 4000,
            Seed = 9,
            Mix = new Dictionary<Persona, double> { [Persona.Cooperative] = 1 },
            AgreeBiasByArm = new Dictionary<string, double> { ["B"] = -0.4 },
        };
        var report = Simulate(Script(), options);
        Assert.True(report.Arms.Single(a => a.Arm == "A").ConsentRate > report.Arms.Single(a => a.Arm == "B").ConsentRate + 0.2);
    }

    [Fact]
    public void The_phrase_bank_reads_the_nlu_corpus_format_and_the_scripts_examples()
    {
        var bank = new PhraseBank().AddTsv(["# comment", "affirm\t要得要得", "", "broken line", "busy\t在开车"]);
        Assert.Equal(6, bank.Count("affirm"));
        Assert.Equal(0, bank.Count("same_number"));
        Assert.NotNull(bank.Pick("busy", new Random(1)));
        Assert.Null(bank.Pick("unknown", new Random(1)));
    }
}
