namespace Studio.Cli.Tests;

public sealed class TestCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string PassingStories = """
        stories:
          - name: 同意加微
            member: { id: m-1, surname: 张, title: 女士 }
            arms: { coupon-size: A }
            steps:
              - bot: 请问是张女士吗
                node: greet
              - user: 是我
                intent: affirm
                node: ask_add
              - user: 好的
                actions: [wecom_add]
                outcome: wecom_add_consent
                grade: A
          - name: 挂断
            steps:
              - hangup: true
                outcome: hangup
        """;

    private const string FailingStories = """
        script: ../mini.json
        stories:
          - name: 期望错误
            steps:
              - user: 是我
                intent: deny
        """;

    [Fact]
    public void Prints_one_line_per_story_and_the_closing_count()
    {
        _dir.Write("mini.json", Scripts.Good);
        _dir.Write("mini.stories.yaml", PassingStories);

        var run = Cli.Run("test", _dir.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["PASS mini › 同意加微", "PASS mini › 挂断", "2 passed, 0 failed"], run.OutLines);
    }

    [Fact]
    public void Stories_run_with_the_nlu_pipeline_by_default_and_the_keyword_baseline_on_request()
    {
        _dir.Write("mini.json", Scripts.Good);
        _dir.Write("mini.stories.yaml", PassingStories);
        _dir.Write("wrong.stories.yaml", FailingStories.Replace("script: ../mini.json", "script: mini.json", StringComparison.Ordinal));

        var nlu = Cli.Run("test", _dir.Path);
        Assert.Contains(nlu.OutLines, l => l.Contains("(rule)", StringComparison.Ordinal) || l.Contains("(ml)", StringComparison.Ordinal));

        var keyword = Cli.Run("test", _dir.Path, "--recognizer", "keyword");
        Assert.Contains(keyword.OutLines, l => l.Contains("(keyword)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_failing_story_is_explained_indented_and_exits_1()
    {
        _dir.Write("mini.json", Scripts.Good);
        _dir.Write("mini.stories.yaml", PassingStories);
        _dir.Write("more/wrong.stories.yaml", FailingStories);

        var run = Cli.Run("test", _dir.Path);

        Assert.Equal(1, run.ExitCode);
        var lines = run.OutLines;
        var fail = Array.FindIndex(lines, l => l.StartsWith("FAIL ", StringComparison.Ordinal));
        Assert.Equal($"FAIL {Path.Join("more", "wrong")} › 期望错误", lines[fail]);
        Assert.StartsWith("    ", lines[fail + 1], StringComparison.Ordinal);
        Assert.Contains("deny", string.Join("\n", lines.Skip(fail + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal))), StringComparison.Ordinal);
        Assert.Equal("2 passed, 1 failed", lines[^1]);
    }

    [Fact]
    public void A_directory_without_story_files_is_a_usage_error()
    {
        _dir.Write("mini.json", Scripts.Good);

        var run = Cli.Run("test", _dir.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no story files", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_directory_is_a_usage_error()
    {
        var run = Cli.Run("test", Path.Join(_dir.Path, "nope"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"studio: directory not found: {Path.Join(_dir.Path, "nope")}"], run.ErrorLines);
    }
}
