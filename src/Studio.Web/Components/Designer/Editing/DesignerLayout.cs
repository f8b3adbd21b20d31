using Studio.Core.Scripts;

namespace Studio.Web.Components.Designer.Editing;

/// <summary>The size of a node on the canvas; the layout and the SVG share it so ports line up.</summary>
public static class NodeGeometry
{
    public const double Width = 200;
    public const double HeaderHeight = 46;
    public const double PortHeight = 20;

    public static double Height(int portCount) => HeaderHeight + Math.Max(1, portCount) * PortHeight + 6;

    /// <summary>Y of a port's centre relative to the node's top.</summary>
    public static double PortY(int index) => HeaderHeight + index * PortHeight + PortHeight / 2;
}

/// <summary>
/// Layered left-to-right layout: a node sits one column right of the furthest node that leads to it (back edges
/// of loops ignored), nodes in a column keep the order in which a walk from the start meets them. Deterministic:
/// the same document always gets the same picture.
/// </summary>
public static class DesignerLayout
{
    public const double ColumnGap = 100;
    public const double RowGap = 30;
    public const double Margin = 40;

    public static IReadOnlyDictionary<string, CanvasPosition> Arrange(Script script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var nodes = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var node in script.Nodes)
        {
            nodes.TryAdd(node.Id, node);
        }
        var ports = nodes.Values.ToDictionary(n => n.Id, n => NodePorts.WithStrayRoutes(n, script), StringComparer.Ordinal);
        List<string> Targets(string id) =>
            [.. ports[id].Select(p => nodes[id].Route(p.Name)).OfType<string>().Where(nodes.ContainsKey).Distinct()];

        // Discovery order: breadth-first from the start, then from every node not reached yet (document order).
        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in new[] { script.StartNodeId }.Concat(nodes.Keys))
        {
            if (!nodes.ContainsKey(root) || !seen.Add(root))
            {
                continue;
            }
            var queue = new Queue<string>([root]);
            while (queue.TryDequeue(out var id))
            {
                order.Add(id);
                foreach (var next in Targets(id).Where(seen.Add))
                {
                    queue.Enqueue(next);
                }
            }
        }
        var rank = order.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);

        // Forward edges: a depth-first walk in discovery order; an edge back onto the walk's path closes a loop.
        var forward = order.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 done
        var postOrder = new List<string>();
        foreach (var root in order)
        {
            if (state.ContainsKey(root))
            {
                continue;
            }
            var stack = new Stack<(string Id, IEnumerator<string> Next)>();
            state[root] = 1;
            stack.Push((root, Targets(root).GetEnumerator()));
            while (stack.Count > 0)
            {
                var (id, next) = stack.Peek();
                if (next.MoveNext())
                {
                    var target = next.Current;
                    if (!state.TryGetValue(target, out var s))
                    {
                        forward[id].Add(target);
                        state[target] = 1;
                        stack.Push((target, Targets(target).GetEnumerator()));
                    }
                    else if (s == 2)
                    {
                        forward[id].Add(target);
                    }
                }
                else
                {
                    state[id] = 2;
                    postOrder.Add(id);
                    stack.Pop();
                }
            }
        }

        // Longest path in topological order (reverse post-order).
        var layer = order.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        for (var i = postOrder.Count - 1; i >= 0; i--)
        {
            var id = postOrder[i];
            foreach (var target in forward[id])
            {
                layer[target] = Math.Max(layer[target], layer[id] + 1);
            }
        }

        // Within a column: discovery order, then sorted by the mean row of the predecessors (one sweep).
        var columns = order.GroupBy(id => layer[id]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var row = new Dictionary<string, double>(StringComparer.Ordinal);
        var predecessors = order.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (from, targets) in forward)
        {
            foreach (var target in targets)
            {
                predecessors[target].Add(from);
            }
        }
        var result = new Dictionary<string, CanvasPosition>(StringComparer.Ordinal);
        var x = Margin;
        foreach (var column in columns)
        {
            var sorted = column
                .Select(id => (id, key: predecessors[id].Where(row.ContainsKey).Select(p => row[p]).DefaultIfEmpty(double.MaxValue).Average()))
                .OrderBy(t => t.key).ThenBy(t => rank[t.id]).Select(t => t.id).ToList();
            var y = Margin;
            for (var i = 0; i < sorted.Count; i++)
            {
                var id = sorted[i];
                row[id] = i;
                result[id] = new CanvasPosition(x, y);
                y += NodeGeometry.Height(ports[id].Count) + RowGap;
            }
            x += NodeGeometry.Width + ColumnGap;
        }
        return result;
    }
}
