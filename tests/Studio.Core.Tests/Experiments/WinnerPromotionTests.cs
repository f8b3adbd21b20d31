using Studio.Core.Experiments;
using Studio.Core.Scripts;
using Studio.Core.Scripts.Validation;

namespace Studio.Core.Tests.Experiments;

public class WinnerPromotionTests
{
    private static Script Dormant()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Studio.sln")))
        {
            dir = dir.Parent;
        }
        var path = Path.Combine(dir!.FullName, "scripts-library", "dormant-reactivation.json");
        return ScriptJson.Read(File.ReadAllText(path)).Script!;
    }

    /// <summary>The library script plus a second, unrelated split that promotion must leave alone.</summary>
    private static Script WithSecondSplit()
    {
        var script = Dormant();
        var first = script.Nodes.OfType<SplitNode>().Single();
        script.Nodes.Add(new SplitNode
        {
            Id = "split_other",
            Experiment = "other-test",
            Arms = [new Arm { Id = "A", Weight = 70 }, new Arm { Id = "B", Weight = 30 }],
            Routes = new Dictionary<string, string>(first.Routes),
        });
        return script;
    }

    [Fact]
    public void The_winner_gets_all_traffic_and_the_loser_none()
    {
        var result = WinnerPromotion.Apply(Dormant(), "dormant-framing", "B");
        var split = result.Script.Nodes.OfType<SplitNode>().Single();
        Assert.Equal([("A", 0.0), ("B", 100.0)], split.Arms.Select(a => (a.Id, a.Weight)));
        // Arms and routes stay: the finished experiment can still be reviewed and the branch still exists.
        Assert.Equal(["A", "B"], split.Routes.Keys.Order());
        Assert.Contains("推广胜出组 B", result.Note);
    }

    [Fact]
    public void The_promoted_script_still_validates()
    {
        var result = WinnerPromotion.Apply(Dormant(), "dormant-framing", "A");
        var read = ScriptJson.Read(ScriptJson.Serialize(result.Script));
        Assert.DoesNotContain(ScriptValidator.Validate(read.Script!, read.Lines), d => d.IsError);
        // Every member now lands in the winner's arm.
        var arms = read.Script!.Nodes.OfType<SplitNode>().Single().Arms;
        Assert.All(Enumerable.Range(0, 500), i => Assert.Equal("A", ArmAllocator.Assign("dormant-framing", $"m{i}", arms)));
    }

    [Fact]
    public void Other_splits_and_the_input_are_untouched()
    {
        var script = WithSecondSplit();
        var result = WinnerPromotion.Apply(script, "dormant-framing", "B");
        var other = result.Script.Nodes.OfType<SplitNode>().Single(s => s.Experiment == "other-test");
        Assert.Equal([70.0, 30.0], other.Arms.Select(a => a.Weight));
        Assert.Equal([50.0, 50.0], script.Nodes.OfType<SplitNode>().Single(s => s.Experiment == "dormant-framing").Arms.Select(a => a.Weight));
        Assert.NotSame(script, result.Script);
    }

    [Fact]
    public void An_unknown_experiment_or_arm_is_a_clear_error()
    {
        var noExperiment = Assert.Throws<ArgumentException>(() => WinnerPromotion.Apply(Dormant(), "nope", "A"));
        Assert.Contains("'nope'", noExperiment.Message);
        var noArm = Assert.Throws<ArgumentException>(() => WinnerPromotion.Apply(Dormant(), "dormant-framing", "C"));
        Assert.Contains("no arm 'C'", noArm.Message);
        Assert.Contains("arms: A, B", noArm.Message);
    }
}
