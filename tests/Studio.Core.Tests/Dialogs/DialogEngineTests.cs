using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Core.Testing.Dialogs;

namespace Studio.Core.Tests.Dialogs;

public class DialogEngineTests
{
    private const string Greeting = """
        {"id":"greet","kind":"ask","message":{"text":"您好,请问是{{member.salutation}}吗?"},
         "noMatch":{"retries":1,"reprompt":{"text":"不好意思没听清,请问是{{member.salutation}}本人吗?"}},
         "noInput":{"retries":2},
         "dtmf":{"1":"affirm","2":"deny"},
         "routes":{"affirm":"offer","deny":"end_wrong","noMatch":"end_unclear","noInput":"end_silent"}},
        {"id":"offer","kind":"say","message":{"text":"感谢您一直以来的支持。"},"routes":{"next":"end_ok"}},
        {"id":"end_ok","kind":"end","outcome":"completed","grade":"A","message":{"text":"再见!"}},
        {"id":"end_wrong","kind":"end","outcome":"wrong_person","grade":"F"},
        {"id":"end_unclear","kind":"end","outcome":"no_match"},
        {"id":"end_silent","kind":"end","outcome":"no_response","grade":"E"}
        """;

    private static DialogTestFlow Flow(string nodes = Greeting, string? extra = null) => new(ScriptBuilder.Compile(nodes, extra));

    [Fact]
    public void Start_says_the_opening_and_waits_at_the_first_ask()
    {
        Flow().Start()
            .AssertReply("您好,请问是张女士吗?")
            .AssertNode("greet")
            .AssertEnded(false);
    }

    [Fact]
    public void An_intent_route_moves_on_and_ends_with_the_outcome_and_grade()
    {
        Flow().Start()
            .Send("是我,什么事").AssertIntent("affirm").AssertReply("感谢您").AssertReply("再见")
            .AssertOutcome("completed").AssertGrade('A');
    }

    [Fact]
    public void A_global_intent_answers_and_asks_the_waiting_question_again()
    {
        var flow = Flow().Start()
            .Send("你是机器人吗").AssertIntent("ask_is_robot").AssertGlobal()
            .AssertReply("我是速品的智能客服小速").AssertReply("请问是张女士吗").AssertNode("greet");
        Assert.Equal(2, flow.Last!.Messages.Count());
        flow.Send("是的").AssertIntent("affirm").AssertOutcome("completed");
    }

    [Fact]
    public void A_global_intent_with_a_target_leaves_the_flow_in_the_same_turn()
    {
        Flow().Start().Send("以后不要再打了").AssertIntent("opt_out").AssertReply("不再打扰").AssertOutcome("opt_out").AssertGrade('F');
    }

    [Fact]
    public void No_match_reprompts_then_follows_the_fallback()
    {
        Flow().Start()
            .Send("今天天气怎么样").AssertIntent("out_of_scope").AssertReply("不好意思没听清").AssertNode("greet")
            .Send("哈哈哈").AssertOutcome("no_match");
    }

    [Fact]
    public void No_input_repeats_the_question_up_to_its_retries_then_falls_back()
    {
        Flow().Start()
            .NoInput().AssertReply("请问是张女士吗").AssertNode("greet")
            .NoInput().AssertNode("greet")
            .NoInput().AssertOutcome("no_response").AssertGrade('E');
    }

    [Fact]
    public void A_recognised_answer_resets_the_retry_counters()
    {
        var script = ScriptBuilder.Compile("""
            {"id":"q1","kind":"ask","message":{"text":"第一问"},"noInput":{"retries":1},"routes":{"affirm":"q2","noMatch":"end","noInput":"end"}},
            {"id":"q2","kind":"ask","message":{"text":"第二问"},"noInput":{"retries":1},"routes":{"affirm":"end","noMatch":"end","noInput":"end"}},
            {"id":"end","kind":"end","outcome":"done"}
            """);
        new DialogTestFlow(script).Start().NoInput().AssertNode("q1").Send("好的").AssertNode("q2").NoInput().AssertNode("q2").AssertReply("第二问");
    }

    [Fact]
    public void Speech_below_the_asr_confidence_floor_counts_as_not_understood()
    {
        Flow().Start().Send("是我", confidence: 0.1).AssertReply("没听清").AssertNode("greet")
            .Send("是我", confidence: 0.9).AssertOutcome("completed");
    }

    [Fact]
    public void Dtmf_maps_keys_to_intents_and_unknown_keys_to_no_match()
    {
        Flow().Start().Dtmf("9").AssertReply("没听清").Dtmf("1").AssertIntent("affirm").AssertOutcome("completed");
    }

