using Studio.Core.Recognition;
using Studio.Nlu.Classification;
using Studio.Nlu.Corpus;
using Studio.Nlu.Normalization;
using Studio.Nlu.Rules;

namespace Studio.Nlu.Tests.Classification;

public class IntentModelTests
{
    private static readonly string[] Probes = ["我在开车呢", "你们是哪家公司", "多少钱啊", "今天天气不错", "不需要了谢谢", "你说啥我没听清"];

    private static (string Normalized, RuleAnalysis Analysis) Prepare(string text, RuleSet rules)
    {
        var normalized = TextNormalizer.Default.Normalize(text);
        return (normalized, RuleRecognizer.Analyze(normalized, rules));
    }

    [Fact]
    public void The_fast_scorer_agrees_with_ml_nets_prediction_engine()
    {
        var model = TestNlu.System.Model;
        foreach (var probe in Probes)
        {
            var (normalized, analysis) = Prepare(probe, TestNlu.System.Rules);
            var mlNet = model.MlNetScores(normalized, analysis);
            var ours = model.Softmax(model.Logits(normalized, analysis), 1.0).ToDictionary(s => s.Intent, s => s.Probability);
            for (var c = 0; c < model.Labels.Count; c++)
            {
                Assert.Equal(mlNet[c], ours[model.Labels[c]], 3);
            }
        }
    }

    [Fact]
    public void A_saved_model_loads_and_predicts_the_same_without_retraining()
    {
        var model = TestNlu.System.Model;
        var loaded = IntentModel.FromBytes(model.ToBytes());
        Assert.Equal(model.Info, loaded.Info);
        Assert.Equal(model.Labels, loaded.Labels);
        foreach (var probe in Probes)
        {
            var (normalized, analysis) = Prepare(probe, TestNlu.System.Rules);
            var before = model.Predict(normalized, analysis);
            var after = loaded.Predict(normalized, analysis);
            Assert.Equal(before.Select(s => s.Intent), after.Select(s => s.Intent));
            Assert.Equal(before[0].Probability, after[0].Probability, 6);
        }
    }

    [Fact]
    public void Predictions_are_probabilities_best_first()
    {
        var (normalized, analysis) = Prepare("我在开车呢", TestNlu.System.Rules);
        var scores = TestNlu.System.Model.Predict(normalized, analysis);
        Assert.Equal(SystemIntents.All.Count, scores.Length);
        Assert.Equal(1.0, scores.Sum(s => s.Probability), 6);
        Assert.Equal(scores.OrderByDescending(s => s.Probability).Select(s => s.Intent), scores.Select(s => s.Intent));
        Assert.Equal(SystemIntents.Busy, scores[0].Intent);
    }

    [Fact]
    public void Calibration_lowers_the_held_out_negative_log_likelihood()
    {
        var info = TestNlu.System.Model.Info;
        Assert.NotNull(info.HoldoutNllRaw);
        Assert.True(info.HoldoutNllCalibrated <= info.HoldoutNllRaw, $"{info.HoldoutNllCalibrated} > {info.HoldoutNllRaw}");
        Assert.InRange(info.Temperature, 0.05, 20);
    }

    [Fact]
    public void The_temperature_fit_recovers_a_known_temperature()
    {
        var random = new Random(3);
        const double trueTemperature = 2.5;
        var samples = new List<(double[] Logits, int Label)>();
        for (var i = 0; i < 4000; i++)
        {
            var logits = Enumerable.Range(0, 5).Select(_ => random.NextDouble() * 8).ToArray();
            // draw the label from softmax(logits / T)
            var weights = logits.Select(z => Math.Exp(z / trueTemperature)).ToArray();
            var u = random.NextDouble() * weights.Sum();
            var label = 0;
            for (var acc = weights[0]; acc < u; acc += weights[++label])
            {
            }
            samples.Add((logits, label));
        }
        Assert.Equal(trueTemperature, IntentModelTrainer.FitTemperature(samples), 0.3);
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        var examples = SystemCorpus.ZhCn.Where(e => e.Intent is SystemIntents.Busy or SystemIntents.Deny or SystemIntents.AskPrice).ToList();
        var a = IntentModelTrainer.Train(examples, RuleSet.System, "k");
        var b = IntentModelTrainer.Train(examples, RuleSet.System, "k");
        var (normalized, analysis) = Prepare("多少钱啊", RuleSet.System);
        Assert.Equal(a.Logits(normalized, analysis), b.Logits(normalized, analysis));
        Assert.Equal(a.Temperature, b.Temperature);
    }

    [Fact]
    public void Foreign_bytes_are_refused()
    {
        Assert.Throws<InvalidDataException>(() => IntentModel.FromBytes([1, 2, 3, 4]));
        Assert.Null(IntentModel.ReadKey([1, 2, 3]));
        Assert.Equal(TestNlu.System.Key, IntentModel.ReadKey(TestNlu.System.Model.ToBytes()));
    }

    [Fact]
    public void Features_are_char_ngrams_with_clause_markers_plus_lexicon_words()
    {
        var (normalized, analysis) = Prepare("不太需要，谢谢", RuleSet.System);
        var features = TextFeaturizer.Extract(normalized, analysis);
        Assert.Contains("c^不", features);
        Assert.Contains("c需要$", features);
        Assert.Contains("c不太需", features);
        Assert.Contains("c谢", features);
        Assert.Contains("n不太需要", features); // the negated word is its own feature
        Assert.DoesNotContain("c^", features);
    }
}
