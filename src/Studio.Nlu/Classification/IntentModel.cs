using System.Buffers;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Studio.Nlu.Rules;

namespace Studio.Nlu.Classification;

/// <summary>One intent and its calibrated probability.</summary>
public readonly record struct IntentScore(string Intent, double Probability);

/// <summary>Facts about a trained model, kept with it.</summary>
public sealed record ModelInfo(string Key, int Examples, int Features, double TrainMilliseconds, double Temperature, double? HoldoutAccuracy, double? HoldoutNllRaw, double? HoldoutNllCalibrated);

/// <summary>
/// A trained intent classifier: a multiclass maximum-entropy model (ML.NET SDCA) over
/// <see cref="TextFeaturizer"/> features, with a calibration temperature. Saved as bytes — our header,
/// vocabulary and calibration, then the ML.NET model file — and loaded without retraining. Prediction is
/// a sparse dot product over the ML.NET model's weights: thread-safe and allocation-light.
/// </summary>
public sealed class IntentModel
{
    private const string Magic = "SNLU";
    private const int FormatVersion = 1;
    private const int MaxActiveFeatures = 512;

    private readonly string[] _labels;
    private readonly Dictionary<string, int> _vocabulary;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly float[] _weights; // feature-major: _weights[feature * classes + class]
    private readonly float[] _biases;
    private readonly byte[] _mlNetModel;

    internal IntentModel(string[] labels, Dictionary<string, int> vocabulary, ITransformer trained, DataViewSchema inputSchema, MLContext ml, ModelInfo info)
    {
        _labels = labels;
        _vocabulary = vocabulary;
        _lookup = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        using var stream = new MemoryStream();
        ml.Model.Save(trained, inputSchema, stream);
        _mlNetModel = stream.ToArray();
        (_weights, _biases) = ExtractWeights(trained, labels.Length, vocabulary.Count);
        Info = info;
    }

    public IReadOnlyList<string> Labels => _labels;

    public int FeatureCount => _vocabulary.Count;

    public double Temperature => Info.Temperature;

    public ModelInfo Info { get; }

    /// <summary>Calibrated probabilities of every intent, best first.</summary>
    public IntentScore[] Predict(string normalized, RuleAnalysis analysis)
    {
        var logits = Logits(normalized, analysis);
        return Softmax(logits, Temperature);
    }

    /// <summary>Raw (uncalibrated) scores of the linear model, one per label.</summary>
    public double[] Logits(string normalized, RuleAnalysis analysis)
    {
        var classes = _labels.Length;
        var buffer = ArrayPool<int>.Shared.Rent(MaxActiveFeatures);
        var sink = new IndexSink(_lookup, buffer);
        TextFeaturizer.Extract(normalized, analysis, ref sink);
        var active = sink.Indices.AsSpan(0, sink.Count);
        active.Sort();
        var distinct = 0;
        for (var i = 0; i < active.Length; i++)
        {
            if (i == 0 || active[i] != active[i - 1])
            {
                active[distinct++] = active[i];
            }
        }
        var value = distinct == 0 ? 0f : 1f / MathF.Sqrt(distinct);
        var logits = new double[classes];
        for (var c = 0; c < classes; c++)
        {
            logits[c] = _biases[c];
        }
        for (var i = 0; i < distinct; i++)
        {
            var row = sink.Indices[i] * classes;
            for (var c = 0; c < classes; c++)
            {
                logits[c] += _weights[row + c] * value;
            }
        }
        ArrayPool<int>.Shared.Return(buffer);
        return logits;
    }

    internal IntentScore[] Softmax(double[] logits, double temperature)
    {
        var max = double.NegativeInfinity;
        foreach (var z in logits)
        {
            max = Math.Max(max, z);
        }
        var sum = 0.0;
        var probabilities = new double[logits.Length];
        for (var c = 0; c < logits.Length; c++)
        {
            probabilities[c] = Math.Exp((logits[c] - max) / temperature);
            sum += probabilities[c];
        }
        var scores = new IntentScore[logits.Length];
        for (var c = 0; c < logits.Length; c++)
        {
            scores[c] = new IntentScore(_labels[c], probabilities[c] / sum);
        }
        Array.Sort(scores, static (a, b) => b.Probability.CompareTo(a.Probability));
        return scores;
    }

