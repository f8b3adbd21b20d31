using System.Security.Cryptography;
using System.Text;
using Studio.Core.Dialogs;
using Studio.Core.Recognition;
using Studio.Nlu.Classification;
using Studio.Nlu.Corpus;
using Studio.Nlu.Llm;
using Studio.Nlu.Normalization;
using Studio.Nlu.Rules;

namespace Studio.Nlu.Pipeline;

/// <summary>
/// Everything the pipeline derives from one script version: its rules, its trained classifier (system corpus
/// plus the script intents' examples) and the intent descriptions an LLM is given. Built once per version
/// (cached on the <see cref="CompiledScript"/>); the model comes from the <see cref="IModelStore"/> when it
/// was trained before, so a published version is never retrained.
/// </summary>
public sealed class ScriptNlu
{
    private ScriptNlu(RuleSet rules, IntentModel model, IReadOnlyList<IntentDescription> intents, bool loaded)
    {
        Rules = rules;
        Model = model;
        Intents = intents;
        LoadedFromStore = loaded;
    }

    public RuleSet Rules { get; }

    public IntentModel Model { get; }

    /// <summary>The intents the script can recognise, described for the LLM.</summary>
    public IReadOnlyList<IntentDescription> Intents { get; }

    public string Key => Model.Info.Key;

    /// <summary>True when the model was loaded from the store rather than trained now.</summary>
    public bool LoadedFromStore { get; }

    public static ScriptNlu ForScript(CompiledScript script, IModelStore store, NluOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        var examples = script.Script.Intents
            .SelectMany(i => i.Examples.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => new LabeledExample(i.Name, e)))
            .ToList();
        var descriptions = script.Script.Intents
            .Where(i => !string.IsNullOrWhiteSpace(i.Name))
            .Select(i => new IntentDescription(i.Name, i.Label, i.Description, i.Examples))
            .ToList();
        return Create(examples, RuleSet.ScriptRules(script).ToList(), descriptions, store, options);
    }

    /// <summary>
    /// The NLU for extra examples (a script's intents, or an evaluation's train file) on top of the system
    /// corpus (or <paramref name="baseCorpus"/>, for cross-validation). <paramref name="extraRules"/> are the
    /// script's keyword and phrase rules.
    /// </summary>
    public static ScriptNlu Create(IReadOnlyList<LabeledExample> extraExamples, IReadOnlyList<IntentRule> extraRules, IReadOnlyList<IntentDescription> extraIntents, IModelStore store, NluOptions? options = null, IReadOnlyList<LabeledExample>? baseCorpus = null)
    {
        ArgumentNullException.ThrowIfNull(extraExamples);
        ArgumentNullException.ThrowIfNull(store);
        options ??= NluOptions.Default;
        var training = options.Training with { RuleDecisiveConfidence = options.RuleDecisiveConfidence };
        var rules = RuleSet.Create(extraRules, TextNormalizer.Default);
        var examples = (baseCorpus ?? SystemCorpus.ZhCn).Concat(extraExamples).ToList();
        var key = KeyOf(examples, rules, training);

        IntentModel? model = null;
        var loaded = false;
        if (store.Load(key) is { } bytes)
        {
            try
            {
                model = IntentModel.FromBytes(bytes);
                loaded = model.Info.Key == key;
            }
            catch (InvalidDataException)
            {
                model = null; // saved by another version of the product: retrain
            }
            if (!loaded)
            {
                model = null;
            }
        }
        if (model is null)
        {
            model = IntentModelTrainer.Train(examples, rules, key, TextNormalizer.Default, training);
            store.Save(key, model.ToBytes());
        }
        return new ScriptNlu(rules, model, Describe(extraIntents), loaded);
    }

    /// <summary>Trains (or loads) the model of a script version and returns its bytes: what publishing stores.</summary>
    public static byte[] TrainForPublish(CompiledScript script, NluOptions? options = null)
    {
        var store = new InMemoryModelStore();
        var nlu = ForScript(script, store, options);
        return store.Load(nlu.Key) ?? nlu.Model.ToBytes();
    }

    /// <summary>
    /// A hash of everything that determines the model: the examples, the rule lexicon (its words are
    /// features), the features' version and the training options.
    /// </summary>
    public static string KeyOf(IReadOnlyList<LabeledExample> examples, RuleSet rules, TrainingOptions training)
    {
        var sb = new StringBuilder();
        sb.Append("features=").Append(TextFeaturizer.Version).Append('\n').Append(training).Append('\n');
        foreach (var example in examples)
        {
            sb.Append(example.Intent).Append('\t').Append(example.Text).Append('\n');
        }
        foreach (var rule in rules.Rules)
        {
            sb.Append(rule.Intent).Append('\t').Append(rule.Kind).Append('\t').Append(rule.Text).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())).AsSpan(0, 12));
    }

    private static List<IntentDescription> Describe(IReadOnlyList<IntentDescription> extra)
    {
        var byName = extra.GroupBy(i => i.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var list = new List<IntentDescription>();
        foreach (var intent in SystemIntents.All)
        {
            if (byName.Remove(intent, out var own))
            {
                list.Add(own);
                continue;
            }
            var examples = SystemCorpus.ZhCn.Where(e => e.Intent == intent).Take(4).Select(e => e.Text).ToList();
            list.Add(new IntentDescription(intent, SystemIntents.Labels[intent], SystemIntents.Labels[intent], examples));
        }
        list.AddRange(extra.Where(i => !SystemIntents.IsSystem(i.Name)).DistinctBy(i => i.Name, StringComparer.Ordinal));
        return list;
    }
}
