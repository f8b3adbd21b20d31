using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Studio.Nlu.Corpus;
using Studio.Nlu.Normalization;
using Studio.Nlu.Rules;

namespace Studio.Nlu.Classification;

/// <summary>How a model is trained.</summary>
public sealed record TrainingOptions
{
    public static TrainingOptions Default { get; } = new();

    public int Seed { get; init; } = 1;

    /// <summary>Fit the calibration temperature on a stratified held-out share of the examples (then train on all).</summary>
    public bool Calibrate { get; init; } = true;

    public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>SDCA passes over the data; null lets ML.NET decide.</summary>
    public int? MaximumIterations { get; init; }

    public float? L2Regularization { get; init; }

    /// <summary>
    /// The pipeline lets rules at or above this confidence decide; the classifier only sees the rest. The
    /// temperature is fitted on held-out examples the rules would not decide, so the classifier's confidence
    /// is calibrated on the utterances it actually decides (all held-out examples if there are too few).
    /// </summary>
    public double RuleDecisiveConfidence { get; init; } = 0.7;
}

/// <summary>
/// Trains an <see cref="IntentModel"/>: normalise, featurise, ML.NET SDCA maximum entropy (multiclass logistic
/// regression), then temperature scaling — one scalar T fitted by minimising the negative log-likelihood of
/// held-out examples, so that a confidence of 0.8 is right about 80 % of the time.
/// </summary>
public static class IntentModelTrainer
{
    public static IntentModel Train(IReadOnlyList<LabeledExample> examples, RuleSet rules, string key, TextNormalizer? normalizer = null, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(rules);
        normalizer ??= TextNormalizer.Default;
        options ??= TrainingOptions.Default;
        var clock = Stopwatch.StartNew();

        var prepared = new List<(int Label, List<string> Features, bool RuleDecides)>(examples.Count);
        var labels = examples.Select(e => e.Intent).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (labels.Length < 2)
        {
            throw new ArgumentException("training needs examples of at least two intents", nameof(examples));
        }
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var example in examples)
        {
            var normalized = normalizer.Normalize(example.Text);
            if (normalized.Length == 0)
            {
                continue;
            }
            var analysis = RuleRecognizer.Analyze(normalized, rules);
            var features = TextFeaturizer.Extract(normalized, analysis);
            foreach (var feature in features)
            {
                vocabulary.TryAdd(feature, vocabulary.Count);
            }
            var ruleDecides = RuleRecognizer.Decide(analysis, rules).Confidence >= options.RuleDecisiveConfidence;
            prepared.Add((labelIndex[example.Intent], features, ruleDecides));
        }
        var rows = prepared.Select(p => new Row { Label = labels[p.Label], Features = Vectorize(p.Features, vocabulary), RuleDecides = p.RuleDecides }).ToList();

        var ml = new MLContext(seed: options.Seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Math.Max(1, vocabulary.Count));

        // The calibration probe (trained without the held-out share) and the final model (all examples) are
        // independent: they train at the same time, each in its own MLContext with the same seed.
        var split = options.Calibrate ? Split(rows, labels.Length, options) : null;
        var probeTask = split is { } s
            ? Task.Run(() => Fit(new MLContext(seed: options.Seed), s.Train, schema, labels, options))
            : null;
        var model = Fit(ml, rows, schema, labels, options);

        var temperature = 1.0;
        double? holdoutAccuracy = null, nllRaw = null, nllCalibrated = null;
        if (probeTask is not null && split is { } held)
        {
            var probe = probeTask.GetAwaiter().GetResult();
            var (weights, biases) = Weights(probe, labels.Length, vocabulary.Count);
            var residue = held.Holdout.Where(r => !r.RuleDecides).ToList();
            var calibration = residue.Count >= MinimumResidue ? residue : held.Holdout;
            var logits = calibration.Select(r => (Logits(r.Features, weights, biases, labels.Length), labelIndex[r.Label])).ToList();
            holdoutAccuracy = logits.Count(x => ArgMax(x.Item1) == x.Item2) / (double)logits.Count;
            nllRaw = NegativeLogLikelihood(logits, 1.0);
            temperature = FitTemperature(logits);
            nllCalibrated = NegativeLogLikelihood(logits, temperature);
        }

