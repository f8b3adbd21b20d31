using Studio.Core.Scripts;
using Studio.Data.Scripts;

namespace Studio.Data.Tests.Scripts;

public sealed class ScriptDraftStoreTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly LiteDbScriptDraftStore _store;

    public ScriptDraftStoreTests() => _store = new LiteDbScriptDraftStore(_temp.Db, _temp.Time);

    public void Dispose() => _temp.Dispose();

    private static string Doc(string id, string name, params string[] channels) =>
        $$"""{"formatVersion":1,"id":"{{id}}","name":"{{name}}","channels":[{{string.Join(",", channels.Select(c => "\"" + c + "\""))}}],"nodes":[]}""";

    [Fact]
    public async Task Save_and_get_round_trip_with_who_and_when()
    {
        var doc = Doc("d11", "双11 VIP 通知", "voice");
        var saved = await _store.SaveAsync("d11", doc, 0, "王运营");
        Assert.Equal(1, saved.Revision);

        var loaded = await _store.GetAsync("d11");
        Assert.NotNull(loaded);
        Assert.Equal(doc, loaded.Document);
        Assert.Equal("双11 VIP 通知", loaded.Name);
        Assert.Equal([Channel.Voice], loaded.Channels);
        Assert.Equal(ScriptStatus.Draft, loaded.Status);
        Assert.Equal("王运营", loaded.CreatedBy);
        Assert.Equal("王运营", loaded.UpdatedBy);
        Assert.Equal(_temp.Time.GetUtcNow(), loaded.UpdatedAt);
    }

    [Fact]
    public async Task A_save_based_on_a_stale_revision_is_refused_and_names_who_changed_it()
    {
        await _store.SaveAsync("d11", Doc("d11", "v1"), 0, "李策划");
        _temp.Time.Advance(TimeSpan.FromMinutes(5));
        await _store.SaveAsync("d11", Doc("d11", "v2 by 王"), 1, "王运营");

        // 李策划 still edits revision 1.
        var ex = await Assert.ThrowsAsync<ScriptConflictException>(() => _store.SaveAsync("d11", Doc("d11", "v2 by 李"), 1, "李策划"));
        Assert.Equal(2, ex.CurrentRevision);
        Assert.Equal("王运营", ex.ChangedBy);
        Assert.Contains("王运营", ex.Message);
        Assert.Contains("2025-11-11 09:35:00", ex.Message);
        Assert.EndsWith("reload", ex.Message);

        var stored = await _store.GetAsync("d11");
        Assert.Equal("v2 by 王", stored!.Name);
        Assert.Equal(2, stored.Revision);
    }

    [Fact]
    public async Task Creating_a_script_that_exists_is_refused()
    {
        await _store.SaveAsync("d11", Doc("d11", "first"), 0, "王运营");
        var ex = await Assert.ThrowsAsync<ScriptConflictException>(() => _store.SaveAsync("d11", Doc("d11", "second"), 0, "李策划"));
        Assert.Contains("already exists", ex.Message);
        Assert.Equal("first", (await _store.GetAsync("d11"))!.Name);
    }

    [Fact]
    public async Task Of_concurrent_saves_from_one_revision_exactly_one_wins()
    {
        await _store.SaveAsync("race", Doc("race", "v1"), 0, "a");
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await _store.SaveAsync("race", Doc("race", "writer " + i), 1, "user" + i);
                return true;
            }
            catch (ScriptConflictException)
            {
                return false;
            }
        })));
        Assert.Single(results, r => r);
        Assert.Equal(2, (await _store.GetAsync("race"))!.Revision);
    }

    [Fact]
    public async Task A_broken_draft_is_kept_as_written()
    {
        await _store.SaveAsync("wip", Doc("wip", "在编辑", "wecom"), 0, "王运营");
        await _store.SaveAsync("wip", "{ \"name\": \"半截", 1, "王运营");
        var loaded = await _store.GetAsync("wip");
        Assert.Equal("{ \"name\": \"半截", loaded!.Document);
        Assert.Equal("在编辑", loaded.Name);
        Assert.Equal([Channel.Wecom], loaded.Channels);
    }

    [Fact]
    public async Task List_searches_filters_and_pages()
    {
        await _store.SaveAsync("birthday", Doc("birthday", "生日关怀", "wecom"), 0, "a");
        _temp.Time.Advance(TimeSpan.FromSeconds(1));
        await _store.SaveAsync("d11", Doc("d11", "双11 VIP 通知", "voice"), 0, "a");
        _temp.Time.Advance(TimeSpan.FromSeconds(1));
        await _store.SaveAsync("dormant", Doc("dormant", "沉默唤醒", "voice", "wecom"), 0, "a");
        _temp.Time.Advance(TimeSpan.FromSeconds(1));
        await _store.SaveAsync("old", Doc("old", "旧话术", "voice"), 0, "a");
        await _store.SetStatusAsync("old", ScriptStatus.Archived, null);
        await _store.SetStatusAsync("d11", ScriptStatus.Published, "abc123");

        var all = await _store.ListAsync(new ScriptQuery());
        Assert.Equal(["dormant", "d11", "birthday"], all.Items.Select(d => d.Id));

        Assert.Equal(["dormant", "d11"], (await _store.ListAsync(new ScriptQuery { Channel = Channel.Voice })).Items.Select(d => d.Id));
        Assert.Equal(["birthday"], (await _store.ListAsync(new ScriptQuery { Search = "生日" })).Items.Select(d => d.Id));
        Assert.Equal(["d11"], (await _store.ListAsync(new ScriptQuery { Search = "vip" })).Items.Select(d => d.Id));
        Assert.Equal(["d11"], (await _store.ListAsync(new ScriptQuery { Status = ScriptStatus.Published })).Items.Select(d => d.Id));
        Assert.Equal(["old"], (await _store.ListAsync(new ScriptQuery { Status = ScriptStatus.Archived })).Items.Select(d => d.Id));

        var first = await _store.ListAsync(new ScriptQuery { Take = 2 });
        Assert.Equal(["dormant", "d11"], first.Items.Select(d => d.Id));
        Assert.NotNull(first.Next);
        var second = await _store.ListAsync(new ScriptQuery { Take = 2, After = first.Next });
        Assert.Equal(["birthday"], second.Items.Select(d => d.Id));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task Status_changes_keep_the_revision()
    {
        await _store.SaveAsync("d11", Doc("d11", "x"), 0, "a");
        var changed = await _store.SetStatusAsync("d11", ScriptStatus.Published, "abc");
        Assert.Equal(1, changed!.Revision);
        Assert.Equal("abc", changed.PublishedVersion);
        Assert.Null(await _store.SetStatusAsync("missing", ScriptStatus.Published, null));
    }

    [Fact]
    public async Task Delete_checks_the_revision_when_given()
    {
        await _store.SaveAsync("d11", Doc("d11", "x"), 0, "a");
        await _store.SaveAsync("d11", Doc("d11", "y"), 1, "b");
        await Assert.ThrowsAsync<ScriptConflictException>(() => _store.DeleteAsync("d11", 1));
        Assert.True(await _store.DeleteAsync("d11", 2));
        Assert.Null(await _store.GetAsync("d11"));
        Assert.False(await _store.DeleteAsync("d11"));

        // Saving on top of a deleted script says so.
        var ex = await Assert.ThrowsAsync<ScriptConflictException>(() => _store.SaveAsync("d11", Doc("d11", "z"), 2, "c"));
        Assert.Contains("no longer exists", ex.Message);
    }
}
