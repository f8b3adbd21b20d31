using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Studio.Core.Recognition;
using Studio.Nlu.Corpus;
using Studio.Nlu.Pipeline;

namespace Studio.Nlu.Evaluation;

public sealed record IntentMetrics(string Intent, int Support, int Predicted, int Correct, double Precision, double Recall, double F1);

public sealed record DeciderMetrics(string DecidedBy, int Count, int Correct, double Accuracy, double MeanConfidence);

public sealed record Misclassification(string Text, string Expected, string Predicted, double Confidence, string DecidedBy, string? Explanation);

/// <summary>One confidence bin of the calibration table: how sure the pipeline was, and how often it was right.</summary>
public sealed record CalibrationBin(double From, double To, int Count, double MeanConfidence, double Accuracy);

/// <summary>Everything an evaluation measured. <see cref="ToText"/> is the report people read; <see cref="ToJson"/> the same for machines.</summary>
public sealed record EvaluationReport
{
    public required int Utterances { get; init; }
    public required int TrainExamples { get; init; }
    public required double Accuracy { get; init; }
    public required double MacroF1 { get; init; }
    public required IReadOnlyList<IntentMetrics> PerIntent { get; init; }
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Confusion[expected][predicted] counts, in <see cref="Labels"/> order.</summary>
    public required int[][] Confusion { get; init; }

    public required IReadOnlyList<DeciderMetrics> ByDecider { get; init; }

    /// <summary>Expected calibration error over 10 equal-width confidence bins (0 = perfectly calibrated).</summary>
    public required double ExpectedCalibrationError { get; init; }

    public required IReadOnlyList<CalibrationBin> Calibration { get; init; }

    /// <summary>Latency of normaliser + rules + classifier + entities per utterance, in microseconds.</summary>
    public required double LatencyP50Microseconds { get; init; }
    public required double LatencyP99Microseconds { get; init; }
    public required double LatencyMaxMicroseconds { get; init; }

    /// <summary>Time to train (or load) the model, in milliseconds.</summary>
    public required double TrainMilliseconds { get; init; }

    public required double Temperature { get; init; }

    public required IReadOnlyList<Misclassification> Errors { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToText(int maxErrors = 30)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"utterances {Utterances} · train examples {TrainExamples} (system corpus + train file) · trained in {TrainMilliseconds:0} ms · temperature {Temperature:0.00}");
        sb.AppendLine(c, $"accuracy   {Accuracy:P1}   macro-F1 {MacroF1:0.000}   calibration error (ECE) {ExpectedCalibrationError:0.000}");
        sb.AppendLine(c, $"latency    p50 {LatencyP50Microseconds:0} µs   p99 {LatencyP99Microseconds:0} µs   max {LatencyMaxMicroseconds:0} µs   (normalise + rules + classifier + entities)");
        sb.AppendLine();
        sb.AppendLine("decided by   count  correct  accuracy  mean confidence");
        foreach (var d in ByDecider)
        {
            sb.AppendLine(c, $"{d.DecidedBy,-10} {d.Count,7} {d.Correct,8} {d.Accuracy,9:P1} {d.MeanConfidence,16:0.00}");
        }
        sb.AppendLine();
        sb.AppendLine("intent               support  precision  recall    F1");
        foreach (var m in PerIntent)
        {
            sb.AppendLine(c, $"{m.Intent,-20} {m.Support,7} {m.Precision,10:0.000} {m.Recall,7:0.000} {m.F1,6:0.000}");
        }
        sb.AppendLine();
        sb.AppendLine("confusion matrix (rows: expected, columns: predicted)");
        var abbreviations = Labels.Select((l, i) => $"{i + 1,3}").ToList();
        sb.Append(' ', 24).AppendLine(string.Join(" ", abbreviations));
        for (var i = 0; i < Labels.Count; i++)
        {
            sb.Append(c, $"{i + 1,2} {Labels[i],-20} ");
            sb.AppendLine(string.Join(" ", Confusion[i].Select(n => n == 0 ? "  ." : $"{n,3}")));
        }
        sb.AppendLine();
        sb.AppendLine("calibration: confidence bin → accuracy");
        foreach (var bin in Calibration.Where(b => b.Count > 0))
        {
            sb.AppendLine(c, $"  {bin.From:0.0}–{bin.To:0.0}  n={bin.Count,4}  mean confidence {bin.MeanConfidence:0.00}  accuracy {bin.Accuracy:0.00}");
        }
        if (Errors.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine(c, $"errors ({Errors.Count}{(Errors.Count > maxErrors ? $", first {maxErrors}" : "")})");
            foreach (var e in Errors.Take(maxErrors))
            {
                sb.AppendLine(c, $"  {e.Text}  expected {e.Expected}, got {e.Predicted} {e.Confidence:0.00} by {e.DecidedBy}");
            }
        }
        return sb.ToString();
    }
}