        var inputSchema = ml.Data.LoadFromEnumerable(rows.Take(1), schema).Schema;
        var info = new ModelInfo(key, rows.Count, vocabulary.Count, clock.Elapsed.TotalMilliseconds, temperature, holdoutAccuracy, nllRaw, nllCalibrated);
        return new IntentModel(labels, vocabulary, model, inputSchema, ml, info);
    }

    /// <summary>Trains the maximum-entropy model; class i of the result is labels[i] (the key order is given explicitly).</summary>
    private static ITransformer Fit(MLContext ml, List<Row> rows, SchemaDefinition schema, string[] labels, TrainingOptions options)
    {
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var keys = ml.Transforms.Conversion.MapValueToKey(KeyColumn, nameof(Row.Label), keyData: ml.Data.LoadFromEnumerable(labels.Select(l => new LabelRow { Value = l })))
            .Fit(data);
        var keyed = ml.Data.Cache(keys.Transform(data));
        var trainer = ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = KeyColumn,
            FeatureColumnName = nameof(Row.Features),
            MaximumNumberOfIterations = options.MaximumIterations,
            L2Regularization = options.L2Regularization,
            NumberOfThreads = 1, // deterministic for a seed
        });
        return trainer.Fit(keyed);
    }

    private static VBuffer<float> Vectorize(List<string> features, Dictionary<string, int> vocabulary)
    {
        var indices = features.Select(f => vocabulary[f]).Distinct().Order().ToArray();
        var value = indices.Length == 0 ? 0f : 1f / MathF.Sqrt(indices.Length);
        return new VBuffer<float>(Math.Max(1, vocabulary.Count), indices.Length, [.. indices.Select(_ => value)], indices);
    }

    /// <summary>A stratified split: about <see cref="TrainingOptions.HoldoutFraction"/> of each intent with at least 3 examples.</summary>
    private static (List<Row> Train, List<Row> Holdout)? Split(List<Row> rows, int classes, TrainingOptions options)
    {
        var random = new Random(options.Seed);
        var train = new List<Row>();
        var holdout = new List<Row>();
        foreach (var group in rows.GroupBy(r => r.Label))
        {
            var items = group.ToList();
            for (var i = items.Count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
            var take = items.Count >= 3 ? Math.Max(1, (int)Math.Round(items.Count * options.HoldoutFraction)) : 0;
            holdout.AddRange(items.Take(take));
            train.AddRange(items.Skip(take));
        }
        var trainClasses = train.Select(r => r.Label).Distinct().Count();
        return holdout.Count >= 10 && trainClasses == classes ? (train, holdout) : null;
    }

    private static (float[] Weights, float[] Biases) Weights(ITransformer trained, int classes, int features)
    {
        var predictor = ((MulticlassPredictionTransformer<MaximumEntropyModelParameters>)trained).Model;
        VBuffer<float>[] rows = [];
        predictor.GetWeights(ref rows, out _);
        var weights = new float[classes * features];
        for (var c = 0; c < classes; c++)
        {
            var row = rows[c];
            var values = row.GetValues();
            if (row.IsDense)
            {
                values.CopyTo(weights.AsSpan(c * features, Math.Min(values.Length, features)));
            }
            else
            {
                var indices = row.GetIndices();
                for (var k = 0; k < values.Length; k++)
                {
                    weights[(c * features) + indices[k]] = values[k];
                }
            }
        }
        return (weights, predictor.GetBiases().ToArray());
    }

    private static double[] Logits(VBuffer<float> x, float[] weights, float[] biases, int classes)
    {
        var features = weights.Length / classes;
        var logits = new double[classes];
        var values = x.GetValues();
        var indices = x.GetIndices();
        for (var c = 0; c < classes; c++)
        {
            double z = biases[c];
            for (var k = 0; k < values.Length; k++)
            {
                z += weights[(c * features) + indices[k]] * values[k];
            }
            logits[c] = z;
        }
        return logits;
    }

    private static int ArgMax(double[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }

    internal static double NegativeLogLikelihood(IReadOnlyList<(double[] Logits, int Label)> samples, double temperature)
    {
        var total = 0.0;
        foreach (var (logits, label) in samples)
        {
            var max = logits.Max() / temperature;
            var sum = 0.0;
            foreach (var z in logits)
            {
                sum += Math.Exp((z / temperature) - max);
            }
            total -= (logits[label] / temperature) - max - Math.Log(sum);
        }
        return total / samples.Count;
    }

    /// <summary>Golden-section search of the inverse temperature (the NLL is convex in it).</summary>
    internal static double FitTemperature(IReadOnlyList<(double[] Logits, int Label)> samples)
    {
        double lo = 0.05, hi = 50;
        var phi = (Math.Sqrt(5) - 1) / 2;
        var a = hi - (phi * (hi - lo));
        var b = lo + (phi * (hi - lo));
        var fa = NegativeLogLikelihood(samples, 1 / a);
        var fb = NegativeLogLikelihood(samples, 1 / b);
        for (var i = 0; i < 60; i++)
        {
            if (fa < fb)
            {
                hi = b;
                b = a;
                fb = fa;
                a = hi - (phi * (hi - lo));
                fa = NegativeLogLikelihood(samples, 1 / a);
            }
            else
            {
                lo = a;
                a = b;
                fa = fb;
                b = lo + (phi * (hi - lo));
                fb = NegativeLogLikelihood(samples, 1 / b);
            }
        }
        return 1 / ((lo + hi) / 2);
    }

    private const string KeyColumn = "LabelKey";
    private const int MinimumResidue = 30;

    private sealed class LabelRow
    {
        public string Value { get; set; } = "";
    }

    private sealed class Row
    {
        public string Label { get; set; } = "";

        public VBuffer<float> Features { get; set; }

        [NoColumn]
        public bool RuleDecides { get; set; }
    }
}
