using Studio.Core.Scripts;
using Studio.Core.Scripts.Validation;
using static Studio.Core.Tests.Scripts.Validation.Lint;

namespace Studio.Core.Tests.Scripts.Validation;

public class StructureRulesTests
{
    [Fact]
    public void A_script_without_nodes_is_an_error()
    {
        const string json = """
            {
              "formatVersion": 1,
              "channels": ["wecom"],
              "nodes": []
            }
            """;

        AssertOnly(Validate(json), Error(DiagnosticCodes.NoNodes,
            "the script has no nodes: add a first node (e.g. an ask that greets the member) and an end node", "$.nodes", null, 4));
    }

    [Fact]
    public void A_script_without_channels_is_an_error()
    {
        var json = Clean.With("\"channels\": [\"voice\"]", "\"channels\": []");

        AssertOnly(Validate(json), Error(DiagnosticCodes.NoChannels,
            "the script has no channels: add \"voice\", \"wecom\" or both to 'channels'", "$.channels", null, 5));
    }

    [Fact]
    public void A_duplicate_node_id_is_an_error_at_the_second_node()
    {
        var json = Clean.AddNodes("""{"id": "end_ok", "kind": "end", "outcome": "refused"}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.DuplicateNodeId,
            "node id 'end_ok' is already used by $.nodes[4]: give every node its own id", "$.nodes[8].id", "end_ok", 23));
    }

    [Fact]
    public void An_empty_node_id_is_an_error()
    {
        // The reader refuses a node without id; a script built in code can still have one.
        var read = ScriptJson.Read(Clean);
        read.Script!.Nodes[5].Id = "";

        var diagnostics = ScriptValidator.Validate(read.Script, read.Lines);

        AssertHas(diagnostics, Error(DiagnosticCodes.MissingNodeId, "the end node has no 'id': give it a unique id", "$.nodes[5].id", null, 20));
    }

    [Fact]
    public void An_end_without_outcome_is_an_error()
    {
        var json = Clean.With("\"outcome\": \"refused\", ", "");

        AssertOnly(Validate(json), Error(DiagnosticCodes.EndWithoutOutcome,
            "the end node has no 'outcome': name how the conversation ended (e.g. wecom_add_consent, refused)", "$.nodes[5].outcome", "end_refused", 20));
    }

    [Fact]
    public void Duplicate_intent_names_are_an_error()
    {
        var json = Clean.AddTopLevel("""
            "intents": [
                {"name": "ask_store", "examples": ["门店在哪"]},
                {"name": "ask_store", "examples": ["最近的店"]}
              ]
            """.Replace("\r", ""));

        AssertOnly(Validate(json), Error(DiagnosticCodes.DuplicateName,
            "intent 'ask_store' is defined twice (also at $.intents[0]): keep one", "$.intents[1].name", null, 9));
    }

    [Fact]
    public void Duplicate_incentive_ids_are_an_error_also_across_incentive_sets()
    {
        var json = Clean.AddTopLevel("""
            "incentiveSets": [{"id": "c30", "name": "组合", "items": ["c30"]}]
            """.Trim());

        AssertOnly(Validate(json), Error(DiagnosticCodes.DuplicateName,
            "incentive set id 'c30' is already used by $.incentives[0]: incentives and incentive sets need distinct ids", "$.incentiveSets[0].id", null, 7));
    }

    [Fact]
    public void Duplicate_variable_names_are_an_error()
    {
        var json = Clean.AddTopLevel("""
            "variables": [{"name": "code", "type": "string"}, {"name": "code", "type": "number"}]
            """.Trim());

        AssertOnly(Validate(json), Error(DiagnosticCodes.DuplicateName,
            "variable 'code' is defined twice (also at $.variables[0]): keep one", "$.variables[1].name", null, 7));
    }

    [Fact]
    public void A_variable_named_like_a_template_root_is_an_error()
    {
        var json = Clean.AddTopLevel("""
            "variables": [{"name": "member"}]
            """.Trim());

        AssertOnly(Validate(json), Error(DiagnosticCodes.DuplicateName,
            "variable 'member' has the name of a built-in template root, which templates would read instead: rename the variable", "$.variables[0].name", null, 7));
    }

    [Fact]
    public void A_global_intent_on_an_unknown_intent_is_an_error()
    {
        var json = Clean.AddTopLevel("""
            "intents": [{"name": "ask_store"}]
            """.Trim()).With("\"then\": \"end_optout\"}", "\"then\": \"end_optout\"},\n    {\"intent\": \"ask_stor\"}");

        AssertOnly(Validate(json), Error(DiagnosticCodes.UnknownIntent,
            "global intent 'ask_stor' is neither a system intent nor a script intent: fix the name or add it to 'intents'", "$.globalIntents[2].intent", null, 14));
    }

    [Fact]
    public void A_grade_outside_A_to_F_is_an_error()
    {
        // The reader refuses such grades in JSON; a script built in code can still carry one.
        var script = Read(Clean);
        script.GradeRules.Add(new GradeRule { Grade = 'G', When = "outcome === 'refused'" });
        ((EndNode)script.Nodes[4]).Grade = 'a';

        var diagnostics = ScriptValidator.Validate(script);

        Assert.Equal(
            [
                Error(DiagnosticCodes.InvalidGrade, "grade 'G' is not an intent grade: use one letter A–F", "$.gradeRules[0].grade", null, null),
                Error(DiagnosticCodes.InvalidGrade, "grade 'a' is not an intent grade: use one letter A–F, or leave it out to let the grade rules decide", "$.nodes[4].grade", "end_ok", null),
            ],
            diagnostics);
    }
}
