using Studio.Core.Dialogs;

namespace Studio.Core.Recognition;

/// <summary>
/// The baseline recogniser: the longest keyword or example found in the member's text decides.
/// Exact-example matches score highest. The Chinese NLU pipeline replaces it in production; it stays
/// as the fast, explainable fallback and as the benchmark's reference.
/// </summary>
public sealed class KeywordRecognizer : IIntentRecognizer
{
    public const string Name = "keyword";

    public IntentResult Recognize(RecognitionRequest request)
    {
        var table = request.Script.GetOrAddFeature(static script => KeywordTable.Build(script));
        var text = Normalize(request.Text);
        if (text.Length == 0)
        {
            return IntentResult.OutOfScope(Name, text);
        }
        if (table.Examples.TryGetValue(text, out var exact))
        {
            return new IntentResult(exact, 0.95, Name) { NormalizedText = text, Explanation = text };
        }
        // Every keyword occurring in the text, found through the first-character index: the longest
        // wins; at equal length an intent the question expects beats one it does not, then table order.
        KeywordTable.Entry? best = null;
        var bestRank = int.MaxValue;
        for (var i = 0; i < text.Length; i++)
        {
            if (!table.ByFirstChar.TryGetValue(text[i], out var candidates))
            {
                continue;
            }
            var rest = text.AsSpan(i);
            foreach (var (entry, rank) in candidates)
            {
                if (best is { } b && entry.Keyword.Length < b.Keyword.Length)
                {
                    break; // candidates are longest first
                }
                if (!rest.StartsWith(entry.Keyword, StringComparison.Ordinal))
                {
                    continue;
                }
                if (best is not { } current || entry.Keyword.Length > current.Keyword.Length
                    || Better(request.ExpectedIntents, entry, rank, current, bestRank))
                {
                    best = entry;
                    bestRank = rank;
                }
            }
        }
        return best is { } match
            ? new IntentResult(match.Intent, match.Keyword.Length >= 2 ? 0.9 : 0.75, Name) { NormalizedText = text, Explanation = match.Keyword }
            : IntentResult.OutOfScope(Name, text);
    }

    /// <summary>At equal length: expected beats unexpected, then the earlier table entry.</summary>
    private static bool Better(IReadOnlyList<string> expected, KeywordTable.Entry entry, int rank, KeywordTable.Entry current, int currentRank)
    {
        var entryExpected = Contains(expected, entry.Intent);
        var currentExpected = Contains(expected, current.Intent);
        return entryExpected != currentExpected ? entryExpected : rank < currentRank;
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

    /// <summary>Drops punctuation and spaces, folds full-width Latin and digits, lower-cases Latin.</summary>
    public static string Normalize(string text)
    {
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        var changed = false;
        foreach (var raw in text)
        {
            var c = raw is >= '\uFF01' and <= '\uFF5E' ? (char)(raw - 0xFEE0) : raw;
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c))
            {
                changed = true;
                continue;
            }
            if (c is >= 'A' and <= 'Z')
            {
                c = (char)(c + 32);
            }
            changed |= c != raw;
            buffer[length++] = c;
        }
        return changed || length != text.Length ? new string(buffer[..length]) : text;
    }

    private sealed class KeywordTable
    {
        public readonly record struct Entry(string Keyword, string Intent);

        /// <summary>Keywords by first character, longest first, each with its rank in the length-sorted table (ties go to the lower rank).</summary>
        public required Dictionary<char, (Entry Entry, int Rank)[]> ByFirstChar { get; init; }
        public required Dictionary<string, string> Examples { get; init; }

        public static KeywordTable Build(CompiledScript script)
        {
            var entries = new List<Entry>();
            var examples = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (intent, keywords) in SystemIntents.Keywords)
            {
                entries.AddRange(keywords.Select(k => new Entry(Normalize(k), intent)));
            }
            foreach (var intent in script.Script.Intents)
            {
                entries.AddRange(intent.Keywords.Select(k => new Entry(Normalize(k), intent.Name)));
                foreach (var example in intent.Examples)
                {
                    var normalized = Normalize(example);
                    if (normalized.Length > 0)
                    {
                        examples.TryAdd(normalized, intent.Name);
                        entries.Add(new Entry(normalized, intent.Name));
                    }
                }
            }
            // Script intents come after system ones, so at equal length a script keyword is tried later
            // and wins only when it is expected; the sort is stable.
            Entry[] sorted = [.. entries.Where(e => e.Keyword.Length > 0).OrderByDescending(e => e.Keyword.Length)];
            return new KeywordTable
            {
                ByFirstChar = sorted.Select((entry, rank) => (entry, rank)).GroupBy(x => x.entry.Keyword[0])
                    .ToDictionary(g => g.Key, g => g.ToArray()),
                Examples = examples,
            };
        }
    }
}
