using System.Text.RegularExpressions;
using Studio.Data.TurnLog;

namespace Studio.Runtime.Tagging;

/// <summary>
/// One rule (configuration <c>Studio:Tagging:Rules:N</c>): when a conversation matches every condition given, the
/// member gets <see cref="Tag"/>. Conditions: any of <see cref="Intents"/> was recognised in a member turn (at least
/// <see cref="MinCount"/> times), the outcome is one of <see cref="Outcomes"/>, the grade one of <see cref="Grades"/>,
/// the script is <see cref="ScriptId"/>. The tag may name an entity, <c>{entity.category}</c>: the latest value of that
/// entity in the conversation ("interested:{entity.category}" → "interested:连衣裙"); no value, no tag.
/// </summary>
public sealed class TagRule
{
    public List<string>? Intents { get; set; }
    public int MinCount { get; set; } = 1;
    public List<string>? Outcomes { get; set; }
    public List<string>? Grades { get; set; }
    public string? ScriptId { get; set; }
    public string Tag { get; set; } = "";
}

/// <summary>Tagging settings (section <c>Studio:Tagging</c>).</summary>
public sealed class TaggingOptions
{
    public const string Section = "Studio:Tagging";

    public List<TagRule> Rules { get; set; } = [];

    /// <summary>WeCom 企业标签 for the tags: <c>externalcontact/mark_tag</c> after a conversation, when enabled.</summary>
    public WecomTaggingOptions Wecom { get; set; } = new();
}

public sealed class WecomTaggingOptions
{
    public bool Enabled { get; set; }

    /// <summary>
    /// Our tag → WeCom tag id (et…): mark_tag takes ids. Tags without an id are not sent to WeCom. A list rather than a
    /// dictionary because tags contain ':' ("interested:连衣裙"), the configuration's own separator.
    /// </summary>
    public List<WecomTagMapping> TagIds { get; set; } = [];

    /// <summary>The member attribute holding the WeCom user id of the member's store guide (the contact's owner).</summary>
    public string UserIdAttribute { get; set; } = "wecomUserId";

    /// <summary>The member attribute holding the member's external_userid.</summary>
    public string ExternalUserIdAttribute { get; set; } = "wecomExternalUserId";
}

public sealed class WecomTagMapping
{
    public string Tag { get; set; } = "";
    public string Id { get; set; } = "";
}

/// <summary>Evaluates tag rules over a conversation's turns. Pure: no I/O, no clock.</summary>
public sealed partial class TagRules
{
    private readonly IReadOnlyList<TagRule> _rules;

    public TagRules(IEnumerable<TagRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = [.. rules];
        for (var i = 0; i < _rules.Count; i++)
        {
            var rule = _rules[i];
            var where = $"{TaggingOptions.Section}:Rules:{i}";
            if (string.IsNullOrWhiteSpace(rule.Tag))
            {
                throw new ArgumentException($"{where}:Tag is missing");
            }
            if (rule.Intents is not { Count: > 0 } && rule.Outcomes is not { Count: > 0 } && rule.Grades is not { Count: > 0 })
            {
                throw new ArgumentException($"{where} ('{rule.Tag}') has no condition: give Intents, Outcomes or Grades");
            }
            if (rule.MinCount < 1)
            {
                throw new ArgumentException($"{where}:MinCount must be at least 1");
            }
            if (rule.Grades?.FirstOrDefault(g => g is not { Length: 1 } || g[0] is < 'A' or > 'F') is { } grade)
            {
                throw new ArgumentException($"{where}:Grades: '{grade}' is not a grade A-F");
            }
        }
    }

    public int Count => _rules.Count;

    /// <summary>
    /// The tags a conversation earns: its <paramref name="turns"/> (any order), how it ended. Distinct, in rule order.
    /// <paramref name="outcome"/> and <paramref name="grade"/> default to those on the turns (the ending turn carries them).
    /// </summary>
    public IReadOnlyList<string> Evaluate(IReadOnlyList<TurnRecord> turns, string? outcome = null, string? grade = null)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var ordered = turns.OrderBy(t => t.Turn).ThenBy(t => t.Id).ToList();
        outcome ??= ordered.LastOrDefault(t => t.Outcome is not null)?.Outcome;
        grade ??= ordered.LastOrDefault(t => t.Grade is not null)?.Grade;
        var scriptId = ordered.FirstOrDefault(t => !string.IsNullOrEmpty(t.ScriptId))?.ScriptId;
        var intents = ordered.Where(t => t.MemberText is not null || t.Intent is not null).Select(t => t.Intent).OfType<string>()
            .GroupBy(i => i, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var tags = new List<string>();
        foreach (var rule in _rules)
        {
            if (rule.ScriptId is not null && rule.ScriptId != scriptId)
            {
                continue;
            }
            if (rule.Intents is { Count: > 0 } wanted && wanted.Sum(i => intents.GetValueOrDefault(i)) < rule.MinCount)
            {
                continue;
            }
            if (rule.Outcomes is { Count: > 0 } outcomes && (outcome is null || !outcomes.Contains(outcome, StringComparer.Ordinal)))
            {
                continue;
            }
            if (rule.Grades is { Count: > 0 } grades && (grade is null || !grades.Contains(grade, StringComparer.OrdinalIgnoreCase)))
            {
                continue;
            }
            if (Fill(rule.Tag, ordered, rule.Intents) is { } tag && !tags.Contains(tag, StringComparer.Ordinal))
            {
                tags.Add(tag);
            }
        }
        return tags;
    }

    /// <summary>Fills {entity.NAME} with the entity's latest value (from the rule's intents' turns when it has intents).</summary>
    private static string? Fill(string template, List<TurnRecord> ordered, List<string>? intents)
    {
        var missing = false;
        var tag = EntityPlaceholder().Replace(template, m =>
        {
            var name = m.Groups[1].Value;
            var value = ordered.LastOrDefault(t => (intents is not { Count: > 0 } || (t.Intent is not null && intents.Contains(t.Intent)))
                    && t.Entities.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v))?.Entities[name]
                ?? ordered.LastOrDefault(t => t.Entities.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v))?.Entities[name];
            missing |= value is null;
            return value?.Trim() ?? "";
        });
        return missing ? null : tag;
    }

    [GeneratedRegex(@"\{entity\.([A-Za-z0-9_\-]+)\}")]
    private static partial Regex EntityPlaceholder();
}
