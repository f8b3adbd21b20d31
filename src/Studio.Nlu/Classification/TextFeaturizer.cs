using Studio.Nlu.Rules;

namespace Studio.Nlu.Classification;

/// <summary>Receives feature keys; keys are built in a reused buffer, so nothing is allocated per feature.</summary>
public interface IFeatureSink
{
    void Add(ReadOnlySpan<char> feature);
}

/// <summary>
/// The classifier's features of a normalised utterance:
/// character n-grams of length 1–3 per clause, with ^ and $ marking the clause's start and end (^好$ is a
/// whole answer, 好 inside 好多钱 is not); the rule lexicon's words found in it ("word-ish" tokens
/// — Chinese has no spaces) and the bigrams of consecutive words; a word negated by 不 / 没 gets its own
/// feature, so 不太需要 and 需要 are different evidence.
/// </summary>
public static class TextFeaturizer
{
    public const int MaxNgram = 3;

    /// <summary>Bumped whenever the features change: models trained with other features are retrained.</summary>
    public const int Version = 1;

    public static void Extract<TSink>(string normalized, RuleAnalysis analysis, ref TSink sink)
        where TSink : struct, IFeatureSink
    {
        Span<char> buffer = stackalloc char[64];
        var clauseStart = 0;
        for (var i = 0; i <= normalized.Length; i++)
        {
            if (i < normalized.Length && normalized[i] != ' ')
            {
                continue;
            }
            if (i > clauseStart)
            {
                CharNgrams(normalized.AsSpan(clauseStart, i - clauseStart), buffer, ref sink);
            }
            clauseStart = i + 1;
        }

        ReadOnlySpan<char> previous = default;
        string? previousText = null;
        foreach (var match in analysis.Matches)
        {
            var word = match.Note is null ? match.Rule.Text.AsSpan() : normalized.AsSpan(match.Start, Math.Min(match.Length, normalized.Length - match.Start));
            var prefix = match.Note is null ? 'w' : 'n';
            if (word.Length + 1 > buffer.Length)
            {
                continue;
            }
            buffer[0] = prefix;
            word.CopyTo(buffer[1..]);
            sink.Add(buffer[..(word.Length + 1)]);
            if (previousText is not null && previous.Length + word.Length + 2 <= buffer.Length)
            {
                buffer[0] = 'b';
                previous.CopyTo(buffer[1..]);
                buffer[previous.Length + 1] = '|';
                word.CopyTo(buffer[(previous.Length + 2)..]);
                sink.Add(buffer[..(previous.Length + word.Length + 2)]);
            }
            previousText = match.Rule.Text;
            previous = previousText.AsSpan();
        }
    }

    /// <summary>Every feature key as a string (training and tests).</summary>
    public static List<string> Extract(string normalized, RuleAnalysis analysis)
    {
        var sink = new ListSink(new List<string>());
        Extract(normalized, analysis, ref sink);
        return sink.Features;
    }

    private static void CharNgrams<TSink>(ReadOnlySpan<char> clause, Span<char> buffer, ref TSink sink)
        where TSink : struct, IFeatureSink
    {
        // the clause framed as ^clause$; the markers alone are not features
        var framed = clause.Length + 2;
        for (var n = 1; n <= MaxNgram; n++)
        {
            for (var start = 0; start + n <= framed; start++)
            {
                if (n == 1 && (start == 0 || start == framed - 1))
                {
                    continue;
                }
                buffer[0] = 'c';
                for (var k = 0; k < n; k++)
                {
                    var p = start + k;
                    buffer[1 + k] = p == 0 ? '^' : p == framed - 1 ? '$' : clause[p - 1];
                }
                sink.Add(buffer[..(n + 1)]);
            }
        }
    }

    private readonly record struct ListSink(List<string> Features) : IFeatureSink
    {
        public void Add(ReadOnlySpan<char> feature) => Features.Add(feature.ToString());
    }
}
