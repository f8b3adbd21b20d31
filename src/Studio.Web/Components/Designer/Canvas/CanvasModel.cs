using System.Globalization;
using Studio.Core.Scripts;
using Studio.Web.Components.Designer.Editing;

namespace Studio.Web.Components.Designer.Canvas;

/// <summary>A node as the canvas draws it: where, how big, its ports and the one line of text that says what it does.</summary>
public sealed record CanvasNode(Node Node, double X, double Y, double Height, IReadOnlyList<NodePort> Ports, string Title, string Summary);

/// <summary>A route drawn as an edge from a port to a node.</summary>
public sealed record CanvasEdge(string From, string Port, int PortIndex, string To, string Path);

/// <summary>What the canvas draws for one state of the document; rebuilt on every change (cheap: a few hundred nodes).</summary>
public sealed class CanvasModel
{
    private readonly Dictionary<string, CanvasNode> _byId;

    private CanvasModel(IReadOnlyList<CanvasNode> nodes, IReadOnlyList<CanvasEdge> edges, Dictionary<string, CanvasNode> byId)
    {
        _byId = byId;
        Nodes = nodes;
        Edges = edges;
        if (nodes.Count == 0)
        {
            Bounds = (0, 0, 800, 600);
            return;
        }
        var minX = nodes.Min(n => n.X);
        var minY = nodes.Min(n => n.Y);
        var maxX = nodes.Max(n => n.X + NodeGeometry.Width);
        var maxY = nodes.Max(n => n.Y + n.Height);
        Bounds = (minX - 40, minY - 40, maxX - minX + 80, maxY - minY + 80);
    }

    public IReadOnlyList<CanvasNode> Nodes { get; }
    public IReadOnlyList<CanvasEdge> Edges { get; }

    /// <summary>The drawing's extent (for the minimap).</summary>
    public (double X, double Y, double Width, double Height) Bounds { get; }

    public CanvasNode? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Does the port lead to a node that exists? (An empty or dangling route is an open port.)</summary>
    public bool IsLinked(Node node, string port) => node.Route(port) is { Length: > 0 } target && _byId.ContainsKey(target);

    public static CanvasModel Build(Script script)
    {
        var nodes = new List<CanvasNode>(script.Nodes.Count);
        var byId = new Dictionary<string, CanvasNode>(StringComparer.Ordinal);
        foreach (var node in script.Nodes)
        {
            var ports = NodePorts.WithStrayRoutes(node, script);
            var position = node.Position ?? new CanvasPosition(0, 0);
            var drawn = new CanvasNode(node, position.X, position.Y, NodeGeometry.Height(ports.Count), ports,
                string.IsNullOrWhiteSpace(node.Label) ? node.Id : node.Label!, Summary(node));
            nodes.Add(drawn);
            byId.TryAdd(node.Id, drawn);
        }
        var edges = new List<CanvasEdge>();
        foreach (var from in nodes)
        {
            for (var i = 0; i < from.Ports.Count; i++)
            {
                var port = from.Ports[i].Name;
                if (from.Node.Route(port) is { } to && byId.TryGetValue(to, out var target))
                {
                    edges.Add(new CanvasEdge(from.Node.Id, port, i, to, EdgePath(from.X + NodeGeometry.Width, from.Y + NodeGeometry.PortY(i),
                        target.X, target.Y + NodeGeometry.HeaderHeight / 2)));
                }
            }
        }
        return new CanvasModel(nodes, edges, byId);
    }

    /// <summary>A horizontal S-curve; designer.js draws the same curve while a node is dragged.</summary>
    public static string EdgePath(double sx, double sy, double tx, double ty)
    {
        var dx = Math.Max(40, Math.Abs(tx - sx) / 2);
        return string.Create(CultureInfo.InvariantCulture, $"M{sx:0.#} {sy:0.#} C{sx + dx:0.#} {sy:0.#} {tx - dx:0.#} {ty:0.#} {tx:0.#} {ty:0.#}");
    }

    public static string Summary(Node node)
    {
        var text = node switch
        {
            SayNode say => FirstText(say.Message),
            AskNode ask => FirstText(ask.Message),
            OfferNode offer => $"{offer.Incentive ?? offer.IncentiveSet} · {FirstText(offer.Message)}",
            EndNode end => $"{end.Outcome}{(end.Grade is { } g ? " · " + string.Format(CultureInfo.CurrentCulture, DesignerText.Get("Summary.Grade"), g) : "")}",
            ConditionNode condition => condition.Branches.Count > 0 ? condition.Branches[0].When : "",
            SplitNode split => split.Experiment,
            ActionNode action => action.Action switch
            {
                ActionType.Tag => DesignerText.Get("Action.Tag") + " " + string.Join(",", action.Tags),
                ActionType.WecomAdd => DesignerText.Get("Summary.WecomAdd"),
                ActionType.Sms => DesignerText.Get("Action.Sms"),
                ActionType.Webhook => "Webhook " + action.Webhook,
                ActionType.Transfer => DesignerText.Get("Action.Transfer") + " " + action.Queue,
                ActionType.Callback => DesignerText.Get("Action.Callback"),
                _ => "",
            },
            SetNode set => string.Join(", ", set.Assign.Keys),
            GotoNode go => "→ " + go.Target,
            _ => "",
        };
        return text.Length > 16 ? text[..15] + "…" : text;
    }

    private static string FirstText(Message? message) => message?.AllTexts.FirstOrDefault() ?? "";
}
