using System.Text;

namespace Studio.Nlu.Normalization;

/// <summary>
/// Turns what a member typed or what speech recognition heard into the canonical text the rules and the
/// classifier see. In order: full/half width and Latin case, traditional → simplified, clauses split at
/// punctuation (kept as single spaces), dialect words and speech-recognition homophones, repeated
/// characters, leading fillers and trailing modal particles, Chinese numerals → digits.
/// </summary>
/// <remarks>
/// Meaning-bearing particles stay: 吗 (question), 吧 (suggestion: 加吧, 算了吧), 不 / 没 (negation). 嗯 and
/// 哦 are dropped only when something else was said: a lone 嗯 is a yes. 那个 and 就是 are fillers only in
/// filler positions (alone, doubled, before a pronoun); 那个店 and 就是这个号 keep them.
/// </remarks>
public sealed class TextNormalizer
{
    public static TextNormalizer Default { get; } = new();

    /// <summary>Characters that carry no meaning at the start of a clause (or as a whole clause) when more was said.</summary>
    private const string LeadingFillers = "嗯呃啊哦噢喔唉哎诶欸喂哈";

    /// <summary>Modal particles dropped at the end of a clause (咯 嘛 撒 噻 are south-western).</summary>
    private const string TrailingParticles = "啊呀哇嘛咯撒噻啦哦喔噢嘞呗哈呢咧哟嗷捏嗯";

    private static readonly string[] LeadingFillerWords = ["那个那个", "就是就是", "就是说", "然后然后", "这个这个"];
    private static readonly string[] Pronouns = ["我", "你", "他", "她", "咱", "您"];

    /// <summary>Interjections that, alone with a question mark (嗯？ 啊？), ask the bot to repeat.</summary>
    private const string QuestionInterjections = "嗯啊哈啥诶欸哦蛤";

