using Studio.Data.Scripts;

namespace Studio.Data.Tests.Scripts;

public sealed class ScriptStoryStoreTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Stories_survive_a_restart_and_each_save_bumps_the_revision()
    {
        var store = new LiteDbScriptStoryStore(_temp.Db, _temp.Time);
        Assert.Null(await store.GetAsync("d11"));

        var first = await store.SaveAsync("d11", "stories:\n  - name: 用例 1\n", 0, "王运营");
        var second = await store.SaveAsync("d11", "stories:\n  - name: 用例 2\n", first.Revision, "王运营");
        Assert.Equal(1, first.Revision);
        Assert.Equal(2, second.Revision);

        var reopened = new LiteDbScriptStoryStore(_temp.Reopen(), _temp.Time);
        var loaded = await reopened.GetAsync("d11");
        Assert.NotNull(loaded);
        Assert.Contains("用例 2", loaded.Yaml, StringComparison.Ordinal);
        Assert.Equal(2, loaded.Revision);
        Assert.Equal("王运营", loaded.UpdatedBy);
    }

    [Fact]
    public async Task A_save_on_a_stale_revision_is_refused_and_keeps_the_stored_stories()
    {
        var store = new LiteDbScriptStoryStore(_temp.Db, _temp.Time);
        await store.SaveAsync("d11", "stories: []\n", 0, "李策划");
        await store.SaveAsync("d11", "stories:\n  - name: 王的用例\n", 1, "王运营");

        var ex = await Assert.ThrowsAsync<ScriptConflictException>(() => store.SaveAsync("d11", "stories:\n  - name: 李的用例\n", 1, "李策划"));
        Assert.Equal(2, ex.CurrentRevision);
        Assert.Equal("王运营", ex.ChangedBy);
        Assert.Contains("王的用例", (await store.GetAsync("d11"))!.Yaml, StringComparison.Ordinal);
    }
}
