using Studio.Core.Scripts;
using static Studio.Core.Tests.Scripts.Validation.Lint;

namespace Studio.Core.Tests.Scripts.Validation;

public class SplitRulesTests
{
    /// <summary>The clean script with a split between the greeting and the offer (node 8, line 23).</summary>
    private static string WithSplit(string arms, string routes) => Clean
        .With("\"affirm\": \"offer\"", "\"affirm\": \"ab\"")
        .AddNodes($$"""{"id": "ab", "kind": "split", "experiment": "framing", "arms": {{arms}}, "routes": {{routes}}}""");

    [Fact]
    public void A_well_formed_split_is_fine()
    {
        var json = WithSplit("""[{"id": "A", "weight": 50}, {"id": "B", "weight": 50}]""", """{"A": "offer", "B": "offer"}""");

        Assert.Empty(Validate(json));
    }

    [Fact]
    public void Weights_must_total_100()
    {
        var json = WithSplit("""[{"id": "A", "weight": 50}, {"id": "B", "weight": 40}]""", """{"A": "offer", "B": "offer"}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.SplitWeights,
            "arm weights add up to 90, not 100: adjust them so they total 100", "$.nodes[8].arms", "ab", 23));
    }

    [Fact]
    public void Weights_within_a_hundredth_of_100_are_fine()
    {
        var json = WithSplit("""[{"id": "A", "weight": 33.33}, {"id": "B", "weight": 33.33}, {"id": "C", "weight": 33.33}]""", """{"A": "offer", "B": "offer", "C": "offer"}""");

        Assert.Empty(Validate(json));
    }

    [Fact]
    public void A_split_needs_two_arms()
    {
        var json = WithSplit("""[{"id": "A", "weight": 100}]""", """{"A": "offer"}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.InvalidSplit,
            "a split needs at least 2 arms to compare; it has 1", "$.nodes[8].arms", "ab", 23));
    }

    [Fact]
    public void Arm_ids_must_be_unique()
    {
        var json = WithSplit("""[{"id": "A", "weight": 50}, {"id": "A", "weight": 50}]""", """{"A": "offer"}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.InvalidSplit,
            "arm 'A' is defined twice: give every arm its own id", "$.nodes[8].arms[1].id", "ab", 23));
    }

    [Fact]
    public void Every_arm_needs_a_route()
    {
        var json = WithSplit("""[{"id": "A", "weight": 50}, {"id": "B", "weight": 50}]""", """{"A": "offer"}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.MissingRoute,
            "arm 'B' has no route: add routes.B with the node this arm goes to", "$.nodes[8].arms[1]", "ab", 23));
    }

    [Fact]
    public void Two_splits_of_one_experiment_need_the_same_arms()
    {
        var json = WithSplit("""[{"id": "A", "weight": 50}, {"id": "B", "weight": 50}]""", """{"A": "offer", "B": "again"}""")
            .AddNodes("""{"id": "again", "kind": "split", "experiment": "framing", "arms": [{"id": "A", "weight": 50}, {"id": "C", "weight": 50}], "routes": {"A": "offer", "C": "offer"}}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.InvalidSplit,
            "experiment 'framing' is also split at node 'ab' with other arms (A, B): a member keeps one arm per experiment, so both splits need the same arms",
            "$.nodes[9].arms", "again", 24));
    }
}
