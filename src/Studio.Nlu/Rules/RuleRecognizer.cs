using System.Globalization;
using System.Text;
using Studio.Core.Recognition;

namespace Studio.Nlu.Rules;

/// <summary>One rule found in the utterance, after negation handling (a negated 需要 counts for deny).</summary>
public sealed record RuleMatch(IntentRule Rule, int Start, int Length, string Intent)
{
    /// <summary>How the match was reinterpreted: negated, double negation.</summary>
    public string? Note { get; init; }

    public int End => Start + Length;

    public int Priority => Intent == Rule.Intent ? Rule.Priority : SystemRules.PriorityOf(Intent);
}

/// <summary>Every rule found in an utterance, after negation and overlap resolution, with notes on what was reinterpreted.</summary>
public sealed record RuleAnalysis(string Text, string Compact, IReadOnlyList<RuleMatch> Matches, IReadOnlyList<string> Notes);

/// <summary>The rule recogniser's verdict: the deciding match, how sure, and every match that survived.</summary>
public sealed record RuleOutcome(string? Intent, double Confidence, RuleMatch? Decisive, IReadOnlyList<RuleMatch> Matches, string Explanation)
{
    public static readonly RuleOutcome None = new(null, 0, null, [], "no rule matched");

    /// <summary>Other intents the rules found, best first (for alternatives and the classifier's prior).</summary>
    public IReadOnlyList<IntentCandidate> Candidates { get; init; } = [];
}

/// <summary>
/// Keywords, phrases and regular expressions per intent, aware of negation (不需要 is not 需要, 不是不要 is a
/// yes, 要不要钱 is a question), ordered by priority then specificity, and explainable: the outcome names the
/// rule that decided. Pure and thread-safe.
/// </summary>
public static class RuleRecognizer
{
    public const double PhraseConfidence = 0.97;

    /// <summary>Intents within this many priority points of the best are "close": an expected one is preferred.</summary>
    public const int ClosePriority = 10;

    public static RuleOutcome Recognize(string normalized, RuleSet rules, IReadOnlyList<string>? expected = null) =>
        Decide(Analyze(normalized, rules), rules, expected);

    /// <summary>
    /// Finds every keyword and pattern in the utterance and resolves neutral phrases, A-not-A questions,
    /// negation, double negation and overlaps. Phrases are not consulted (see <see cref="Decide"/>).
    /// </summary>
    public static RuleAnalysis Analyze(string normalized, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        ArgumentNullException.ThrowIfNull(rules);
        var notes = new List<string>();
        if (normalized.Length == 0)
        {
            return new RuleAnalysis(normalized, "", [], notes);
        }
        var masked = MaskNeutral(normalized, rules.NeutralPhrases);
        var questions = QuestionSpans(normalized);
        var found = Collect(normalized, rules);
        var matches = Filter(normalized, found, masked, questions, notes);
        matches.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        return new RuleAnalysis(normalized, normalized.Replace(" ", "", StringComparison.Ordinal), matches, notes);
    }

