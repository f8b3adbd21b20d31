using Studio.Core.Experiments;
using Studio.Core.Scripts;

namespace Studio.Core.Tests.Experiments;

public class ArmAllocatorTests
{
    private static readonly Arm[] Arms = [new() { Id = "A", Weight = 50 }, new() { Id = "B", Weight = 30 }, new() { Id = "C", Weight = 20 }];

    [Fact]
    public void The_same_member_gets_the_same_arm_every_time()
    {
        Assert.All(Enumerable.Range(0, 200), i =>
            Assert.Equal(ArmAllocator.Assign("exp", $"m{i}", Arms), ArmAllocator.Assign("exp", $"m{i}", Arms)));
    }

    [Fact]
    public void Assignment_is_stable_across_processes_and_versions()
    {
        // Pinned values: a change of the hash would silently move members between arms.
        Assert.Equal(1718, ArmAllocator.Bucket("dormant-framing", "m-1001"));
        Assert.Equal(9362, ArmAllocator.Bucket("dormant-framing", "m-1002"));
    }

    [Fact]
    public void Traffic_follows_the_weights()
    {
        var counts = Enumerable.Range(0, 20_000).Select(i => ArmAllocator.Assign("exp", $"member-{i}", Arms))
            .GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count() / 20_000.0);
        Assert.InRange(counts["A"], 0.48, 0.52);
        Assert.InRange(counts["B"], 0.28, 0.32);
        Assert.InRange(counts["C"], 0.18, 0.22);
    }

    [Fact]
    public void Experiments_are_independent()
    {
        var same = Enumerable.Range(0, 10_000).Count(i =>
            ArmAllocator.Assign("exp-1", $"m{i}", Arms[..2]) == ArmAllocator.Assign("exp-2", $"m{i}", Arms[..2]));
        Assert.InRange(same / 10_000.0, 0.45, 0.60); // independent 62.5/37.5 splits agree ~53 % of the time
    }
}
