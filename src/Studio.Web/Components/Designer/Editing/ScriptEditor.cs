using System.Text.Json;
using Studio.Core.Scripts;

namespace Studio.Web.Components.Designer.Editing;

/// <summary>
/// Every change the designer makes to a script document, as a command on the <see cref="Script"/> model with
/// undo and redo. The canvas and the property panel are two views of this one document: neither keeps a copy.
/// </summary>
public sealed class ScriptEditor
{
    /// <summary>Undo depth; older steps are forgotten (a long session must not grow without bound).</summary>
    public const int HistoryLimit = 200;

    private readonly LinkedList<IScriptCommand> _undo = new();
    private readonly Stack<IScriptCommand> _redo = new();

    public ScriptEditor(Script script)
    {
        ArgumentNullException.ThrowIfNull(script);
        Script = script;
    }

    public Script Script { get; private set; }

    /// <summary>Grows on every change (do, undo, redo): what autosave compares against what it saved.</summary>
    public long ChangeCount { get; private set; }

    /// <summary>
    /// Grows on every change except moves: what validation and the property panel depend on (positions change
    /// nothing they show, and a drag's drop should not redo their work).
    /// </summary>
    public long ContentChangeCount { get; private set; }

    public bool CanUndo => _undo.Count > 0;
    public bool CanRedo => _redo.Count > 0;
    public string? UndoDescription => _undo.Last?.Value.Description;
    public string? RedoDescription => _redo.TryPeek(out var c) ? c.Description : null;

    /// <summary>Raised after every change, with the command's description.</summary>
    public event Action<string>? Changed;

    public void Execute(IScriptCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Apply(this);
        _undo.AddLast(command);
        if (_undo.Count > HistoryLimit)
        {
            _undo.RemoveFirst();
        }
        _redo.Clear();
        Notify(command);
    }

    public bool Undo()
    {
        if (_undo.Last is not { } last)
        {
            return false;
        }
        _undo.RemoveLast();
        last.Value.Revert(this);
        _redo.Push(last.Value);
        Notify(last.Value);
        return true;
    }

    public bool Redo()
    {
        if (!_redo.TryPop(out var command))
        {
            return false;
        }
        command.Apply(this);
        _undo.AddLast(command);
        Notify(command);
        return true;
    }

    /// <summary>Replaces the whole document (a reload): history no longer applies to it.</summary>
    public void Reset(Script script)
    {
        ArgumentNullException.ThrowIfNull(script);
        Script = script;
        _undo.Clear();
        _redo.Clear();
        ContentChangeCount++;
        ChangeCount++;
        Changed?.Invoke("reload");
    }

    public Node? Find(string nodeId) => Script.Nodes.Find(n => n.Id == nodeId);

    public Node Get(string nodeId) => Find(nodeId) ?? throw new ArgumentException($"there is no node '{nodeId}' in the script", nameof(nodeId));

    // The operations the designer offers. Each checks its input and says what is wrong.

    public void MoveNode(string nodeId, double x, double y) => MoveNodes([(nodeId, new CanvasPosition(x, y))]);

    public void MoveNodes(IReadOnlyList<(string NodeId, CanvasPosition To)> moves)
    {
        foreach (var (id, _) in moves)
        {
            Get(id);
        }
        Execute(new MoveNodesCommand(moves.Select(m => (m.NodeId, Get(m.NodeId).Position, (CanvasPosition?)Round(m.To))).ToList(), "move"));
    }

    /// <summary>Points a port of <paramref name="fromId"/> at <paramref name="toId"/> (replacing what it pointed at).</summary>
    public void Connect(string fromId, string port, string toId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(port);
        var from = Get(fromId);
        Get(toId);
        if (from.Route(port) == toId)
        {
            return;
        }
        Execute(new SetRouteCommand(fromId, port, toId, $"connect {fromId}.{port} → {toId}"));
    }

    /// <summary>Opens the port. An ask keeps an intent it handles as an open port (empty target) until the branch is removed.</summary>
    public void Disconnect(string fromId, string port)
    {
        var from = Get(fromId);
        if (string.IsNullOrEmpty(from.Route(port)))
        {
            return;
        }
        Execute(new SetRouteCommand(fromId, port, KeepsOpenPort(from, port) ? "" : null, $"disconnect {fromId}.{port}"));
    }

    /// <summary>An ask's ports are the intents it routes: cutting the route must not forget the intent.</summary>
    internal static bool KeepsOpenPort(Node node, string port) => node is AskNode && port is not Ports.NoMatch and not Ports.NoInput;

