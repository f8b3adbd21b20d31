using System.Diagnostics;
using System.Globalization;
using Studio.Core.Testing.Scripts;
using Studio.Nlu.Classification;
using Studio.Nlu.Corpus;
using Studio.Nlu.Entities;
using Studio.Nlu.Evaluation;
using Studio.Nlu.Normalization;
using Studio.Nlu.Pipeline;
using Studio.Nlu.Rules;

namespace Studio.Bench;

/// <summary>
/// <c>Studio.Bench nlu</c>: the NLU figures docs/benchmarks.md records — latency per utterance of the fast
/// path (normaliser + rules + classifier + entities, and each stage alone), percentiles over many timed calls,
/// and the time to train (cold and warm) and to load a script model with 500 examples.
/// </summary>
public static class NluBench
{
    public static int Run(string[] args)
    {
        var passes = IntOption(args, "--passes", 50);
        var trainings = IntOption(args, "--trainings", 3);
        var root = Path.GetDirectoryName(LibraryPaths.FindLibrary())!;
        var seeds = Path.Combine(root, "seeds", "nlu", "zh-CN");
        var dev = Tsv.Read(Path.Combine(seeds, "dev.tsv"));
        var train8 = Tsv.Read(Path.Combine(seeds, "train-8.tsv"));
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores · {Environment.OSVersion} · .NET {Environment.Version} · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · load average {LoadAverage()}");

        // 1. training a script with 500 examples
        var script500 = FiveHundredExamples(LibraryPaths.FindLibrary(), train8, dev);
        var classes = SystemCorpus.ZhCn.Concat(script500).Select(e => e.Intent).Distinct().Count();
        Console.WriteLine($"training set: system corpus {SystemCorpus.ZhCn.Count} + script {script500.Count} examples, {classes} intents");
        var rules = Evaluator.ScriptRulesOf(script500);
        var times = new List<double>();
        var cpu = new List<double>();
        ScriptNlu? trained = null;
        var process = Process.GetCurrentProcess();
        for (var i = 0; i <= trainings; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            trained = ScriptNlu.Create(script500, rules, [], new InMemoryModelStore());
            times.Add(clock.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"train 500-example script: cold {times[0]:0} ms (first in process, includes JIT) · warm median {Median(times.Skip(1)):0} ms, max {times.Skip(1).Max():0} ms over {trainings} (CPU time median {Median(cpu.Skip(1)):0} ms: two fits in parallel) · temperature {trained!.Model.Temperature:0.00} · {trained.Model.FeatureCount} features"));
        var bytes = trained.Model.ToBytes();
        var load = Stopwatch.StartNew();
        var loaded = IntentModel.FromBytes(bytes);
        var loadMs = load.Elapsed.TotalMilliseconds;
        load.Restart();
        IntentModel.FromBytes(bytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model bytes {bytes.Length / 1024.0:0} KiB · load {loadMs:0} ms cold, {load.Elapsed.TotalMilliseconds:0} ms warm · labels {loaded.Labels.Count}"));

        // 2. latency per utterance on the dev set (system corpus + train-8 model), many passes
        var nlu = ScriptNlu.Create(train8, Evaluator.ScriptRulesOf(train8), [], new InMemoryModelStore());
        var pipeline = new NluPipeline();
        var texts = dev.Select(e => e.Text).ToArray();
        var normalizer = TextNormalizer.Default;
        var normalized = texts.Select(normalizer.Normalize).ToArray();
        var analyses = normalized.Select(n => RuleRecognizer.Analyze(n, nlu.Rules)).ToArray();
        var extractor = new EntityExtractor();
        for (var w = 0; w < 3; w++)
        {
            foreach (var text in texts)
            {
                pipeline.Recognize(nlu, text);
            }
        }
        Report("pipeline (normalise + rules + classifier + entities)", Time(texts.Length, passes, i => pipeline.Recognize(nlu, texts[i])));
        Report("  normaliser", Time(texts.Length, passes, i => normalizer.Normalize(texts[i])));
        Report("  rules (analyse + decide)", Time(texts.Length, passes, i => RuleRecognizer.Decide(RuleRecognizer.Analyze(normalized[i], nlu.Rules), nlu.Rules)));
        Report("  classifier (features + scores)", Time(texts.Length, passes, i => nlu.Model.Predict(normalized[i], analyses[i])));
        Report("  entities", Time(texts.Length, passes, i => extractor.Extract(normalized[i])));
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var text in texts)
        {
            pipeline.Recognize(nlu, text);
        }
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)texts.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocated per recognition: {allocated / 1024:0.0} KiB · GC gen0/1/2 so far {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
        Console.WriteLine($"accuracy on dev (same model): {Evaluator.Score(pipeline, nlu, dev, nlu.Model.Info.TrainMilliseconds).Accuracy:P1} · load average {LoadAverage()}");
        return 0;
    }

    /// <summary>
    /// A script with 500 examples: every example of the library's script intents, train-8.tsv, then dev
    /// utterances until 500 (the bench times training; accuracy is measured elsewhere).
    /// </summary>
    private static List<LabeledExample> FiveHundredExamples(string library, IReadOnlyList<LabeledExample> train8, IReadOnlyList<LabeledExample> dev)
    {
        var examples = new List<LabeledExample>();
        foreach (var path in Directory.EnumerateFiles(library, "*.json").Order(StringComparer.Ordinal))
        {
            if (ScriptFile.Load(path).Script is { } script)
            {
                examples.AddRange(script.Intents.SelectMany(i => i.Examples.Select(e => new LabeledExample(i.Name, e))));
            }
        }
        examples.AddRange(train8);
        examples.AddRange(dev.Take(Math.Max(0, 500 - examples.Count)));
        return examples.Take(500).ToList();
    }

    private static double[] Time(int count, int passes, Action<int> action)
    {
        var samples = new double[count * passes];
        var k = 0;
        for (var p = 0; p < passes; p++)
        {
            for (var i = 0; i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                action(i);
                samples[k++] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }
        Array.Sort(samples);
        return samples;
    }

    private static void Report(string name, double[] sorted) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-54} n={sorted.Length,6}  mean {sorted.Average(),6:0.0} µs  p50 {Evaluator.Percentile(sorted, 0.5),6:0.0} µs  p99 {Evaluator.Percentile(sorted, 0.99),7:0.0} µs  p99.9 {Evaluator.Percentile(sorted, 0.999),7:0.0} µs  max {sorted[^1],8:0.0} µs"));

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
