using Studio.Core.Dialogs;
using Studio.Core.Recognition;
using Studio.Nlu.Normalization;

namespace Studio.Nlu.Rules;

/// <summary>
/// The rules of one script version, normalised and indexed: the built-in system rules, the script intents'
/// keywords (keyword rules) and examples (phrase rules). Immutable; built once per version.
/// </summary>
public sealed class RuleSet
{
    private readonly Dictionary<char, IntentRule[]> _keywordsByFirstChar;
    private readonly Dictionary<string, IntentRule[]> _phrases;

    private RuleSet(IReadOnlyList<IntentRule> rules, IReadOnlyList<string> neutral)
    {
        Rules = rules;
        _keywordsByFirstChar = rules.Where(r => r.Kind == RuleKind.Keyword)
            .GroupBy(r => r.Text[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Text.Length).ToArray());
        _phrases = rules.Where(r => r.Kind == RuleKind.Phrase)
            .GroupBy(r => r.Text, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Priority).ToArray(), StringComparer.Ordinal);
        Patterns = [.. rules.Where(r => r.Kind == RuleKind.Pattern)];
        NeutralPhrases = neutral;
        Lexicon = [.. rules.Where(r => r.Kind == RuleKind.Keyword).Select(r => r.Text).Distinct(StringComparer.Ordinal)];
    }

    public IReadOnlyList<IntentRule> Rules { get; }

    public IReadOnlyList<IntentRule> Patterns { get; }

    public IReadOnlyList<string> NeutralPhrases { get; }

    /// <summary>Every keyword text: the classifier uses them as word-like features.</summary>
    public IReadOnlyList<string> Lexicon { get; }

    /// <summary>The system rules alone (no script).</summary>
    public static RuleSet System { get; } = Create([], TextNormalizer.Default);

    public static RuleSet ForScript(CompiledScript script, TextNormalizer? normalizer = null) =>
        Create(ScriptRules(script), normalizer ?? TextNormalizer.Default);

    /// <summary>System rules plus the given extra rules, every text normalised like member text.</summary>
    public static RuleSet Create(IEnumerable<IntentRule> extra, TextNormalizer normalizer)
    {
        var seen = new HashSet<(string, RuleKind, string)>();
        var rules = new List<IntentRule>();
        foreach (var rule in SystemRules.All.Concat(extra))
        {
            var normalized = rule;
            if (rule.Kind != RuleKind.Pattern)
            {
                var text = normalizer.Normalize(rule.Text);
                // keywords never span clauses; phrases compare with the clause breaks removed
                text = text.Replace(" ", "", StringComparison.Ordinal);
                if (text.Length == 0)
                {
                    continue;
                }
                normalized = rule with { Text = text, Polite = rule.Polite || SystemRules.PoliteWords.Contains(text) };
            }
            if (seen.Add((normalized.Intent, normalized.Kind, normalized.Text)))
            {
                rules.Add(normalized);
            }
        }
        return new RuleSet(rules, SystemRules.NeutralPhrases);
    }

    /// <summary>The script's own rules: each intent's keywords and its examples as exact phrases.</summary>
    public static IEnumerable<IntentRule> ScriptRules(CompiledScript script)
    {
        foreach (var intent in script.Script.Intents)
        {
            if (string.IsNullOrWhiteSpace(intent.Name))
            {
                continue;
            }
            var priority = SystemIntents.IsSystem(intent.Name) ? SystemRules.PriorityOf(intent.Name) : SystemRules.ScriptPriority;
            foreach (var keyword in intent.Keywords.Where(k => !string.IsNullOrWhiteSpace(k)))
            {
                yield return new IntentRule(intent.Name, RuleKind.Keyword, keyword, priority, RuleSource.Script);
            }
            foreach (var example in intent.Examples.Where(e => !string.IsNullOrWhiteSpace(e)))
            {
                yield return new IntentRule(intent.Name, RuleKind.Phrase, example, priority, RuleSource.Script);
            }
        }
    }

    internal bool TryGetPhrase(string text, out IntentRule[] rules) => _phrases.TryGetValue(text, out rules!);

    internal IntentRule[]? KeywordsStartingWith(char c) => _keywordsByFirstChar.TryGetValue(c, out var rules) ? rules : null;
}
