using System.Text.RegularExpressions;

namespace Studio.Cli.Tests;

public sealed class LintCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_directory_with_a_good_and_broken_scripts_prints_located_errors_and_exits_1()
    {
        _dir.Write("good.json", Scripts.Good);
        _dir.Write("sub/broken.json", Scripts.UnknownKind);
        _dir.Write("sub/deeper/oops.json", Scripts.Malformed);

        var run = Cli.Run("lint", _dir.Path);

        Assert.Equal(1, run.ExitCode);
        var broken = Path.Join(_dir.Path, "sub", "broken.json");
        Assert.Contains(run.OutLines, l => l.StartsWith($"{broken}:6: error SS003 node 'n2' at $.nodes[1].kind: ", StringComparison.Ordinal));
        var oops = Path.Join(_dir.Path, "sub", "deeper", "oops.json");
        Assert.Contains(run.OutLines, l => l.StartsWith($"{oops}:4: error SS001 at $: malformed JSON", StringComparison.Ordinal));
        Assert.DoesNotContain(run.OutLines, l => l.StartsWith(Path.Join(_dir.Path, "good.json"), StringComparison.Ordinal) && l.Contains(": error ", StringComparison.Ordinal));
        Assert.Matches(new Regex(@"^3 scripts: 2 errors, \d+ warnings?$"), run.OutLines[^1]);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void Paths_are_printed_relative_to_the_directory_as_given()
    {
        _dir.Write("scripts/sub/broken.json", Scripts.UnknownKind);
        var previous = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = _dir.Path;
            var run = Cli.Run("lint", "scripts");
            Assert.StartsWith("scripts/sub/broken.json:6: error SS003 ", run.OutLines[0], StringComparison.Ordinal);

            Environment.CurrentDirectory = Path.Join(_dir.Path, "scripts");
            run = Cli.Run("lint", ".");
            Assert.StartsWith("sub/broken.json:6: error SS003 ", run.OutLines[0], StringComparison.Ordinal);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    [Fact]
    public void A_good_script_exits_0_with_a_summary_and_no_errors()
    {
        var file = _dir.Write("good.json", Scripts.Good);

        var run = Cli.Run("lint", file);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(run.OutLines, l => l.Contains(": error ", StringComparison.Ordinal));
        Assert.Matches(new Regex(@"^1 script: 0 errors, \d+ warnings?$"), run.OutLines[^1]);
    }

    [Fact]
    public void Schemas_and_build_or_package_folders_are_skipped()
    {
        _dir.Write("good.json", Scripts.Good);
        _dir.Write("script.schema.json", "{ \"type\": \"object\" }");
        _dir.Write("node_modules/pkg/package.json", "{}");
        _dir.Write("bin/Debug/x.json", "{}");
        _dir.Write("obj/project.assets.json", "{}");

        var run = Cli.Run("lint", _dir.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("1 script: 0 errors", run.OutLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Other_json_documents_are_reported_not_skipped()
    {
        _dir.Write("good.json", Scripts.Good);
        _dir.Write("settings.json", "{ \"logging\": true }");

        var run = Cli.Run("lint", _dir.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.OutLines, l => l.StartsWith(Path.Join(_dir.Path, "settings.json") + ":1: error SS002 at $: 'formatVersion' is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_path_is_a_usage_error_with_one_line_on_stderr()
    {
        var run = Cli.Run("lint", Path.Join(_dir.Path, "nope"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Equal([$"studio: file or directory not found: {Path.Join(_dir.Path, "nope")}"], run.ErrorLines);
    }

    [Fact]
    public void A_directory_without_scripts_is_a_usage_error()
    {
        _dir.Write("readme.md", "# nothing here");

        var run = Cli.Run("lint", _dir.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains("no script files", run.Error, StringComparison.Ordinal);
    }
}
