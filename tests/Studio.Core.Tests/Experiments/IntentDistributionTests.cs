using Studio.Core.Experiments;

namespace Studio.Core.Tests.Experiments;

public sealed class IntentDistributionTests
{
    private static IReadOnlyDictionary<string, long> Counts(params (string Intent, long N)[] counts) =>
        counts.ToDictionary(c => c.Intent, c => c.N);

    [Fact]
    public void The_most_frequent_intents_over_all_arms_keep_a_row_and_the_rest_pool_into_other()
    {
        var distribution = IntentDistribution.From(["A", "B"], new Dictionary<string, IReadOnlyDictionary<string, long>>
        {
            ["A"] = Counts(("affirm", 60), ("ask_price", 20), ("busy", 5), ("complaint", 1)),
            ["B"] = Counts(("affirm", 30), ("deny", 40), ("busy", 4)),
        }, top: 3);

        // affirm 90, deny 40, ask_price 20 make the top; busy and complaint pool into 其他.
        Assert.Equal(["affirm", "deny", "ask_price", IntentDistribution.Other], distribution.Intents);
        Assert.Equal(6, distribution.Count("A", IntentDistribution.Other));
        Assert.Equal(4, distribution.Count("B", IntentDistribution.Other));
        Assert.Equal(86, distribution.Total("A"));
        Assert.Equal(74, distribution.Total("B"));
        Assert.Equal(0, distribution.Count("A", "deny"));
        Assert.Equal(40.0 / 74, distribution.Share("B", "deny"), 1e-12);
    }

    [Fact]
    public void Without_anything_left_over_there_is_no_other_row_and_an_arm_without_turns_has_zero_shares()
    {
        var distribution = IntentDistribution.From(["A", "B"], new Dictionary<string, IReadOnlyDictionary<string, long>>
        {
            ["A"] = Counts(("affirm", 2), ("deny", 2)),
        });
        Assert.Equal(["affirm", "deny"], distribution.Intents);
        Assert.Equal(0, distribution.Total("B"));
        Assert.Equal(0, distribution.Share("B", "affirm"));
        Assert.Throws<ArgumentOutOfRangeException>(() => IntentDistribution.From(["A"], new Dictionary<string, IReadOnlyDictionary<string, long>>(), top: 0));
    }
}
