using Studio.Data.Experiments;

namespace Studio.Data.Tests.Experiments;

public sealed class ExperimentStateStoreTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_stop_the_mode_and_the_weight_periods_survive_a_restart()
    {
        var store = new LiteDbExperimentStateStore(_temp.Db, _temp.Time);
        Assert.Null(await store.GetAsync("dormant-framing"));

        var t0 = _temp.Time.GetUtcNow();
        await store.UpdateAsync("dormant-framing", s => s.RecordWeights(new Dictionary<string, double> { ["A"] = 50, ["B"] = 50 }, t0, "published"));
        var t1 = t0.AddDays(14);
        await store.UpdateAsync("dormant-framing", s =>
        {
            Assert.False(s.RecordWeights(new Dictionary<string, double> { ["A"] = 50, ["B"] = 50 }, t1, "published")); // unchanged: no new period
            Assert.True(s.RecordWeights(new Dictionary<string, double> { ["A"] = 100, ["B"] = 0 }, t1, "promoted"));
            s.Mode = AllocationMode.ThompsonSampling;
            s.FloorPercent = 15;
            s.ThompsonWeights = new() { ["A"] = 70, ["B"] = 30 };
            s.Status = ExperimentStatus.Stopped;
            s.StoppedAt = t1;
            s.StoppedBy = "wang.design";
            s.StopNote = "推广 A";
        });

        var reopened = await new LiteDbExperimentStateStore(_temp.Reopen(), _temp.Time).GetAsync("dormant-framing");
        Assert.NotNull(reopened);
        Assert.Equal((ExperimentStatus.Stopped, t1, "wang.design", "推广 A"), (reopened.Status, reopened.StoppedAt, reopened.StoppedBy, reopened.StopNote));
        Assert.Equal((AllocationMode.ThompsonSampling, 15.0), (reopened.Mode, reopened.FloorPercent));
        Assert.Equal(70, reopened.ThompsonWeights!["A"]);
        Assert.Equal(2, reopened.WeightPeriods.Count);
        // The first period reaches back to before it was seen; the second closes it.
        Assert.Equal((DateTimeOffset.MinValue, (DateTimeOffset?)t1), (reopened.WeightPeriods[0].From, reopened.WeightPeriods[0].Until));
        Assert.Equal((t1, (DateTimeOffset?)null, "promoted"), (reopened.WeightPeriods[1].From, reopened.WeightPeriods[1].Until, reopened.WeightPeriods[1].Source));
        Assert.Equal(0, reopened.CurrentWeights!["B"]);
        Assert.Equal(["dormant-framing"], (await new LiteDbExperimentStateStore(_temp.Db).ListAsync()).Select(s => s.Name));
    }
}
