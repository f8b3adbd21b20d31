using Studio.Core.Scripts;
using static Studio.Core.Tests.Scripts.Validation.Lint;

namespace Studio.Core.Tests.Scripts.Validation;

public class MissingNameTests
{
    private static string WithSplit(string split) => Clean
        .With("\"affirm\": \"offer\"", "\"affirm\": \"ab\"")
        .AddNodes(split);

    [Fact]
    public void A_split_without_experiment_is_an_error()
    {
        var json = WithSplit("""{"id": "ab", "kind": "split", "arms": [{"id": "A", "weight": 50}, {"id": "B", "weight": 50}], "routes": {"A": "offer", "B": "offer"}}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.MissingName,
            "the split has no 'experiment': name the experiment its results are reported under", "$.nodes[8].experiment", "ab", 23));
    }

    [Fact]
    public void An_arm_without_id_is_an_error()
    {
        var json = WithSplit("""{"id": "ab", "kind": "split", "experiment": "x", "arms": [{"id": "A", "weight": 50}, {"weight": 50}], "routes": {"A": "offer"}}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.MissingName, "arm 2 has no 'id'", "$.nodes[8].arms[1].id", "ab", 23));
    }

    [Fact]
    public void A_negative_arm_weight_is_an_error()
    {
        var json = WithSplit("""{"id": "ab", "kind": "split", "experiment": "x", "arms": [{"id": "A", "weight": 120}, {"id": "B", "weight": -20}], "routes": {"A": "offer", "B": "offer"}}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.SplitWeights,
            "arm 'B' has a negative weight (-20): weights are percentages of traffic", "$.nodes[8].arms[1].weight", "ab", 23));
    }

    [Fact]
    public void A_condition_branch_without_port_is_an_error()
    {
        var json = Clean
            .With("\"next\": \"end_ok\"", "\"next\": \"vip\"")
            .AddNodes("""{"id": "vip", "kind": "condition", "branches": [{"when": "true"}], "routes": {"else": "end_ok"}}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.MissingName,
            "branch 1 has no 'port': name the port its route leaves through", "$.nodes[8].branches[0].port", "vip", 23));
    }

    [Fact]
    public void An_intent_without_name_is_an_error()
    {
        var json = Clean.AddTopLevel("\"intents\": [{\"examples\": [\"门店在哪\"]}]");

        AssertOnly(Validate(json), Error(DiagnosticCodes.MissingName, "the intent has no 'name'", "$.intents[0].name", null, 7));
    }

    [Fact]
    public void An_incentive_without_id_is_an_error()
    {
        var json = Clean.With("\"cost\": 30}", "\"cost\": 30},\n    {\"type\": \"points\", \"name\": \"积分\", \"points\": 100}");

        AssertOnly(Validate(json), Error(DiagnosticCodes.MissingName, "the incentive has no 'id'", "$.incentives[1].id", null, 9));
    }

    [Fact]
    public void An_empty_incentive_set_is_an_error()
    {
        var json = Clean.AddTopLevel("\"incentiveSets\": [{\"id\": \"pack\", \"name\": \"组合礼\", \"items\": []}]");

        AssertOnly(Validate(json), Error(DiagnosticCodes.IncompleteIncentive,
            "incentive set 'pack' has no items: list the incentive ids it stacks", "$.incentiveSets[0].items", null, 7));
    }

    [Fact]
    public void A_global_intent_defined_twice_is_an_error()
    {
        var json = Clean.With("\"then\": \"end_optout\"}", "\"then\": \"end_optout\"},\n    {\"intent\": \"opt_out\", \"then\": \"end_wrong\"}");

        AssertOnly(Validate(json), Error(DiagnosticCodes.DuplicateName,
            "global intent 'opt_out' is defined twice (also at $.globalIntents[1]): only the first one is used", "$.globalIntents[2].intent", null, 13));
    }

    [Fact]
    public void An_empty_start_is_an_error()
    {
        var json = Clean.With("\"name\": \"校验测试\",", "\"name\": \"校验测试\", \"start\": \"\",");

        AssertOnly(Validate(json), Error(DiagnosticCodes.DanglingRoute,
            "'start' is empty: name the node the conversation starts at, or leave it out to start at the first node", "$.start", null, 4));
    }
}
