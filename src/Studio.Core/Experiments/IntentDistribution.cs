using Studio.Core.Recognition;

namespace Studio.Core.Experiments;

/// <summary>
/// How members answered in each arm: the member turns of the arm's conversations counted by recognised intent. The
/// most frequent intents overall keep their own row, the rest are pooled into <see cref="Other"/>, so arms are
/// compared on the same rows.
/// </summary>
public sealed record IntentDistribution(IReadOnlyList<string> Arms, IReadOnlyList<string> Intents, IReadOnlyDictionary<(string Arm, string Intent), long> Counts)
{
    /// <summary>The pooled row of the intents outside the top (其他).</summary>
    public const string Other = "*other";

    public const int DefaultTop = 8;

    public static IntentDistribution Empty { get; } = new([], [], new Dictionary<(string, string), long>());

    public long Count(string arm, string intent) => Counts.TryGetValue((arm, intent), out var n) ? n : 0;

    /// <summary>Member turns of the arm (the denominator of its shares).</summary>
    public long Total(string arm) => Intents.Sum(i => Count(arm, i));

    public double Share(string arm, string intent) => Total(arm) is var total && total == 0 ? 0 : (double)Count(arm, intent) / total;

    /// <summary>
    /// From raw counts per arm and intent: rows are the <paramref name="top"/> intents with the most turns over all
    /// arms (ties by name), then <see cref="Other"/> when anything is left; arms keep the order given.
    /// </summary>
    public static IntentDistribution From(IEnumerable<string> arms, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> countsByArm, int top = DefaultTop)
    {
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(countsByArm);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        var armList = arms.ToList();
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var arm in armList)
        {
            if (countsByArm.TryGetValue(arm, out var counts))
            {
                foreach (var (intent, n) in counts)
                {
                    totals[intent] = totals.GetValueOrDefault(intent) + n;
                }
            }
        }
        var rows = totals.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Take(top).Select(t => t.Key).ToList();
        var kept = rows.ToHashSet(StringComparer.Ordinal);
        var cells = new Dictionary<(string, string), long>();
        var anyOther = false;
        foreach (var arm in armList)
        {
            if (!countsByArm.TryGetValue(arm, out var counts))
            {
                continue;
            }
            foreach (var (intent, n) in counts)
            {
                var row = kept.Contains(intent) ? intent : Other;
                anyOther |= row == Other;
                cells[(arm, row)] = cells.GetValueOrDefault((arm, row)) + n;
            }
        }
        if (anyOther)
        {
            rows.Add(Other);
        }
        return new IntentDistribution(armList, rows, cells);
    }

    /// <summary>The intent a member turn counts under: the recognised one, else 无关/未识别.</summary>
    public static string Of(string? recognised) => string.IsNullOrEmpty(recognised) ? SystemIntents.OutOfScope : recognised;
}