/// <summary>Scores the pipeline on labelled utterances: accuracy, macro-F1, per-intent precision / recall, confusion, calibration and latency.</summary>
public static class Evaluator
{
    /// <summary>Trains on the system corpus plus <paramref name="train"/> (as a script's intents would be) and scores <paramref name="test"/>.</summary>
    public static EvaluationReport Run(IReadOnlyList<LabeledExample> train, IReadOnlyList<LabeledExample> test, NluOptions? options = null, IModelStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        options ??= NluOptions.Default;
        store ??= new InMemoryModelStore();
        var clock = Stopwatch.StartNew();
        var nlu = ScriptNlu.Create(train, ScriptRulesOf(train), [], store, options);
        var trainMs = nlu.LoadedFromStore ? clock.Elapsed.TotalMilliseconds : nlu.Model.Info.TrainMilliseconds;
        return Score(new NluPipeline(options, store: store), nlu, test, trainMs);
    }

    /// <summary>A train file's examples as the phrase rules a script's examples become.</summary>
    public static IReadOnlyList<Rules.IntentRule> ScriptRulesOf(IReadOnlyList<LabeledExample> train) =>
        [.. train.Select(e => new Rules.IntentRule(e.Intent, Rules.RuleKind.Phrase, e.Text,
            SystemIntents.IsSystem(e.Intent) ? Rules.SystemRules.PriorityOf(e.Intent) : Rules.SystemRules.ScriptPriority, Rules.RuleSource.Script))];

    public static EvaluationReport Score(NluPipeline pipeline, ScriptNlu nlu, IReadOnlyList<LabeledExample> test, double trainMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(nlu);
        ArgumentNullException.ThrowIfNull(test);
        if (test.Count == 0)
        {
            throw new ArgumentException("the test set is empty", nameof(test));
        }
        // warm up (JIT, caches) so latencies measure the steady state
        foreach (var example in test.Take(50))
        {
            pipeline.Recognize(nlu, example.Text);
        }
        var results = new List<(LabeledExample Example, IntentResult Result, double Micros)>(test.Count);
        foreach (var example in test)
        {
            var start = Stopwatch.GetTimestamp();
            var result = pipeline.Recognize(nlu, example.Text);
            var micros = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            results.Add((example, result, micros));
        }

        var labels = test.Select(e => e.Intent).Concat(results.Select(r => r.Result.Intent)).Distinct(StringComparer.Ordinal)
            .OrderBy(l => SystemIntents.IsSystem(l) ? 0 : 1).ThenBy(l => l == SystemIntents.OutOfScope ? 1 : 0).ThenBy(l => l, StringComparer.Ordinal).ToList();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var confusion = labels.Select(_ => new int[labels.Count]).ToArray();
        foreach (var (example, result, _) in results)
        {
            confusion[index[example.Intent]][index[result.Intent]]++;
        }
        var perIntent = new List<IntentMetrics>();
        foreach (var label in labels)
        {
            var i = index[label];
            var support = confusion[i].Sum();
            var predicted = confusion.Sum(row => row[i]);
            var correct = confusion[i][i];
            var precision = predicted == 0 ? 0 : (double)correct / predicted;
            var recall = support == 0 ? 0 : (double)correct / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (support > 0 || predicted > 0)
            {
                perIntent.Add(new IntentMetrics(label, support, predicted, correct, precision, recall, f1));
            }
        }
        var withSupport = perIntent.Where(m => m.Support > 0).ToList();
        var accuracy = results.Count(r => r.Result.Intent == r.Example.Intent) / (double)results.Count;
        var byDecider = results.GroupBy(r => r.Result.DecidedBy, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DeciderMetrics(g.Key, g.Count(), g.Count(r => r.Result.Intent == r.Example.Intent),
                g.Count(r => r.Result.Intent == r.Example.Intent) / (double)g.Count(), g.Average(r => r.Result.Confidence)))
            .ToList();
        var bins = Enumerable.Range(0, 10).Select(b =>
        {
            var from = b / 10.0;
            var to = (b + 1) / 10.0;
            var inBin = results.Where(r => r.Result.Confidence >= from && (r.Result.Confidence < to || (b == 9 && r.Result.Confidence <= 1))).ToList();
            return new CalibrationBin(from, to, inBin.Count,
                inBin.Count == 0 ? 0 : inBin.Average(r => r.Result.Confidence),
                inBin.Count == 0 ? 0 : inBin.Count(r => r.Result.Intent == r.Example.Intent) / (double)inBin.Count);
        }).ToList();
        var ece = bins.Sum(b => b.Count * Math.Abs(b.MeanConfidence - b.Accuracy)) / results.Count;
        var latencies = results.Select(r => r.Micros).Order().ToArray();
        return new EvaluationReport
        {
            Utterances = results.Count,
            TrainExamples = nlu.Model.Info.Examples,
            Accuracy = accuracy,
            MacroF1 = withSupport.Count == 0 ? 0 : withSupport.Average(m => m.F1),
            PerIntent = perIntent,
            Labels = labels,
            Confusion = confusion,
            ByDecider = byDecider,
            ExpectedCalibrationError = ece,
            Calibration = bins,
            LatencyP50Microseconds = Percentile(latencies, 0.50),
            LatencyP99Microseconds = Percentile(latencies, 0.99),
            LatencyMaxMicroseconds = latencies[^1],
            TrainMilliseconds = trainMilliseconds,
            Temperature = nlu.Model.Temperature,
            Errors = [.. results.Where(r => r.Result.Intent != r.Example.Intent)
                .Select(r => new Misclassification(r.Example.Text, r.Example.Intent, r.Result.Intent, r.Result.Confidence, r.Result.DecidedBy, r.Result.Explanation))],
        };
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