    /// <summary>Decides from an analysis: an exact phrase first, else the best keyword or pattern by priority and specificity.</summary>
    public static RuleOutcome Decide(RuleAnalysis analysis, RuleSet rules, IReadOnlyList<string>? expected = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(rules);
        expected ??= [];
        var compact = analysis.Compact;
        var text = analysis.Text;
        if (compact.Length == 0)
        {
            return RuleOutcome.None;
        }

        // a doubled one-character answer (中中, 是是) is the answer said with emphasis
        if (rules.TryGetPhrase(compact, out var phrases)
            || (compact.Length == 2 && compact[0] == compact[1] && rules.TryGetPhrase(compact[..1], out phrases)))
        {
            var phrase = phrases.FirstOrDefault(r => Contains(expected, r.Intent)) ?? phrases[0];
            var match = new RuleMatch(phrase, 0, text.Length, phrase.Intent);
            return new RuleOutcome(phrase.Intent, PhraseConfidence, match, [match], $"rule: {phrase.Describe()}")
            {
                Candidates = [.. phrases.Select(r => r.Intent).Distinct().Select(i => new IntentCandidate(i, i == phrase.Intent ? PhraseConfidence : 0.5))],
            };
        }

        var notes = new List<string>(analysis.Notes);
        var matches = new List<RuleMatch>(analysis.Matches);
        if (matches.Count == 0)
        {
            return RuleOutcome.None with { Explanation = notes.Count > 0 ? "no rule matched (" + string.Join("; ", notes) + ")" : "no rule matched" };
        }

        var all = Rank(matches, compact.Length, text);

        // Courtesy words (好的, 谢谢) decide only when nothing else was said.
        if (matches.Any(m => !m.Rule.Polite))
        {
            var impolite = matches.Where(m => !m.Rule.Polite).Select(m => m.Intent).ToHashSet(StringComparer.Ordinal);
            matches.RemoveAll(m => m.Rule.Polite && !impolite.Contains(m.Intent));
        }

        var ranked = Rank(matches, compact.Length, text);
        var chosen = ranked[0];
        if (expected.Count > 0 && !Contains(expected, chosen.Intent))
        {
            // The question cannot act on the best intent (the engine would not understand the member), so an
            // intent it expects wins: a close one first, else any the member's words also carried (好啊,我周末过去
            // answers "will you come?" with yes even though 周末 is another question's keyword).
            var alternative = ranked.Skip(1).FirstOrDefault(x => Contains(expected, x.Intent) && chosen.Best.Priority - x.Best.Priority <= ClosePriority && !x.Best.Rule.Polite);
            if (alternative.Intent is null)
            {
                alternative = all.FirstOrDefault(x => Contains(expected, x.Intent));
            }
            if (alternative.Intent is not null)
            {
                notes.Add($"preferred expected '{alternative.Intent}' over '{chosen.Intent}'");
                ranked.Remove(alternative);
                ranked.Insert(0, alternative);
                chosen = alternative;
            }
        }

        // Another intent contests the decision when it was said with a real word (not a courtesy or a lone
        // character) and is not far below in priority: an opt-out is not contested by a stray 要.
        var contested = ranked.Any(r => r.Intent != chosen.Intent && r.Best.Length >= 2 && !r.Best.Rule.Polite
            && chosen.Best.Priority - r.Best.Priority < 20);
        var confidence = Confidence(chosen.Best, chosen.Covered, contested);
        var explanation = new StringBuilder("rule: ").Append(chosen.Best.Rule.Describe());
        if (chosen.Best.Note is { } note)
        {
            explanation.Append(" (").Append(note).Append(')');
        }
        explanation.Append(CultureInfo.InvariantCulture, $", coverage {chosen.Covered:0.00}");
        if (ranked.Count > 1)
        {
            explanation.Append("; also ").Append(string.Join(", ", ranked.Where(r => r.Intent != chosen.Intent).Select(r => $"{r.Intent} '{r.Best.Rule.Text}'")));
        }
        if (notes.Count > 0)
        {
            explanation.Append("; ").Append(string.Join("; ", notes));
        }
        return new RuleOutcome(chosen.Intent, confidence, chosen.Best, matches, explanation.ToString())
        {
            Candidates = [.. ranked.Select(r => new IntentCandidate(r.Intent, r.Intent == chosen.Intent ? confidence : Confidence(r.Best, r.Covered, true) * 0.8))],
        };
    }

    private static List<(string Intent, RuleMatch Best, double Covered)> Rank(List<RuleMatch> matches, int compactLength, string text) =>
        [.. matches.GroupBy(m => m.Intent, StringComparer.Ordinal)
            .Select(g => (Intent: g.Key, Best: g.OrderByDescending(m => m.Priority).ThenByDescending(m => m.Length).First(), Covered: Coverage(g, compactLength, text)))
            .OrderByDescending(x => x.Best.Priority).ThenByDescending(x => x.Best.Length).ThenByDescending(x => x.Covered).ThenByDescending(x => x.Best.Start)];