    [Fact]
    public void Hanging_up_ends_with_outcome_hangup_and_the_grade_rules_decide()
    {
        var flow = Flow(extra: """ "gradeRules":[{"grade":"E","when":"outcome === 'hangup' && intents.length === 0"}] """);
        flow.Start().Hangup().AssertOutcome("hangup").AssertGrade('E');
    }

    [Fact]
    public void Input_after_the_end_is_ignored_and_the_state_is_unchanged()
    {
        var flow = Flow().Start().Send("是我").AssertOutcome("completed");
        var ended = flow.State!;
        flow.Send("还有事吗");
        Assert.Same(ended, flow.State);
        Assert.Contains(flow.Last!.Trace, t => t.Kind == TraceKind.Ignored);
        Assert.Empty(flow.Last!.Outputs);
    }

    [Fact]
    public void Step_does_not_mutate_the_state_it_is_given()
    {
        var script = ScriptBuilder.Compile(Greeting);
        var engine = new DialogEngine(new KeywordRecognizer(), new ManualClock());
        var started = engine.Step(script, null, TurnInput.Begin(new ConversationStart(new MemberProfile { Id = "m" })));
        var before = started.State.ToJson();
        engine.Step(script, started.State, TurnInput.Say("是我"));
        Assert.Equal(before, started.State.ToJson());
    }

    [Fact]
    public void A_recognition_made_at_the_edge_is_used_instead_of_the_recogniser()
    {
        var script = ScriptBuilder.Compile(Greeting);
        var engine = new DialogEngine(new KeywordRecognizer(), new ManualClock());
        var started = engine.Step(script, null, TurnInput.Begin(new ConversationStart(new MemberProfile { Id = "m" })));
        var result = engine.Step(script, started.State, TurnInput.Say("嗯……这个嘛") with { Recognition = new IntentResult("affirm", 0.71, "llm") });
        Assert.Equal("llm", result.Recognition!.DecidedBy);
        Assert.Equal("completed", result.Outcome);
    }

    [Fact]
    public void A_state_pointing_at_a_node_the_version_lacks_ends_with_error_instead_of_throwing()
    {
        var script = ScriptBuilder.Compile(Greeting);
        var engine = new DialogEngine(new KeywordRecognizer(), new ManualClock());
        var state = new ConversationState { ScriptId = "test", Node = "vanished", Member = new MemberProfile { Id = "m" } };
        var result = engine.Step(script, state, TurnInput.Say("好的"));
        Assert.Equal(Outcomes.Error, result.Outcome);
        Assert.Equal('F', result.State.Grade);
        Assert.Contains(result.Trace, t => t.Kind == TraceKind.Error && t.Detail!.Contains("'vanished'"));
    }

    [Fact]
    public void The_same_seed_and_clock_replay_the_same_conversation()
    {
        const string nodes = """
            {"id":"q","kind":"ask","message":{"variations":["甲","乙","丙","丁"]},"noMatch":{"retries":3},"routes":{"affirm":"e","noMatch":"e","noInput":"e"}},
            {"id":"e","kind":"end","outcome":"done"}
            """;
        string Run(ulong seed)
        {
            var flow = new DialogTestFlow(ScriptBuilder.Compile(nodes)).WithSeed(seed).Start();
            flow.Send("x").Send("y").Send("z");
            return flow.Transcript;
        }
        Assert.Equal(Run(7), Run(7));
        Assert.Contains(Enumerable.Range(1, 20).Select(s => Run((ulong)s)), t => t != Run(7));
    }

    [Fact]
    public void Variations_do_not_repeat_until_every_one_has_been_said()
    {
        var flow = new DialogTestFlow(ScriptBuilder.Compile("""
            {"id":"q","kind":"ask","message":{"variations":["甲","乙","丙"]},"noInput":{"retries":5},"routes":{"noMatch":"e","noInput":"e"}},
            {"id":"e","kind":"end","outcome":"done"}
            """)).WithSeed(3).Start();
        var said = new List<string> { flow.Last!.ReplyText };
        for (var i = 0; i < 5; i++)
        {
            said.Add(flow.NoInput().Last!.ReplyText);
        }
        Assert.Equal(3, said.Take(3).Distinct().Count());
        Assert.Equal(3, said.Skip(3).Take(3).Distinct().Count());
    }