    /// <summary>Deletes nodes and every route that pointed at them (those ports become open again).</summary>
    public void DeleteNodes(IEnumerable<string> nodeIds)
    {
        var ids = nodeIds.Distinct(StringComparer.Ordinal).ToList();
        foreach (var id in ids)
        {
            Get(id);
        }
        if (ids.Count > 0)
        {
            Execute(new DeleteNodesCommand(ids));
        }
    }

    /// <summary>Adds a new node of <paramref name="kind"/> with a fresh id (e.g. ask_3).</summary>
    public Node AddNode(string kind, double x, double y)
    {
        var node = NodeFactory.Create(kind, NewNodeId(kind));
        node.Position = Round(new CanvasPosition(x, y));
        Execute(new AddNodeCommand(node));
        return node;
    }

    /// <summary>Edits one node's fields; undo restores the node exactly as it was.</summary>
    public void EditNode(string nodeId, Action<Node> edit, string description = "edit")
    {
        ArgumentNullException.ThrowIfNull(edit);
        Get(nodeId);
        Execute(new EditNodeCommand(nodeId, edit, description));
    }

    /// <summary>Edits one node with its concrete type (e.g. an ask's retries).</summary>
    public void EditNode<T>(string nodeId, Action<T> edit, string description = "edit") where T : Node
    {
        if (Get(nodeId) is not T)
        {
            throw new ArgumentException($"node '{nodeId}' is a {Get(nodeId).Kind} node, not {typeof(T).Name}", nameof(nodeId));
        }
        EditNode(nodeId, n => edit((T)n), description);
    }

    /// <summary>Edits anything in the document (intents, incentives, variables, settings); undo restores the whole document.</summary>
    public void EditScript(Action<Script> edit, string description = "edit script")
    {
        ArgumentNullException.ThrowIfNull(edit);
        Execute(new EditScriptCommand(edit, description));
    }

    /// <summary>Renames a node and every route, goto target and start that named it.</summary>
    public void RenameNode(string nodeId, string newId)
    {
        newId = newId.Trim();
        Get(nodeId);
        if (newId.Length == 0)
        {
            throw new ArgumentException("a node id cannot be blank", nameof(newId));
        }
        if (newId == nodeId)
        {
            return;
        }
        if (Find(newId) is not null)
        {
            throw new ArgumentException($"there is already a node '{newId}'", nameof(newId));
        }
        EditScript(s => Rename(s, nodeId, newId), $"rename {nodeId} → {newId}");
    }

    /// <summary>Lays the whole graph out left to right (see <see cref="DesignerLayout"/>); one undo step.</summary>
    public void AutoLayout()
    {
        var positions = DesignerLayout.Arrange(Script);
        var moves = positions.Select(p => (p.Key, Find(p.Key)!.Position, (CanvasPosition?)p.Value)).ToList();
        Execute(new MoveNodesCommand(moves, "auto layout"));
    }

    internal void ReplaceScript(Script script) => Script = script;

    private string NewNodeId(string kind)
    {
        for (var i = Script.Nodes.Count + 1; ; i++)
        {
            var id = $"{kind}_{i}";
            if (Find(id) is null)
            {
                return id;
            }
        }
    }

    private void Notify(IScriptCommand command)
    {
        ChangeCount++;
        if (command is not MoveNodesCommand)
        {
            ContentChangeCount++;
        }
        Changed?.Invoke(command.Description);
    }

    private static CanvasPosition Round(CanvasPosition p) => new(Math.Round(p.X), Math.Round(p.Y));

    private static void Rename(Script script, string oldId, string newId)
    {
        foreach (var node in script.Nodes)
        {
            if (node.Id == oldId)
            {
                node.Id = newId;
            }
            foreach (var port in node.Routes.Where(r => r.Value == oldId).Select(r => r.Key).ToList())
            {
                node.Routes[port] = newId;
            }
            if (node is GotoNode g && g.Target == oldId)
            {
                g.Target = newId;
            }
        }
        foreach (var global in script.GlobalIntents.Where(g => g.Then == oldId))
        {
            global.Then = newId;
        }
        if (script.Start == oldId)
        {
            script.Start = newId;
        }
    }

    internal static string SerializeNode(Node node) => JsonSerializer.Serialize(node, ScriptJson.Options);

    internal static Node DeserializeNode(string json) =>
        JsonSerializer.Deserialize<Node>(json, ScriptJson.Options) ?? throw new InvalidOperationException("a node snapshot was null");
}
