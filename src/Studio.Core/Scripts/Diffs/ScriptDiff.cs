using System.Text.Json;
using System.Text.Json.Nodes;

namespace Studio.Core.Scripts.Diffs;

public enum ChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>One item (node, intent, incentive …) that differs, with the properties that changed.</summary>
public sealed record ItemChange(string Id, ChangeKind Kind, string? Label, IReadOnlyList<string> Fields);

/// <summary>
/// What publishing a draft would change compared with the live version: nodes, intents, global intents,
/// incentives, incentive sets and variables added, removed or changed (by id), and the script-level
/// settings that differ. Canvas positions are layout, not behaviour, and are ignored. Pure: two documents in,
/// a description out.
/// </summary>
public sealed record ScriptDiff(
    IReadOnlyList<ItemChange> Nodes,
    IReadOnlyList<ItemChange> Intents,
    IReadOnlyList<ItemChange> GlobalIntents,
    IReadOnlyList<ItemChange> Incentives,
    IReadOnlyList<ItemChange> IncentiveSets,
    IReadOnlyList<ItemChange> Variables,
    IReadOnlyList<string> ScriptFields)
{
    /// <summary>Script-level properties compared as a whole (the lists above are compared item by item).</summary>
    private static readonly string[] ComparedScriptFields =
        ["name", "description", "channels", "locale", "brand", "start", "memberFields", "settings", "gradeRules", "allowedTerms"];

    /// <summary>Properties that do not change what members hear.</summary>
    private static readonly HashSet<string> LayoutFields = ["position"];

    public bool IsEmpty => Nodes.Count == 0 && Intents.Count == 0 && GlobalIntents.Count == 0 && Incentives.Count == 0
        && IncentiveSets.Count == 0 && Variables.Count == 0 && ScriptFields.Count == 0;

    /// <summary>Compares <paramref name="after"/> with <paramref name="before"/> (null: nothing published yet, so everything is added).</summary>
    public static ScriptDiff Compare(Script? before, Script after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var old = before is null ? null : ToJson(before);
        var now = ToJson(after);
        return new ScriptDiff(
            Items(old, now, "nodes", n => Text(n, "id"), n => Text(n, "label") ?? Text(n, "kind")),
            Items(old, now, "intents", n => Text(n, "name"), n => Text(n, "label")),
            Items(old, now, "globalIntents", n => Text(n, "intent"), _ => null),
            Items(old, now, "incentives", n => Text(n, "id"), n => Text(n, "name")),
            Items(old, now, "incentiveSets", n => Text(n, "id"), n => Text(n, "name")),
            Items(old, now, "variables", n => Text(n, "name"), n => Text(n, "description")),
            old is null ? [] : [.. ComparedScriptFields.Where(f => !JsonNode.DeepEquals(old[f], now[f]))]);
    }

    private static JsonObject ToJson(Script script) =>
        JsonSerializer.SerializeToNode(script, ScriptJson.Options)?.AsObject() ?? throw new InvalidOperationException("a script serialises to an object");

    private static List<ItemChange> Items(JsonObject? before, JsonObject after, string list, Func<JsonObject, string?> key, Func<JsonObject, string?> label)
    {
        var old = Index(before?[list], key);
        var now = Index(after[list], key);
        var changes = new List<ItemChange>();
        foreach (var (id, item) in now)
        {
            if (!old.TryGetValue(id, out var previous))
            {
                changes.Add(new ItemChange(id, ChangeKind.Added, label(item), []));
                continue;
            }
            var fields = ChangedFields(previous, item);
            if (fields.Count > 0)
            {
                changes.Add(new ItemChange(id, ChangeKind.Changed, label(item), fields));
            }
        }
        foreach (var (id, item) in old)
        {
            if (!now.ContainsKey(id))
            {
                changes.Add(new ItemChange(id, ChangeKind.Removed, label(item), []));
            }
        }
        return changes;
    }

    /// <summary>Items by key, in document order; items without a key or repeating one are keyed by position.</summary>
    private static List<KeyValuePair<string, JsonObject>> IndexList(JsonNode? list, Func<JsonObject, string?> key)
    {
        var items = new List<KeyValuePair<string, JsonObject>>();
        if (list is not JsonArray array)
        {
            return items;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject item)
            {
                var id = key(item);
                items.Add(new(string.IsNullOrEmpty(id) || !seen.Add(id) ? $"#{i}" : id, item));
            }
        }
        return items;
    }

    private static OrderedIndex Index(JsonNode? list, Func<JsonObject, string?> key) => new(IndexList(list, key));

    private static List<string> ChangedFields(JsonObject before, JsonObject after) =>
        [.. before.Select(p => p.Key).Union(after.Select(p => p.Key), StringComparer.Ordinal)
            .Where(f => !LayoutFields.Contains(f) && !JsonNode.DeepEquals(before[f], after[f]))];

    private static string? Text(JsonObject item, string property) =>
        item[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A dictionary that enumerates in insertion order (document order of the items).</summary>
    private sealed class OrderedIndex(List<KeyValuePair<string, JsonObject>> items) : IEnumerable<KeyValuePair<string, JsonObject>>
    {
        private readonly Dictionary<string, JsonObject> _byId = items.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        public bool TryGetValue(string id, out JsonObject item) => _byId.TryGetValue(id, out item!);

        public bool ContainsKey(string id) => _byId.ContainsKey(id);

        public IEnumerator<KeyValuePair<string, JsonObject>> GetEnumerator() => items.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