    [Fact]
    public void Conditions_route_on_member_attributes_through_jint()
    {
        const string nodes = """
            {"id":"c","kind":"condition","branches":[{"port":"vip","when":"member.tier === 'VIP' && member.orders > 5"}],"routes":{"vip":"vip","else":"plain"}},
            {"id":"vip","kind":"end","outcome":"vip"},
            {"id":"plain","kind":"end","outcome":"plain"}
            """;
        new DialogTestFlow(ScriptBuilder.Compile(nodes, """ "memberFields":["orders"] """))
            .WithMember(("id", "m1"), ("tier", "VIP"), ("orders", "7")).Start().AssertOutcome("vip");
        new DialogTestFlow(ScriptBuilder.Compile(nodes, """ "memberFields":["orders"] """))
            .WithMember(("id", "m2"), ("tier", "VIP"), ("orders", "2")).Start().AssertOutcome("plain");
    }

    [Theory]
    [InlineData("undefinedThing.x > 1", "undefinedThing is not defined")]
    [InlineData("(function f(){ while(true){} })()", "statements")]
    [InlineData("(function f(n){ return f(n+1); })(0)", "recursed deeper than 64")]
    public void A_failing_expression_follows_the_error_route(string expression, string reason)
    {
        var when = System.Text.Json.JsonSerializer.Serialize(expression);
        var nodes = "{\"id\":\"c\",\"kind\":\"condition\",\"branches\":[{\"port\":\"yes\",\"when\":" + when + "}],"
            + """
            "routes":{"yes":"a","else":"a","error":"oops"}},
            {"id":"a","kind":"end","outcome":"fine"},
            {"id":"oops","kind":"end","outcome":"expression_failed"}
            """;
        var flow = new DialogTestFlow(ScriptBuilder.Compile(nodes)).Start().AssertOutcome("expression_failed");
        var error = Assert.Single(flow.Last!.Trace, t => t.Kind == TraceKind.Error);
        Assert.Contains(reason, error.Detail);
        Assert.Equal("c", error.NodeId);
    }

    [Fact]
    public void A_failing_expression_without_an_error_route_ends_with_outcome_error()
    {
        var flow = new DialogTestFlow(ScriptBuilder.Compile("""
            {"id":"s","kind":"set","assign":{"score":"JSON.parse('{oops')"},"routes":{"next":"a"}},
            {"id":"a","kind":"end","outcome":"fine"}
            """, """ "variables":[{"name":"score","type":"number"}] """)).Start();
        flow.AssertOutcome(Outcomes.Error).AssertGrade('F');
        Assert.Contains(flow.Last!.Trace, t => t.Kind == TraceKind.Error && t.NodeId == "s" && t.Detail!.Contains("JSON.parse"));
    }

    [Fact]
    public void A_loop_without_waiting_is_stopped_at_the_hop_bound()
    {
        var flow = new DialogTestFlow(ScriptBuilder.Compile("""
            {"id":"a","kind":"say","message":{"text":"嗨"},"routes":{"next":"b"}},
            {"id":"b","kind":"goto","target":"a"}
            """)).Start();
        flow.AssertOutcome(Outcomes.Error);
        Assert.Contains(flow.Last!.Trace, t => t.Kind == TraceKind.Error && t.Detail!.Contains("more than 50 nodes in one turn"));
        Assert.True(flow.Last!.Trace.Count(t => t.Kind == TraceKind.Entered) <= 50);
    }

    [Fact]
    public void Set_assigns_variables_that_templates_and_later_conditions_read()
    {
        new DialogTestFlow(ScriptBuilder.Compile("""
            {"id":"s","kind":"set","assign":{"discount":"member.tier === 'VIP' ? 50 : 30","label":"'会员专享'"},"routes":{"next":"say"}},
            {"id":"say","kind":"say","message":{"text":"{{label}}:{{discount}}元券"},"routes":{"next":"c"}},
            {"id":"c","kind":"condition","branches":[{"port":"big","when":"discount >= 50"}],"routes":{"big":"big","else":"small"}},
            {"id":"big","kind":"end","outcome":"big"},
            {"id":"small","kind":"end","outcome":"small"}
            """, """ "variables":[{"name":"discount","type":"number","default":0},{"name":"label","type":"string"}] """))
            .WithMember(("id", "m"), ("tier", "VIP")).Start()
            .AssertReply("会员专享:50元券").AssertSpoken("五十元").AssertOutcome("big");
    }

    [Fact]
    public void A_goto_with_a_return_route_calls_a_sub_flow()
    {
        new DialogTestFlow(ScriptBuilder.Compile("""
            {"id":"main","kind":"goto","target":"sub","routes":{"return":"after"}},
            {"id":"after","kind":"say","message":{"text":"回到主流程"},"routes":{"next":"end"}},
            {"id":"sub","kind":"say","message":{"text":"子流程"},"routes":{"next":"back"}},
            {"id":"back","kind":"return"},
            {"id":"end","kind":"end","outcome":"done"}
            """)).Start().AssertReply("子流程").AssertReply("回到主流程").AssertOutcome("done");
    }

