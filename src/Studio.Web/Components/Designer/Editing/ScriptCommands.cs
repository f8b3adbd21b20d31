using System.Text.Json;
using Studio.Core.Scripts;

namespace Studio.Web.Components.Designer.Editing;

/// <summary>One undoable change of a script document.</summary>
public interface IScriptCommand
{
    string Description { get; }

    /// <summary>Does (and redoes) the change.</summary>
    void Apply(ScriptEditor editor);

    void Revert(ScriptEditor editor);
}

internal sealed class MoveNodesCommand(IReadOnlyList<(string NodeId, CanvasPosition? From, CanvasPosition? To)> moves, string description) : IScriptCommand
{
    public string Description => description;

    public void Apply(ScriptEditor editor)
    {
        foreach (var (id, _, to) in moves)
        {
            editor.Get(id).Position = to;
        }
    }

    public void Revert(ScriptEditor editor)
    {
        foreach (var (id, from, _) in moves)
        {
            editor.Get(id).Position = from;
        }
    }
}

internal sealed class SetRouteCommand(string nodeId, string port, string? to, string description) : IScriptCommand
{
    private Dictionary<string, string>? _before;

    public string Description => description;

    public void Apply(ScriptEditor editor)
    {
        var node = editor.Get(nodeId);
        _before = new Dictionary<string, string>(node.Routes);
        if (to is null)
        {
            node.Routes.Remove(port);
        }
        else
        {
            node.Routes[port] = to;
        }
    }

    // The whole map, so the ports keep their order (the document stays as it was, byte for byte).
    public void Revert(ScriptEditor editor) => editor.Get(nodeId).Routes = new Dictionary<string, string>(_before!);
}

internal sealed class AddNodeCommand(Node node) : IScriptCommand
{
    public string Description => $"add {node.Id}";

    public void Apply(ScriptEditor editor) => editor.Script.Nodes.Add(node);

    public void Revert(ScriptEditor editor) => editor.Script.Nodes.RemoveAll(n => n.Id == node.Id);
}

/// <summary>Removes nodes and the routes into them; revert puts both back where they were.</summary>
internal sealed class DeleteNodesCommand(IReadOnlyList<string> nodeIds) : IScriptCommand
{
    private List<(int Index, Node Node)> _removed = [];
    // Whole route maps of the nodes that pointed at a deleted node, so undo restores their order too.
    private List<(string From, Dictionary<string, string> Routes)> _cut = [];
    private string? _start;

    public string Description => $"delete {string.Join(", ", nodeIds)}";

    public void Apply(ScriptEditor editor)
    {
        var script = editor.Script;
        var ids = nodeIds.ToHashSet(StringComparer.Ordinal);
        _removed = [.. script.Nodes.Select((n, i) => (i, n)).Where(x => ids.Contains(x.n.Id))];
        _cut = [.. script.Nodes.Where(n => !ids.Contains(n.Id) && n.Routes.Values.Any(ids.Contains))
            .Select(n => (n.Id, new Dictionary<string, string>(n.Routes)))];
        foreach (var (from, _) in _cut)
        {
            var routes = editor.Get(from).Routes;
            var node = editor.Get(from);
            foreach (var port in routes.Where(r => ids.Contains(r.Value)).Select(r => r.Key).ToList())
            {
                if (ScriptEditor.KeepsOpenPort(node, port))
                {
                    routes[port] = "";
                }
                else
                {
                    routes.Remove(port);
                }
            }
        }
        script.Nodes.RemoveAll(n => ids.Contains(n.Id));
        _start = script.Start is { } start && ids.Contains(start) ? start : null;
        if (_start is not null)
        {
            script.Start = null;
        }
    }

    public void Revert(ScriptEditor editor)
    {
        var script = editor.Script;
        foreach (var (index, node) in _removed)
        {
            script.Nodes.Insert(Math.Min(index, script.Nodes.Count), node);
        }
        foreach (var (from, routes) in _cut)
        {
            editor.Get(from).Routes = new Dictionary<string, string>(routes);
        }
        if (_start is not null)
        {
            script.Start = _start;
        }
    }
}

/// <summary>Snapshots one node before and after an edit (JSON), so any field change undoes exactly.</summary>
internal sealed class EditNodeCommand(string nodeId, Action<Node> edit, string description) : IScriptCommand
{
    private string? _before;
    private string? _after;

    public string Description => description;

    public void Apply(ScriptEditor editor)
    {
        if (_after is not null)
        {
            Replace(editor, _after);
            return;
        }
        var node = editor.Get(nodeId);
        _before = ScriptEditor.SerializeNode(node);
        edit(node);
        _after = ScriptEditor.SerializeNode(node);
    }

    public void Revert(ScriptEditor editor) => Replace(editor, _before!);

    private void Replace(ScriptEditor editor, string json)
    {
        var index = editor.Script.Nodes.FindIndex(n => n.Id == nodeId);
        editor.Script.Nodes[index] = ScriptEditor.DeserializeNode(json);
    }
}

/// <summary>Snapshots the whole document before and after an edit of anything outside a single node.</summary>
internal sealed class EditScriptCommand(Action<Script> edit, string description) : IScriptCommand
{
    private string? _before;
    private string? _after;

    public string Description => description;

    public void Apply(ScriptEditor editor)
    {
        if (_after is not null)
        {
            editor.ReplaceScript(Deserialize(_after));
            return;
        }
        _before = ScriptJson.Serialize(editor.Script);
        edit(editor.Script);
        _after = ScriptJson.Serialize(editor.Script);
    }

    public void Revert(ScriptEditor editor) => editor.ReplaceScript(Deserialize(_before!));

    private static Script Deserialize(string json) =>
        JsonSerializer.Deserialize<Script>(json, ScriptJson.Options) ?? throw new InvalidOperationException("a script snapshot was null");
}
