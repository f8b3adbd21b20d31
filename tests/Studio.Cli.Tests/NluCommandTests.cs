using System.Text.Json;

namespace Studio.Cli.Tests;

public sealed class NluCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Train = "affirm\t好的没问题\ndeny\t不用了谢谢\nbusy\t我在开车\n";
    private const string Test = "affirm\t行啊没问题\ndeny\t真不需要\nbusy\t在开会呢\nask_is_robot\t你是机器人吧\nout_of_scope\t今天天气怎么样\n";

    [Fact]
    public void Eval_prints_accuracy_f1_per_intent_metrics_confusion_and_latency_and_writes_json()
    {
        var train = _dir.Write("train.tsv", Train);
        var test = _dir.Write("test.tsv", Test);
        var json = Path.Combine(_dir.Path, "out", "report.json");

        var run = Cli.Run("nlu", "eval", "--train", train, "--test", test, "--json", json);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains(run.OutLines, l => l.StartsWith("accuracy", StringComparison.Ordinal) && l.Contains("macro-F1", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.StartsWith("latency", StringComparison.Ordinal) && l.Contains("p99", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.StartsWith("ask_is_robot", StringComparison.Ordinal));
        Assert.Contains("confusion matrix", run.Out, StringComparison.Ordinal);
        Assert.Contains($"report written to {json}", run.OutLines);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(5, report.RootElement.GetProperty("utterances").GetInt32());
        Assert.InRange(report.RootElement.GetProperty("accuracy").GetDouble(), 0.8, 1.0);
    }

    [Fact]
    public void Eval_needs_both_files()
    {
        var run = Cli.Run("nlu", "eval", "--test", _dir.Write("test.tsv", Test));
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("studio:", run.Error, StringComparison.Ordinal);
        Assert.Contains("--train", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_line_fails_with_its_file_and_line()
    {
        var bad = _dir.Write("bad.tsv", "affirm\t好的\nno tab here\n");
        var run = Cli.Run("nlu", "eval", "--train", bad, "--test", _dir.Write("test.tsv", Test));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("bad.tsv:2:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_usage_error()
    {
        var run = Cli.Run("nlu", "eval", "--train", Path.Combine(_dir.Path, "nope.tsv"), "--test", _dir.Write("test.tsv", Test));
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void Chat_shows_the_decider_and_entities_and_can_use_the_keyword_baseline()
    {
        var script = _dir.Write("mini.json", Scripts.Good);
        var nlu = Cli.RunWithInput("好的呀\n", "chat", script, "--arm", "A");
        Assert.Contains(nlu.OutLines, l => l.Contains("intent affirm", StringComparison.Ordinal) && l.Contains("by rule", StringComparison.Ordinal));

        var keyword = Cli.RunWithInput("好的\n", "chat", script, "--arm", "A", "--recognizer", "keyword");
        Assert.Contains(keyword.OutLines, l => l.Contains("intent affirm", StringComparison.Ordinal) && l.Contains("by keyword", StringComparison.Ordinal));

        var invalid = Cli.RunWithInput("", "chat", script, "--recognizer", "gpt");
        Assert.Equal(2, invalid.ExitCode);
    }

    [Fact]
    public void Chat_lists_entities_with_phone_numbers_masked()
    {
        var script = _dir.Write("mini.json", Scripts.Good);
        var run = Cli.RunWithInput("我的号码13812345678\n", "chat", script);
        Assert.Contains(run.OutLines, l => l.Contains("entities", StringComparison.Ordinal) && l.Contains("phone=138****5678", StringComparison.Ordinal));
        // the echoed input line shows what the member typed; nothing the recogniser produced carries the number
        Assert.DoesNotContain(run.OutLines.Where(l => !l.StartsWith("you> ", StringComparison.Ordinal)), l => l.Contains("12345678", StringComparison.Ordinal));
    }
}
