using Studio.Core.Experiments;
using Studio.Core.Scripts;
using Studio.Data.Experiments;
using Studio.Data.Scripts;
using Studio.Data.Storage;
using Studio.Data.Versions;
using Studio.Runtime.Experiments;
using Studio.Runtime.Tests.Publishing;

namespace Studio.Runtime.Tests.Experiments;

/// <summary>Which arms the runtime forces for members who never met an experiment, from its stored decisions.</summary>
public sealed class ExperimentAllocatorTests : IDisposable
{
    private const string Experiment = "dormant-framing";
    private readonly TempDatabase _temp = new();
    private readonly LiteDbExperimentStateStore _states;
    private readonly ExperimentAllocator _allocator;
    private readonly Script _script = ScriptJson.Read(Library.Read("dormant-reactivation.json")).Script!;
    private static readonly Dictionary<string, string> None = [];

    public ExperimentAllocatorTests()
    {
        _states = new LiteDbExperimentStateStore(_temp.Db);
        _allocator = new ExperimentAllocator(_states, new ExperimentCatalog(new LiteDbScriptDraftStore(_temp.Db), new LiteDbScriptVersionStore(_temp.Db), states: _states));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Without_decisions_the_engine_hashes_and_a_stop_forces_the_control_for_new_members_only()
    {
        Assert.Empty(await _allocator.ForcedArmsAsync(_script, "m-1", None));

        var stoppedAt = DateTimeOffset.UtcNow;
        await _states.UpdateAsync(Experiment, s => (s.Status, s.StoppedAt) = (ExperimentStatus.Stopped, stoppedAt));
        Assert.Equal("A", (await _allocator.ForcedArmsAsync(_script, "m-1", None))[Experiment]);
        Assert.Empty(await _allocator.ForcedArmsAsync(_script, "m-2", new Dictionary<string, string> { [Experiment] = "B" }));

        // Promoting B after the stop is the later decision: the published 100 % split decides again.
        await _states.UpdateAsync(Experiment, s =>
        {
            s.RecordWeights(new Dictionary<string, double> { ["A"] = 50, ["B"] = 50 }, stoppedAt.AddDays(-10), "published");
            s.RecordWeights(new Dictionary<string, double> { ["A"] = 0, ["B"] = 100 }, stoppedAt.AddMinutes(5), ExperimentDecisions.PromotedSource);
        });
        Assert.Empty(await _allocator.ForcedArmsAsync(_script, "m-1", None));
    }

    [Fact]
    public async Task Thompson_weights_cut_the_sticky_hash_for_new_members()
    {
        await _states.UpdateAsync(Experiment, s => (s.Mode, s.ThompsonWeights) = (AllocationMode.ThompsonSampling, new() { ["A"] = 0, ["B"] = 100 }));
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal("B", (await _allocator.ForcedArmsAsync(_script, $"m-{i}", None))[Experiment]);
        }

        await _states.UpdateAsync(Experiment, s => s.ThompsonWeights = new() { ["A"] = 30, ["B"] = 70 });
        var arms = new[] { new Arm { Id = "A", Weight = 30 }, new Arm { Id = "B", Weight = 70 } };
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(ArmAllocator.Assign(Experiment, $"m-{i}", arms), (await _allocator.ForcedArmsAsync(_script, $"m-{i}", None))[Experiment]);
        }
    }
}
