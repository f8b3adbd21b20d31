using System.Text.Json;
using Studio.Core.Recognition;
using Studio.Nlu.Corpus;
using Studio.Nlu.Evaluation;

namespace Studio.Nlu.Tests.Evaluation;

public class EvaluatorTests
{
    /// <summary>
    /// Measured on seeds/nlu/zh-CN/dev.tsv with the system corpus + train-8.tsv (docs/benchmarks.md). The test
    /// allows a small margin for retraining noise, never below the 90 % target.
    /// </summary>
    private const double MeasuredDevAccuracy = 0.984;

    private const double Margin = 0.015;

    private static readonly Lazy<EvaluationReport> DevReport = new(() =>
        Evaluator.Score(TestNlu.Pipeline, TestNlu.Train8, Tsv.Read(RepoPaths.Dev), TestNlu.Train8.Model.Info.TrainMilliseconds));

    [Fact]
    public void Dev_accuracy_does_not_regress()
    {
        var report = DevReport.Value;
        Assert.True(report.Accuracy >= 0.90, $"accuracy {report.Accuracy:P1} below the 90 % target\n{report.ToText()}");
        Assert.True(report.Accuracy >= MeasuredDevAccuracy - Margin, $"accuracy {report.Accuracy:P1} regressed from {MeasuredDevAccuracy:P1}\n{report.ToText()}");
        Assert.True(report.MacroF1 >= 0.90, $"macro-F1 {report.MacroF1:0.000}");
    }

    [Fact]
    public void Every_system_intent_is_recalled_on_dev()
    {
        var report = DevReport.Value;
        Assert.All(report.PerIntent.Where(m => m.Support > 0), m => Assert.True(m.Recall >= 0.8, $"{m.Intent} recall {m.Recall:0.00}"));
    }

    [Fact]
    public void Metrics_are_computed_from_the_confusion_matrix()
    {
        var test = new[]
        {
            new LabeledExample(SystemIntents.Busy, "我在开车"),
            new LabeledExample(SystemIntents.Busy, "在开会呢"),
            new LabeledExample(SystemIntents.Deny, "不需要"),
            new LabeledExample(SystemIntents.Deny, "我在开会"), // mislabelled on purpose: predicted busy
        };
        var report = Evaluator.Score(TestNlu.Pipeline, TestNlu.System, test, 0);
        Assert.Equal(0.75, report.Accuracy, 6);
        var busy = report.PerIntent.Single(m => m.Intent == SystemIntents.Busy);
        var deny = report.PerIntent.Single(m => m.Intent == SystemIntents.Deny);
        Assert.Equal((2, 3, 2), (busy.Support, busy.Predicted, busy.Correct));
        Assert.Equal(2.0 / 3, busy.Precision, 6);
        Assert.Equal(1.0, busy.Recall, 6);
        Assert.Equal((1.0, 0.5), (deny.Precision, deny.Recall));
        Assert.Equal((busy.F1 + deny.F1) / 2, report.MacroF1, 6);
        var b = report.Labels.ToList().IndexOf(SystemIntents.Busy);
        var d = report.Labels.ToList().IndexOf(SystemIntents.Deny);
        Assert.Equal(1, report.Confusion[d][b]);
        Assert.Equal(2, report.Confusion[b][b]);
        var error = Assert.Single(report.Errors);
        Assert.Equal(("我在开会", SystemIntents.Deny, SystemIntents.Busy), (error.Text, error.Expected, error.Predicted));
        Assert.True(report.LatencyP99Microseconds >= report.LatencyP50Microseconds);
    }

    [Fact]
    public void The_report_reads_as_text_and_as_json()
    {
        var report = DevReport.Value;
        var text = report.ToText();
        Assert.Contains("accuracy", text, StringComparison.Ordinal);
        Assert.Contains("macro-F1", text, StringComparison.Ordinal);
        Assert.Contains("p99", text, StringComparison.Ordinal);
        Assert.Contains("confusion matrix", text, StringComparison.Ordinal);
        Assert.Contains("ask_how_got_number", text, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(report.Accuracy, json.RootElement.GetProperty("accuracy").GetDouble(), 9);
        Assert.Equal(report.Labels.Count, json.RootElement.GetProperty("confusion").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("latencyP99Microseconds").GetDouble() > 0);
        Assert.Equal(SystemIntents.All.Count, json.RootElement.GetProperty("perIntent").GetArrayLength());
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0.5, 5)]
    [InlineData(new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0.99, 10)]
    [InlineData(new[] { 7.0 }, 0.5, 7)]
    public void Percentiles_use_the_nearest_rank(double[] sorted, double p, double expected) => Assert.Equal(expected, Evaluator.Percentile(sorted, p));
}