    /// <summary>
    /// Heuristic confidence of a keyword decision: how much of the utterance the intent's rules cover, raised
    /// for the high-priority intents (their words are unambiguous) and lowered when other intents matched too
    /// or the decision rests on one character. The evaluation reports how often rule decisions are right.
    /// </summary>
    private static double Confidence(RuleMatch best, double coverage, bool contested)
    {
        var confidence = 0.6 + (0.35 * coverage);
        if (best.Priority >= SystemRules.AskIdentityPriority && best.Length >= 2)
        {
            confidence = Math.Max(confidence, 0.9);
        }
        if (best.Length == 1 && coverage < 0.5)
        {
            confidence = Math.Min(confidence, 0.6);
        }
        if (best.Note is not null)
        {
            confidence -= 0.05;
        }
        if (contested)
        {
            confidence -= 0.1;
        }
        return Math.Clamp(confidence, 0.3, 0.95);
    }

    private static double Coverage(IEnumerable<RuleMatch> matches, int compactLength, string text)
    {
        var covered = new bool[text.Length];
        foreach (var m in matches)
        {
            for (var i = m.Start; i < m.End && i < covered.Length; i++)
            {
                covered[i] = true;
            }
        }
        var count = 0;
        for (var i = 0; i < covered.Length; i++)
        {
            if (covered[i] && text[i] != ' ')
            {
                count++;
            }
        }
        return compactLength == 0 ? 0 : (double)count / compactLength;
    }

    private static List<RuleMatch> Collect(string text, RuleSet rules)
    {
        var found = new List<RuleMatch>();
        for (var i = 0; i < text.Length; i++)
        {
            var candidates = rules.KeywordsStartingWith(text[i]);
            if (candidates is null)
            {
                continue;
            }
            foreach (var rule in candidates)
            {
                if (i + rule.Text.Length <= text.Length && string.CompareOrdinal(text, i, rule.Text, 0, rule.Text.Length) == 0)
                {
                    found.Add(new RuleMatch(rule, i, rule.Text.Length, rule.Intent));
                }
            }
        }
        foreach (var rule in rules.Patterns)
        {
            for (var m = rule.Regex!.Match(text); m.Success; m = m.NextMatch())
            {
                if (m.Length > 0)
                {
                    found.Add(new RuleMatch(rule, m.Index, m.Length, rule.Intent));
                }
            }
        }
        return found;
    }

    private static List<RuleMatch> Filter(string text, List<RuleMatch> found, bool[] masked, List<(int Start, int End, int Not)> questions, List<string> notes)
    {
        // 1. words inside a neutral phrase (不好意思, 对不起) and the negations of A-not-A questions (要不要)
        var kept = new List<RuleMatch>(found.Count);
        foreach (var m in found)
        {
            if (Inside(masked, m.Start, m.End))
            {
                continue;
            }
            var question = questions.FirstOrDefault(q => (m.Start == q.Not && m.Rule.Negative) || (m.Start >= q.Start && m.End <= q.End && m.Length < q.End - q.Start));
            if (question != default)
            {
                notes.Add($"'{text[question.Start..question.End]}' is a question, not a negation");
                continue;
            }
            kept.Add(m);
        }

        // 2. double negation (不是不要) and negated positives (不太需要, 没想领)
        for (var i = 0; i < kept.Count; i++)
        {
            var m = kept[i];
            if (m.Rule.Negative && m.Intent == SystemIntents.Deny && DoubleNegator(text, m.Start, masked) is { } prefix)
            {
                kept[i] = m with { Start = m.Start - prefix.Length, Length = m.Length + prefix.Length, Intent = SystemIntents.Affirm, Note = $"double negation '{prefix}{m.Rule.Text}'" };
                notes.Add($"double negation '{prefix}{m.Rule.Text}' is a yes");
                continue;
            }
            if (!m.Rule.Negative && IsNegatable(m.Intent) && Negator(text, m.Start, masked) is { } negator)
            {
                var phrase = text[negator..m.End];
                if (m.Intent == SystemIntents.Affirm)
                {
                    kept[i] = m with { Start = negator, Length = m.End - negator, Intent = SystemIntents.Deny, Note = $"negated '{phrase}'" };
                }
                else
                {
                    kept[i] = m with { Length = 0, Note = $"negated '{phrase}'" };
                    notes.Add($"'{phrase}' negates {m.Intent}");
                }
            }
        }
        kept.RemoveAll(m => m.Length == 0);

        // 3. a match inside a longer match of another intent does not count (需要 inside 不需要, 是我 inside 不是我)
        kept.Sort((a, b) => b.Length != a.Length ? b.Length.CompareTo(a.Length) : a.Start.CompareTo(b.Start));
        var result = new List<RuleMatch>(kept.Count);
        foreach (var m in kept)
        {
            var covered = false;
            foreach (var longer in result)
            {
                if (longer.Start <= m.Start && longer.End >= m.End && (longer.Length > m.Length || longer.Intent == m.Intent))
                {
                    covered = true;
                    break;
                }
            }
            if (!covered)
            {
                result.Add(m);
            }
        }
        return result;
    }

