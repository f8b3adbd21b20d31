using Studio.Core.Scripts;
using Studio.Data.Versions;

namespace Studio.Data.Tests.Versions;

public sealed class ScriptVersionStoreTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly LiteDbScriptVersionStore _store;

    public ScriptVersionStoreTests() => _store = new LiteDbScriptVersionStore(_temp.Db, _temp.Time);

    public void Dispose() => _temp.Dispose();

    private static ScriptVersion Version(string script, string hash, string note = "") => new()
    {
        ScriptId = script,
        Version = hash,
        Name = "双11",
        Channels = [Channel.Voice, Channel.Wecom],
        Document = "{\"id\":\"" + script + "\",\"hash\":\"" + hash + "\"}",
        Note = note,
        PublishedBy = "王运营",
        PublishedAt = new DateTimeOffset(2025, 11, 1, 8, 0, 0, TimeSpan.Zero),
        Warnings = [new StoredDiagnostic { Severity = Severity.Warning, Code = "W201", Message = "绝对化用语「最」", Path = "$.nodes[1].message", NodeId = "offer", Line = 12 }],
    };

    [Fact]
    public async Task Versions_are_numbered_per_script_and_immutable()
    {
        var first = await _store.AddAsync(Version("d11", "aaaaaaaaaaaa", "首发"), null);
        var second = await _store.AddAsync(Version("d11", "bbbbbbbbbbbb", "改利益点"), null);
        var other = await _store.AddAsync(Version("bday", "cccccccccccc"), null);
        Assert.True(first.Created);
        Assert.Equal(1, first.Version.Number);
        Assert.Equal(2, second.Version.Number);
        Assert.Equal(1, other.Version.Number);

        var again = await _store.AddAsync(Version("d11", "aaaaaaaaaaaa", "changed note"), [1, 2, 3]);
        Assert.False(again.Created);
        Assert.Equal("首发", again.Version.Note);
        Assert.Equal(0, again.Version.ModelBytes);
        Assert.Null(await _store.GetModelAsync("d11", "aaaaaaaaaaaa"));

        var list = await _store.ListAsync("d11");
        Assert.Equal(["bbbbbbbbbbbb", "aaaaaaaaaaaa"], list.Select(v => v.Version));
    }

    [Fact]
    public async Task A_version_keeps_document_warnings_and_model()
    {
        var model = new byte[700_000];
        new Random(7).NextBytes(model);
        await _store.AddAsync(Version("d11", "aaaaaaaaaaaa"), model);

        var loaded = await _store.GetAsync("d11", "aaaaaaaaaaaa");
        Assert.NotNull(loaded);
        Assert.Equal("{\"id\":\"d11\",\"hash\":\"aaaaaaaaaaaa\"}", loaded.Document);
        Assert.Equal([Channel.Voice, Channel.Wecom], loaded.Channels);
        var warning = Assert.Single(loaded.Warnings);
        Assert.Equal("W201", warning.Code);
        Assert.Equal("offer", warning.NodeId);
        Assert.Equal(12, warning.Line);
        Assert.Equal("绝对化用语「最」", warning.ToDiagnostic().Message);
        Assert.Equal(model.Length, loaded.ModelBytes);
        Assert.Equal(model, await _store.GetModelAsync("d11", "aaaaaaaaaaaa"));

        Assert.Equal("d11", (await _store.FindAsync("aaaaaaaaaaaa"))!.ScriptId);
        Assert.Null(await _store.FindAsync("ffffffffffff"));
    }

    [Fact]
    public async Task Activation_rollback_and_history()
    {
        await _store.AddAsync(Version("d11", "aaaaaaaaaaaa"), null);
        await _store.AddAsync(Version("d11", "bbbbbbbbbbbb"), null);
        Assert.Null(await _store.GetActiveAsync("d11"));

        await _store.ActivateAsync("d11", "aaaaaaaaaaaa", null, "王运营");
        _temp.Time.Advance(TimeSpan.FromHours(1));
        var b = await _store.ActivateAsync("d11", "bbbbbbbbbbbb", null, "王运营");
        Assert.Equal("aaaaaaaaaaaa", b.Previous);
        Assert.Equal("bbbbbbbbbbbb", (await _store.GetActiveAsync("d11"))!.Version);

        _temp.Time.Advance(TimeSpan.FromHours(1));
        await _store.ActivateAsync("d11", "aaaaaaaaaaaa", null, "李主管");
        var active = await _store.GetActiveAsync("d11", Channel.Voice);
        Assert.Equal("aaaaaaaaaaaa", active!.Version);
        Assert.Equal("李主管", active.ActivatedBy);

        var history = await _store.GetActivationHistoryAsync("d11");
        Assert.Equal(["aaaaaaaaaaaa", "bbbbbbbbbbbb", "aaaaaaaaaaaa"], history.Select(h => h.Version));

        await Assert.ThrowsAsync<KeyNotFoundException>(() => _store.ActivateAsync("d11", "ffffffffffff", null, "x"));
    }

    [Fact]
    public async Task A_channel_can_run_its_own_version_until_the_next_script_wide_activation()
    {
        await _store.AddAsync(Version("d11", "aaaaaaaaaaaa"), null);
        await _store.AddAsync(Version("d11", "bbbbbbbbbbbb"), null);
        await _store.ActivateAsync("d11", "aaaaaaaaaaaa", null, "a");
        await _store.ActivateAsync("d11", "bbbbbbbbbbbb", Channel.Wecom, "a");

        Assert.Equal("bbbbbbbbbbbb", (await _store.GetActiveAsync("d11", Channel.Wecom))!.Version);
        Assert.Equal("aaaaaaaaaaaa", (await _store.GetActiveAsync("d11", Channel.Voice))!.Version);
        Assert.Equal("aaaaaaaaaaaa", (await _store.GetActiveAsync("d11"))!.Version);
        Assert.Equal(2, (await _store.GetActivationsAsync("d11")).Count);

        await _store.ActivateAsync("d11", "bbbbbbbbbbbb", null, "a");
        Assert.Single(await _store.GetActivationsAsync("d11"));
        Assert.Equal("bbbbbbbbbbbb", (await _store.GetActiveAsync("d11", Channel.Voice))!.Version);
    }

    [Fact]
    public async Task An_activation_through_another_store_on_the_same_database_is_seen_by_the_next_lookup()
    {
        await _store.AddAsync(Version("d11", "aaaaaaaaaaaa"), null);
        await _store.AddAsync(Version("d11", "bbbbbbbbbbbb"), null);
        Assert.Null(await _store.GetActiveAsync("d11", Channel.Voice));
        await _store.ActivateAsync("d11", "aaaaaaaaaaaa", null, "a");
        // Looked up (and remembered) for both channels before the other store changes them.
        Assert.Equal("aaaaaaaaaaaa", (await _store.GetActiveAsync("d11", Channel.Voice))!.Version);
        Assert.Equal("aaaaaaaaaaaa", (await _store.GetActiveAsync("d11", Channel.Wecom))!.Version);

        var other = new LiteDbScriptVersionStore(_temp.Db, _temp.Time);
        await other.ActivateAsync("d11", "bbbbbbbbbbbb", Channel.Voice, "b");
        Assert.Equal("bbbbbbbbbbbb", (await _store.GetActiveAsync("d11", Channel.Voice))!.Version);
        Assert.Equal("aaaaaaaaaaaa", (await _store.GetActiveAsync("d11", Channel.Wecom))!.Version);
        await other.ActivateAsync("d11", "bbbbbbbbbbbb", null, "b");
        Assert.Equal("bbbbbbbbbbbb", (await _store.GetActiveAsync("d11", Channel.Wecom))!.Version);
    }
}