    /// <summary>
    /// The class probabilities ML.NET's own prediction engine computes from the saved model (temperature 1), in
    /// label order: tests check the fast scorer against it.
    /// </summary>
    internal float[] MlNetScores(string normalized, RuleAnalysis analysis)
    {
        var indices = TextFeaturizer.Extract(normalized, analysis).Where(_vocabulary.ContainsKey).Select(f => _vocabulary[f]).Distinct().Order().ToArray();
        var value = indices.Length == 0 ? 0f : 1f / MathF.Sqrt(indices.Length);
        var ml = new MLContext(seed: 0);
        using var stream = new MemoryStream(_mlNetModel, writable: false);
        var trained = ml.Model.Load(stream, out _);
        var definition = SchemaDefinition.Create(typeof(ScoreInput));
        definition[nameof(ScoreInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, _vocabulary.Count);
        var engine = ml.Model.CreatePredictionEngine<ScoreInput, ScoreOutput>(trained, inputSchemaDefinition: definition);
        var input = new ScoreInput { Features = new VBuffer<float>(_vocabulary.Count, indices.Length, [.. indices.Select(_ => value)], indices) };
        return engine.Predict(input).Score;
    }

    internal sealed class ScoreInput
    {
        public VBuffer<float> Features { get; set; }
    }

    internal sealed class ScoreOutput
    {
        public float[] Score { get; set; } = [];
    }

    /// <summary>Feature index of a key, or -1 (tests).</summary>
    internal int FeatureIndex(string feature) => _vocabulary.TryGetValue(feature, out var i) ? i : -1;

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(TextFeaturizer.Version);
            writer.Write(Info.Key);
            writer.Write(Info.Examples);
            writer.Write(Info.TrainMilliseconds);
            writer.Write(Info.Temperature);
            WriteNullable(writer, Info.HoldoutAccuracy);
            WriteNullable(writer, Info.HoldoutNllRaw);
            WriteNullable(writer, Info.HoldoutNllCalibrated);
            writer.Write(_labels.Length);
            foreach (var label in _labels)
            {
                writer.Write(label);
            }
            var features = new string[_vocabulary.Count];
            foreach (var (feature, index) in _vocabulary)
            {
                features[index] = feature;
            }
            writer.Write(features.Length);
            foreach (var feature in features)
            {
                writer.Write(feature);
            }
            writer.Write(_mlNetModel.Length);
            writer.Write(_mlNetModel);
        }
        return stream.ToArray();
    }

    /// <summary>Loads a saved model (no retraining). Throws <see cref="InvalidDataException"/> for bytes of another format.</summary>
    public static IntentModel FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadInt32() != FormatVersion)
            {
                throw new InvalidDataException("not an intent model of this format");
            }
            if (reader.ReadInt32() != TextFeaturizer.Version)
            {
                throw new InvalidDataException("the model was trained with other features");
            }
            var key = reader.ReadString();
            var examples = reader.ReadInt32();
            var trainMs = reader.ReadDouble();
            var temperature = reader.ReadDouble();
            var holdoutAccuracy = ReadNullable(reader);
            var nllRaw = ReadNullable(reader);
            var nllCalibrated = ReadNullable(reader);
            var labels = new string[reader.ReadInt32()];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = reader.ReadString();
            }
            var count = reader.ReadInt32();
            var vocabulary = new Dictionary<string, int>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                vocabulary.Add(reader.ReadString(), i);
            }
            var mlBytes = reader.ReadBytes(reader.ReadInt32());
            var ml = new MLContext(seed: 0);
            using var mlStream = new MemoryStream(mlBytes, writable: false);
            var trained = ml.Model.Load(mlStream, out var schema);
            var info = new ModelInfo(key, examples, count, trainMs, temperature, holdoutAccuracy, nllRaw, nllCalibrated);
            return new IntentModel(labels, vocabulary, trained, schema, ml, info);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("truncated intent model", ex);
        }
    }

    /// <summary>The key a saved model was trained for, without loading it; null for foreign bytes.</summary>
    public static string? ReadKey(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            return reader.ReadString() == Magic && reader.ReadInt32() == FormatVersion && reader.ReadInt32() == TextFeaturizer.Version ? reader.ReadString() : null;
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or FormatException)
        {
            return null;
        }
    }

    private static (float[] Weights, float[] Biases) ExtractWeights(ITransformer trained, int classes, int features)
    {
        var predictor = trained switch
        {
            MulticlassPredictionTransformer<MaximumEntropyModelParameters> t => t.Model,
            TransformerChain<ITransformer> chain when chain.LastTransformer is MulticlassPredictionTransformer<MaximumEntropyModelParameters> t => t.Model,
            _ => throw new InvalidDataException($"unexpected ML.NET model {trained.GetType().Name}"),
        };
        VBuffer<float>[] rows = [];
        predictor.GetWeights(ref rows, out var numClasses);
        if (numClasses != classes)
        {
            throw new InvalidDataException($"model has {numClasses} classes, expected {classes}");
        }
        var weights = new float[features * classes];
        for (var c = 0; c < classes; c++)
        {
            var row = rows[c];
            if (row.IsDense)
            {
                var values = row.GetValues();
                for (var f = 0; f < values.Length && f < features; f++)
                {
                    weights[(f * classes) + c] = values[f];
                }
            }
            else
            {
                var values = row.GetValues();
                var indices = row.GetIndices();
                for (var k = 0; k < values.Length; k++)
                {
                    if (indices[k] < features)
                    {
                        weights[(indices[k] * classes) + c] = values[k];
                    }
                }
            }
        }
        var biases = predictor.GetBiases().ToArray();
        return (weights, biases);
    }

    private static void WriteNullable(BinaryWriter writer, double? value)
    {
        writer.Write(value.HasValue);
        writer.Write(value ?? 0);
    }

    private static double? ReadNullable(BinaryReader reader)
    {
        var has = reader.ReadBoolean();
        var value = reader.ReadDouble();
        return has ? value : null;
    }

    private struct IndexSink(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, int[] indices) : IFeatureSink
    {
        public readonly int[] Indices = indices;
        public int Count;

        public void Add(ReadOnlySpan<char> feature)
        {
            if (Count < Indices.Length && lookup.TryGetValue(feature, out var index))
            {
                Indices[Count++] = index;
            }
        }
    }
}