    /// <summary>Intents a preceding 不 / 没 turns around: a negated yes is a no; a negated script intent or state is dropped.</summary>
    private static bool IsNegatable(string intent) =>
        intent is SystemIntents.Affirm or SystemIntents.AlreadyDone or SystemIntents.Busy || !SystemIntents.IsSystem(intent);

    /// <summary>Start of a negator right before the match (不需要 is its own keyword; this catches 不太需要, 没想领, 不在忙).</summary>
    private static int? Negator(string text, int start, bool[] masked)
    {
        if (start > 0 && IsNegator(text, start - 1, masked))
        {
            return start - 1;
        }
        foreach (var gap in SystemRules.NegationGaps)
        {
            var g = start - gap.Length;
            if (g > 0 && string.CompareOrdinal(text, g, gap, 0, gap.Length) == 0 && IsNegator(text, g - 1, masked))
            {
                return g - 1;
            }
        }
        return null;
    }

    private static bool IsNegator(string text, int i, bool[] masked) =>
        !masked[i] && SystemRules.Negators.Contains(text[i], StringComparison.Ordinal)
        && !(i + 1 < text.Length && i > 0 && text[i - 1] == text[i + 1]); // 要不要: a question, not a negation

    private static string? DoubleNegator(string text, int start, bool[] masked)
    {
        foreach (var prefix in SystemRules.DoubleNegators)
        {
            var p = start - prefix.Length;
            if (p >= 0 && string.CompareOrdinal(text, p, prefix, 0, prefix.Length) == 0 && !masked[p])
            {
                return prefix;
            }
        }
        return null;
    }

    private static bool[] MaskNeutral(string text, IReadOnlyList<string> neutral)
    {
        var masked = new bool[text.Length];
        foreach (var phrase in neutral)
        {
            for (var i = text.IndexOf(phrase, StringComparison.Ordinal); i >= 0; i = text.IndexOf(phrase, i + 1, StringComparison.Ordinal))
            {
                for (var j = i; j < i + phrase.Length; j++)
                {
                    masked[j] = true;
                }
            }
        }
        return masked;
    }

    /// <summary>A-not-A questions (要不要, 是不是, 有没有, 可以不可以): their 不 / 没 is not a negation.</summary>
    internal static List<(int Start, int End, int Not)> QuestionSpans(string text)
    {
        var spans = new List<(int, int, int)>();
        for (var i = 1; i + 1 < text.Length; i++)
        {
            if (text[i] is not ('不' or '没'))
            {
                continue;
            }
            if (text[i - 1] == text[i + 1] && text[i - 1] != ' ')
            {
                spans.Add((i - 1, i + 2, i));
            }
            else if (i >= 2 && i + 2 < text.Length && text[i - 2] == text[i + 1] && text[i - 1] == text[i + 2])
            {
                spans.Add((i - 2, i + 3, i)); // 可以不可以, 需要不需要
            }
        }
        return spans;
    }

    private static bool Inside(bool[] masked, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (!masked[i])
            {
                return false;
            }
        }
        return true;
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return true;
            }
        }
        return false;
    }
}