    [Fact]
    public void Offers_render_their_incentive_in_text_speech_and_carry_its_id()
    {
        var flow = new DialogTestFlow(ScriptBuilder.Compile("""
            {"id":"o","kind":"offer","incentive":"c30","message":{"text":"{{offer.framing}}您{{offer.description}},{{offer.validDays}}天内有效"},"routes":{"next":"e"}},
            {"id":"e","kind":"end","outcome":"done"}
            """, """ "incentives":[{"id":"c30","type":"coupon","name":"30元券","amount":30,"threshold":199,"framing":"certain","cost":12,"validDays":7}] """)).Start();
        flow.AssertReply("直接送您满199减30元优惠券,7天内有效").AssertSpoken("满一百九十九减三十元优惠券,七天内有效");
        Assert.Equal("c30", flow.Last!.Messages.First().IncentiveId);
        Assert.Equal("c30", flow.State!.Offer);
    }

    [Fact]
    public void Actions_are_returned_for_the_host_with_rendered_parameters_and_the_arm()
    {
        var flow = new DialogTestFlow(ScriptBuilder.Compile("""
            {"id":"sp","kind":"split","experiment":"exp","arms":[{"id":"A","weight":50},{"id":"B","weight":50}],"routes":{"A":"t","B":"t"}},
            {"id":"t","kind":"action","action":"tag","tags":["老客","唤醒"],"routes":{"next":"sms"}},
            {"id":"sms","kind":"action","action":"sms","template":"SMS_001","text":"{{member.salutation}},您的券已到账","routes":{"next":"cb"}},
            {"id":"cb","kind":"action","action":"callback","delayMinutes":30,"routes":{"next":"e"}},
            {"id":"e","kind":"end","outcome":"done"}
            """)).WithArm("B").Start();
        var actions = flow.Last!.Actions.ToList();
        Assert.Equal([ActionType.Tag, ActionType.Sms, ActionType.Callback], actions.Select(a => a.Type));
        Assert.Equal("老客,唤醒", actions[0].Parameters["tags"]);
        Assert.Equal("张女士,您的券已到账", actions[1].Parameters["text"]);
        Assert.Equal(ManualClock.DefaultStart.AddMinutes(30), DateTimeOffset.Parse(actions[2].Parameters["at"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(actions, a => Assert.Equal(("exp", "B"), (a.Experiment, a.Arm)));
    }

    [Fact]
    public void Every_output_after_a_split_carries_the_experiment_and_arm()
    {
        var flow = new DialogTestFlow(ScriptBuilder.Compile("""
            {"id":"sp","kind":"split","experiment":"framing","arms":[{"id":"A","weight":50},{"id":"B","weight":50}],"routes":{"A":"q","B":"q"}},
            {"id":"q","kind":"ask","message":{"text":"要吗?"},"routes":{"affirm":"sp","noMatch":"e","noInput":"e"}},
            {"id":"e","kind":"end","outcome":"done"}
            """)).WithMember(("id", "member-42")).Start();
        var exposure = Assert.Single(flow.Last!.Outputs.OfType<ArmExposure>());
        Assert.True(exposure.First);
        Assert.All(flow.Last!.Outputs, o => Assert.Equal(("framing", exposure.ArmId), (o.Experiment, o.Arm)));
        flow.Send("要");
        var again = Assert.Single(flow.Last!.Outputs.OfType<ArmExposure>());
        Assert.False(again.First);
        Assert.Equal(exposure.ArmId, again.ArmId);
    }

    [Fact]
    public void The_state_round_trips_through_json_and_stays_small()
    {
        var flow = Flow().WithMember(("id", "m-1001"), ("surname", "王"), ("title", "先生"), ("tier", "VIP"), ("phone", "13812345678")).Start().Send("你是机器人吗");
        var json = flow.State!.ToJson();
        Assert.DoesNotContain("13812345678", json);
        Assert.True(json.Length < 1024, $"state is {json.Length} bytes: {json}");
        var restored = ConversationState.FromJson(json);
        Assert.Equal(json, restored.ToJson());
        var engine = new DialogEngine(new KeywordRecognizer(), new ManualClock());
        Assert.Equal("completed", engine.Step(ScriptBuilder.Compile(Greeting), restored, TurnInput.Say("是我")).Outcome);
    }
}
