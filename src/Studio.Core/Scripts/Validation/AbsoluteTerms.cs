namespace Studio.Core.Scripts.Validation;

/// <summary>
/// Absolute advertising terms (广告法 第九条(三)) and their lawful exceptions (SAMR《广告绝对化用语执法指南》2023):
/// words about time, order or quantity limits and usage tips do not claim the product is the best.
/// </summary>
public static class AbsoluteTerms
{
    /// <summary>Terms the lint looks for; the longest match at a position is reported.</summary>
    public static readonly IReadOnlyList<string> Terms =
    [
        "最", "最佳", "最高级", "第一", "唯一", "独一无二", "顶级", "顶尖", "国家级", "世界级", "首选", "极品",
        "独家", "全网最低", "史上", "史无前例", "绝无仅有", "全球首发",
        // Health and financial-return guarantees (广告法 第十七条, 第二十五条): never exempt.
        "根治", "治愈", "无副作用", "零风险", "保本", "稳赚",
    ];

    /// <summary>
    /// Lawful phrases exempt by default: time and order (最后一天, 最近, 第一时间), limits of an offer
    /// (最多可领, 最高可得), news about the campaign rather than the product, and usage tips (最佳食用期).
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultAllowed =
    [
        "最后", "最近", "最终", "最早", "最晚", "最迟", "最新消息", "最新动态",
        "最多可", "最少", "最高可得", "最高可领",
        "最佳使用时间", "最佳使用期", "最佳食用期", "最佳赏味期", "最佳饮用期",
        "第一次", "第一时间", "第一步", "第一天", "第一单", "第一件", "第一个", "第一批",
    ];

    /// <summary>Health, medical and financial claims stay strict: no allowlist entry exempts them.</summary>
    public static readonly IReadOnlyList<string> Strict =
    [
        "最有效", "最安全", "最健康", "疗效最", "最好的治疗", "最高收益", "最高回报", "收益最高", "回报最高",
        "根治", "治愈", "无副作用", "零风险", "保本", "稳赚",
    ];

    /// <summary>A term found in a text, at its position.</summary>
    public readonly record struct Finding(string Term, int Index, bool IsStrict);

    /// <summary>The absolute terms of <paramref name="text"/> that no allowed phrase covers.</summary>
    public static IReadOnlyList<Finding> Find(string text, IEnumerable<string> allowed)
    {
        var allowedPhrases = allowed.Where(a => !string.IsNullOrWhiteSpace(a) && !Strict.Any(s => a.Contains(s, StringComparison.Ordinal))).Distinct().ToList();
        var byLength = Terms.OrderByDescending(t => t.Length).ToList();
        var findings = new List<Finding>();
        for (var i = 0; i < text.Length;)
        {
            var term = byLength.FirstOrDefault(t => string.CompareOrdinal(text, i, t, 0, t.Length) == 0);
            if (term is null)
            {
                i++;
                continue;
            }
            var strict = Covers(text, Strict, i, term.Length);
            if (strict || !Covers(text, allowedPhrases, i, term.Length))
            {
                findings.Add(new Finding(term, i, strict));
            }
            i += term.Length;
        }
        return findings;
    }

    /// <summary>Does an occurrence of one of the phrases span text[start, start + length)?</summary>
    private static bool Covers(string text, IEnumerable<string> phrases, int start, int length)
    {
        foreach (var phrase in phrases)
        {
            // Only occurrences that begin early enough to reach the term can cover it.
            for (var from = Math.Max(0, start + length - phrase.Length); from <= start && from < text.Length; from++)
            {
                if (string.CompareOrdinal(text, from, phrase, 0, phrase.Length) == 0 && from + phrase.Length >= start + length)
                {
                    return true;
                }
            }
        }
        return false;
    }
}
