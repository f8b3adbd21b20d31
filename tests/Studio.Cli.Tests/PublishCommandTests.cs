using Studio.Data.Storage;
using Studio.Data.Versions;

namespace Studio.Cli.Tests;

public sealed class PublishCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Db => Path.Combine(_dir.Path, "data", "studio.db");

    [Fact]
    public async Task Publish_stores_and_activates_a_version()
    {
        var file = _dir.Write("mini.json", Scripts.Good);
        var run = Cli.Run("publish", file, "--db", Db, "--note", "首发", "--by", "王运营");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Matches(@"^mini version 1 \([0-9a-f]{12}\) published: active for new conversations on all channels$", run.OutLines[^2]);

        using var db = new StudioDatabase(Db);
        var versions = new LiteDbScriptVersionStore(db);
        var version = Assert.Single(await versions.ListAsync("mini"));
        Assert.Equal("首发", version.Note);
        Assert.Equal("王运营", version.PublishedBy);
        Assert.Equal(version.Version, (await versions.GetActiveAsync("mini"))!.Version);
    }

    [Fact]
    public void A_second_publish_adds_a_version_and_versions_rolls_back()
    {
        var file = _dir.Write("mini.json", Scripts.Good);
        Assert.Equal(0, Cli.Run("publish", file, "--db", Db, "--note", "v1").ExitCode);
        _dir.Write("mini.json", Scripts.Good.Replace("30元无门槛券", "40元无门槛券", StringComparison.Ordinal));
        var second = Cli.Run("publish", file, "--db", Db, "--note", "v2", "--channel", "wecom");
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("mini version 2", second.Out);
        Assert.Contains("on wecom", second.Out);

        var list = Cli.Run("versions", "mini", "--db", Db);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("[active: wecom]", list.OutLines.Single(l => l.TrimStart().StartsWith("2 ", StringComparison.Ordinal)));
        Assert.Contains("[active: all]", list.OutLines.Single(l => l.TrimStart().StartsWith("1 ", StringComparison.Ordinal)));

        var rollback = Cli.Run("versions", "mini", "--db", Db, "--activate", "1");
        Assert.Equal(0, rollback.ExitCode);
        Assert.Contains("mini version 1", rollback.OutLines[0]);
        Assert.Contains("active again", rollback.OutLines[0]);
        Assert.DoesNotContain(rollback.OutLines, l => l.Contains("[active: wecom]", StringComparison.Ordinal));

        Assert.Equal(1, Cli.Run("versions", "mini", "--db", Db, "--activate", "9").ExitCode);
    }

    [Fact]
    public async Task A_broken_script_is_refused_with_diagnostics_and_nothing_is_stored()
    {
        var file = _dir.Write("broken.json", Scripts.Good.Replace("\"affirm\": \"framing\"", "\"affirm\": \"framin\"", StringComparison.Ordinal));
        var run = Cli.Run("publish", file, "--db", Db);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.OutLines, l => l.StartsWith(file + ":", StringComparison.Ordinal) && l.Contains("error SS103", StringComparison.Ordinal));
        Assert.Contains("publish refused", run.Error);
        Assert.Contains("nothing was stored", run.Error);

        using var db = new StudioDatabase(Db);
        Assert.Empty(await new LiteDbScriptVersionStore(db).ListAsync("mini"));
    }

    [Fact]
    public void Usage_errors()
    {
        Assert.Equal(2, Cli.Run("publish", Path.Combine(_dir.Path, "missing.json"), "--db", Db).ExitCode);
        var file = _dir.Write("mini.json", Scripts.Good);
        Assert.Equal(2, Cli.Run("publish", file, "--db", _dir.Path).ExitCode);
        Assert.Equal(2, Cli.Run("publish", file, "--db", Db, "--channel", "fax").ExitCode);
        Assert.Equal(2, Cli.Run("versions", "mini", "--db", Path.Combine(_dir.Path, "none.db")).ExitCode);
    }

    [Fact]
    public void A_database_open_elsewhere_is_reported_not_corrupted()
    {
        var file = _dir.Write("mini.json", Scripts.Good);
        using var owner = new StudioDatabase(Db);
        var run = Cli.Run("publish", file, "--db", Db);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("in use", run.Error);
    }
}
