using Studio.Core.Recognition;

namespace Studio.Core.Scripts.Validation;

/// <summary>What every rule needs: the script, where things are in the JSON, and the diagnostics found so far.</summary>
internal sealed class ValidationContext
{
    private readonly JsonLineMap? _lines;
    private readonly Dictionary<string, int> _nodeIndex = new(StringComparer.Ordinal);

    public ValidationContext(Script script, JsonLineMap? lines, ValidationOptions options)
    {
        Script = script;
        _lines = lines;
        Options = options;
        for (var i = 0; i < script.Nodes.Count; i++)
        {
            if (script.Nodes[i] is { Id: { Length: > 0 } id })
            {
                _nodeIndex.TryAdd(id, i);
            }
        }
        ScriptIntents = [.. script.Intents.Select(i => i.Name).Where(n => !string.IsNullOrEmpty(n))];
        Variables = [.. script.Variables.Select(v => v.Name).Where(n => !string.IsNullOrEmpty(n))];
    }

    public Script Script { get; }
    public ValidationOptions Options { get; }
    public List<Diagnostic> Diagnostics { get; } = [];
    public HashSet<string> ScriptIntents { get; }
    public HashSet<string> Variables { get; }

    public bool HasVoice => Script.Channels.Contains(Channel.Voice);

    /// <summary>The nodes with their JSON paths; a node with a duplicate id is still listed (under its own path).</summary>
    public IEnumerable<(Node Node, string Path)> Nodes => Script.Nodes.Select((node, i) => (node, NodePath(i)));

    public static string NodePath(int index) => $"$.nodes[{index}]";

    public bool HasNode(string? id) => id is not null && _nodeIndex.ContainsKey(id);

    /// <summary>The node that owns an id (the first one when the id is duplicated).</summary>
    public Node? NodeById(string? id) => id is not null && _nodeIndex.TryGetValue(id, out var i) ? Script.Nodes[i] : null;

    public string PathOf(string id) => NodePath(_nodeIndex[id]);

    /// <summary>The owners of the node ids: the nodes the graph is made of.</summary>
    public IEnumerable<Node> GraphNodes => _nodeIndex.Values.Order().Select(i => Script.Nodes[i]);

    public bool IsKnownIntent(string intent) => SystemIntents.IsSystem(intent) || ScriptIntents.Contains(intent);

    /// <summary>Where a node leads: its routes and a goto's target (targets may be missing nodes).</summary>
    public static IEnumerable<string> Successors(Node node)
    {
        foreach (var target in node.Routes.Values)
        {
            if (!string.IsNullOrEmpty(target))
            {
                yield return target;
            }
        }
        if (node is GotoNode { Target: { Length: > 0 } target2 })
        {
            yield return target2;
        }
    }

    public void Error(string code, string message, string path, string? nodeId = null) =>
        Diagnostics.Add(new Diagnostic(Severity.Error, code, message, path, NullIfEmpty(nodeId), _lines?.LineOf(path)));

    public void Warning(string code, string message, string path, string? nodeId = null) =>
        Diagnostics.Add(new Diagnostic(Severity.Warning, code, message, path, NullIfEmpty(nodeId), _lines?.LineOf(path)));

    private static string? NullIfEmpty(string? id) => string.IsNullOrEmpty(id) ? null : id;

    /// <summary>Quotes a list of names for a message: 'a', 'b', 'c'.</summary>
    public static string List(IEnumerable<string> names) => string.Join(", ", names);
}