    public string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clauses = SplitClauses(text);
        if (clauses.Count == 0)
        {
            return "";
        }
        var result = new List<string>(clauses.Count);
        string? lastFiller = null;
        foreach (var (raw, question) in clauses)
        {
            var clause = NormalizeClause(raw, question, out var fillerOnly);
            if (clause.Length == 0)
            {
                continue;
            }
            if (fillerOnly)
            {
                lastFiller ??= clause;
                continue;
            }
            result.Add(clause);
        }
        if (result.Count == 0)
        {
            return lastFiller ?? "";
        }
        return result.Count == 1 ? result[0] : string.Join(' ', result);
    }

    /// <summary>Width, case and script folding plus splitting at punctuation; remembers clauses that ended with a question mark.</summary>
    internal static List<(string Text, bool Question)> SplitClauses(string text)
    {
        var clauses = new List<(string, bool)>(2);
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = Fold(text[i]);
            if (IsBoundary(c) && !IsNumberSeparator(text, i, c))
            {
                if (sb.Length > 0)
                {
                    clauses.Add((sb.ToString(), c == '?'));
                    sb.Clear();
                }
                else if (c == '?' && clauses.Count > 0 && !clauses[^1].Item2)
                {
                    clauses[^1] = (clauses[^1].Item1, true);
                }
                continue;
            }
            sb.Append(c);
        }
        if (sb.Length > 0)
        {
            clauses.Add((sb.ToString(), false));
        }
        return clauses;
    }

    /// <summary>Full-width ASCII → ASCII, ideographic space → space, Latin upper → lower case, traditional → simplified.</summary>
    public static char Fold(char c)
    {
        if (c is >= '\uFF01' and <= '\uFF5E')
        {
            c = (char)(c - 0xFEE0);
        }
        else if (c == '\u3000')
        {
            return ' ';
        }
        if (c is >= 'A' and <= 'Z')
        {
            return (char)(c + 32);
        }
        return TraditionalChinese.TryConvert(c, out var simplified) ? simplified : c;
    }

    private static bool IsBoundary(char c) =>
        char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c) || char.IsControl(c);

    /// <summary>3:30 and 9.9 keep their separator.</summary>
    private static bool IsNumberSeparator(string text, int i, char c) =>
        c is ':' or '.' && i > 0 && i + 1 < text.Length && char.IsAsciiDigit(Fold(text[i - 1])) && char.IsAsciiDigit(Fold(text[i + 1]));

    private static string NormalizeClause(string clause, bool question, out bool fillerOnly)
    {
        fillerOnly = false;
        if (question && clause.Length <= 2 && clause.All(c => QuestionInterjections.Contains(c, StringComparison.Ordinal)))
        {
            return "啥"; // 嗯？ 啊？ 啥？ : "what did you say?"
        }
        foreach (var correction in Corrections.Dialect)
        {
            clause = correction.Apply(clause);
        }
        foreach (var correction in Corrections.Asr)
        {
            clause = correction.Apply(clause);
        }
        clause = CollapseRepeats(clause);
        clause = StripLeadingFillers(clause);
        clause = StripTrailingParticles(clause);
        clause = QuestionEnding(clause);
        if (IsFillerOnly(clause))
        {
            fillerOnly = true;
            return clause;
        }
        return ChineseNumerals.Replace(clause);
    }

    /// <summary>Runs of three or more identical characters (好好好好) become two; a two-character word said three or more times (不要不要不要) twice. Digits are kept (12315, 666).</summary>
    public static string CollapseRepeats(string text)
    {
        if (text.Length < 3)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var run = 1;
            while (i + run < text.Length && text[i + run] == c)
            {
                run++;
            }
            if (run >= 3 && !char.IsAsciiDigit(c))
            {
                sb.Append(c).Append(c);
                i += run;
                continue;
            }
            if (i + 6 <= text.Length && text[i] == text[i + 2] && text[i + 1] == text[i + 3] && text[i] == text[i + 4] && text[i + 1] == text[i + 5] && text[i] != text[i + 1] && !char.IsAsciiDigit(c))
            {
                var words = 3;
                while (i + (2 * words) + 1 < text.Length && text[i + (2 * words)] == text[i] && text[i + (2 * words) + 1] == text[i + 1])
                {
                    words++;
                }
                sb.Append(text, i, 4);
                i += 2 * words;
                continue;
            }
            sb.Append(c);
            i++;
        }
        return sb.Length == text.Length ? text : sb.ToString();
    }

    /// <summary>嗯, 呃, 啊, 那个那个, 就是说 … at the start of a clause, as long as something remains.</summary>
    public static string StripLeadingFillers(string clause)
    {
        var changed = true;
        while (changed && clause.Length > 1)
        {
            changed = false;
            foreach (var word in LeadingFillerWords)
            {
                if (clause.Length > word.Length && clause.StartsWith(word, StringComparison.Ordinal))
                {
                    clause = clause[word.Length..];
                    changed = true;
                }
            }
            if (clause.Length > 2 && clause.StartsWith("那个", StringComparison.Ordinal) && StartsWithAny(clause.AsSpan(2), Pronouns))
            {
                clause = clause[2..]; // 那个我不需要: 那个 is a pause, not "that"
                changed = true;
            }
            if (clause.Length > 2 && clause.StartsWith("就是", StringComparison.Ordinal) && StartsWithAny(clause.AsSpan(2), ["我不", "不", "没"]))
            {
                clause = clause[2..]; // 就是不想要 → 不想要
                changed = true;
            }
            var filler = LeadingFillers.Contains(clause[0], StringComparison.Ordinal)
                || (clause[0] == '额' && "我你他她那这就".Contains(clause[1], StringComparison.Ordinal)); // 额度 stays
            if (filler && !IsFillerOnly(clause))
            {
                clause = clause[1..];
                changed = true;
            }
        }
        return clause;
    }

    /// <summary>Words before a clause-final 不 that make it a negation (我就不, 还不), not a question.</summary>
    private const string NegationSubjects = "我你他她就也还都可真并绝决偏才又再";

    /// <summary>
    /// A clause-final 不 or 没(有) after a verb is a yes/no question, not a negation: 收钱不 = 收钱吗,
    /// 领了没 = 领了吗, 还有货没有 = 还有货吗. 我就不 ("I just won't") stays.
    /// </summary>
    public static string QuestionEnding(string clause)
    {
        if (clause.Length >= 3 && clause[^1] == '不' && !NegationSubjects.Contains(clause[^2], StringComparison.Ordinal)
            && !"不没".Contains(clause[^2], StringComparison.Ordinal))
        {
            return string.Concat(clause.AsSpan(0, clause.Length - 1), "吗");
        }
        foreach (var ending in (ReadOnlySpan<string>)["没有", "没"])
        {
            if (clause.Length >= ending.Length + 2 && clause.EndsWith(ending, StringComparison.Ordinal))
            {
                var before = clause[^(ending.Length + 1)];
                if (before is '了' or '过' or '货' or '有' or '到' or '完' or '好')
                {
                    return string.Concat(clause.AsSpan(0, clause.Length - ending.Length), "吗");
                }
            }
        }
        return clause;
    }

    /// <summary>Modal particles at the end of a clause (好的呀 → 好的, 不用了哈 → 不用了), never the whole clause.</summary>
    public static string StripTrailingParticles(string clause)
    {
        var end = clause.Length;
        while (end > 1 && TrailingParticles.Contains(clause[end - 1], StringComparison.Ordinal) && !IsFillerOnly(clause.AsSpan(0, end - 1)))
        {
            end--;
        }
        return end == clause.Length ? clause : clause[..end];
    }

    /// <summary>A clause made only of fillers and particles (嗯, 嗯呢, 啊啊, 那个, 呃呃).</summary>
    public static bool IsFillerOnly(ReadOnlySpan<char> clause)
    {
        if (clause.IsEmpty)
        {
            return true;
        }
        if (clause is "那个" or "就是" or "就是说" or "然后" or "这个")
        {
            return true;
        }
        foreach (var c in clause)
        {
            if (!LeadingFillers.Contains(c, StringComparison.Ordinal) && !TrailingParticles.Contains(c, StringComparison.Ordinal) && c != '额')
            {
                return false;
            }
        }
        return true;
    }

    private static bool StartsWithAny(ReadOnlySpan<char> text, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
