using Studio.Core.Experiments;

namespace Studio.Core.Tests.Experiments;

public class ThompsonAllocationTests
{
    [Fact]
    public void The_better_arm_gets_more_traffic_and_every_arm_keeps_its_floor()
    {
        var weights = ThompsonAllocation.Weights([new("A", 50, 1000), new("B", 80, 1000), new("C", 52, 1000)], floorPercent: 10);

        Assert.True(weights["B"] > weights["A"] && weights["B"] > weights["C"], string.Join(", ", weights));
        Assert.True(weights["B"] > 60, $"B: {weights["B"]}"); // P(B best) is near 1, so B gets nearly all of the free 70 %
        Assert.All(weights.Values, w => Assert.True(w >= 10, $"{w} is below the 10 % floor"));
        Assert.Equal(100, weights.Values.Sum(), 1);
    }

    [Fact]
    public void Without_evidence_the_arms_share_equally()
    {
        var weights = ThompsonAllocation.Weights([new("A", 0, 0), new("B", 0, 0)], floorPercent: 10);
        Assert.Equal(50, weights["A"], 1e-9);
        Assert.Equal(50, weights["B"], 1e-9);
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_a_hopeless_arm_sits_at_the_floor()
    {
        ArmEvidence[] arms = [new("A", 20, 400), new("B", 90, 400), new("C", 21, 400)];
        var first = ThompsonAllocation.Weights(arms, 5, seed: 42);
        var second = ThompsonAllocation.Weights(arms, 5, seed: 42);
        Assert.Equal(first, second);
        Assert.Equal(5, first["A"], 0.05);
    }

    [Fact]
    public void A_floor_the_arms_cannot_all_keep_is_refused_with_the_limit()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ThompsonAllocation.Weights([new("A", 1, 10), new("B", 2, 10), new("C", 3, 10)], floorPercent: 40));
        Assert.Contains("33.33 % for 3 arms", error.Message);
    }

    [Fact]
    public void Stored_weights_cut_the_same_sticky_hash_as_the_split()
    {
        // The runtime allocates new members by ArmAllocator with the stored weights: 90/10 gives about 90 % to B.
        var weights = ThompsonAllocation.Weights([new("A", 10, 1000), new("B", 100, 1000)], floorPercent: 10);
        var arms = weights.Select(w => new Studio.Core.Scripts.Arm { Id = w.Key, Weight = w.Value }).ToList();
        var toB = Enumerable.Range(0, 10_000).Count(i => ArmAllocator.Assign("dormant-framing", $"m{i}", arms) == "B");
        Assert.InRange(toB, 8_800, 9_200);
    }
}
