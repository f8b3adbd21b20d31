using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Studio.Data.Conversations;
using Studio.Data.Storage;
using Studio.Runtime.Hosting.Orleans;

namespace Studio.Runtime.Tests.Conversations;

/// <summary>The LiteDB grain storage and reminder table against real database files.</summary>
public sealed class OrleansStorageTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "studio-orleans-storage", Guid.NewGuid().ToString("N"));
    private readonly StudioDatabase _db;

    public OrleansStorageTests()
    {
        Directory.CreateDirectory(_dir);
        _db = new StudioDatabase(Path.Combine(_dir, "studio.db"));
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class Counter
    {
        public int Value { get; set; }
        public List<string> Names { get; set; } = [];
    }

    private sealed class Stored<T> : IGrainState<T> where T : new()
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = new();
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }

    private static readonly GrainId Grain = GrainId.Create("member", "m-1");

    [Fact]
    public async Task Grain_state_round_trips_and_a_write_based_on_a_stale_read_is_refused()
    {
        var storage = new LiteDbGrainStorage(new LiteDbKeyValueStore(_db));
        var first = new Stored<Counter>();
        await storage.ReadStateAsync("arms", Grain, first);
        Assert.False(first.RecordExists);

        first.State.Value = 1;
        first.State.Names.Add("A");
        await storage.WriteStateAsync("arms", Grain, first);
        Assert.True(first.RecordExists);

        var second = new Stored<Counter>();
        await storage.ReadStateAsync("arms", Grain, second);
        Assert.Equal((1, "A"), (second.State.Value, second.State.Names.Single()));

        second.State.Value = 2;
        await storage.WriteStateAsync("arms", Grain, second);
        first.State.Value = 99; // based on the read before the second write
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("arms", Grain, first));

        var third = new Stored<Counter>();
        await storage.ReadStateAsync("arms", Grain, third);
        Assert.Equal(2, third.State.Value);
        await storage.ClearStateAsync("arms", Grain, third);
        var cleared = new Stored<Counter>();
        await storage.ReadStateAsync("arms", Grain, cleared);
        Assert.False(cleared.RecordExists);
    }

    [Fact]
    public async Task Reminders_are_found_by_grain_and_by_ring_range_including_a_range_that_wraps()
    {
        var table = new LiteDbReminderTable(_db);
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("conversation", "wecom:m" + i)).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "followup", StartAt = DateTime.UtcNow.AddMinutes(5), Period = TimeSpan.FromMinutes(1) });
        }

        var one = await table.ReadRow(grains[3], "followup");
        Assert.NotNull(one);
        Assert.Equal(TimeSpan.FromMinutes(1), one!.Period);
        Assert.Single((await table.ReadRows(grains[3])).Reminders);

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        var mid = hashes[20];
        var low = (await table.ReadRows(0, mid)).Reminders.Count;
        var high = (await table.ReadRows(mid, 0)).Reminders.Count; // wraps: (mid, 2^32) and [0, 0]
        Assert.Equal(21, low);
        Assert.Equal(19, high);
        Assert.Equal(40, (await table.ReadRows(mid, mid)).Reminders.Count); // the whole ring

        // Removal needs the current etag.
        Assert.False(await table.RemoveRow(grains[3], "followup", "stale"));
        Assert.True(await table.RemoveRow(grains[3], "followup", one.ETag!));
        Assert.Null(await table.ReadRow(grains[3], "followup"));
    }
}
