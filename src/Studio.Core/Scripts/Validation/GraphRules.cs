namespace Studio.Core.Scripts.Validation;

/// <summary>The script as a graph: every node reachable from the start, and no loop that runs without waiting for the member.</summary>
internal static class GraphRules
{
    public static void Check(ValidationContext context)
    {
        CheckReachable(context);
        CheckLoops(context);
    }

    /// <summary>
    /// Walks routes (including goto return routes) and goto targets from the start node; global-intent
    /// targets count once the member can be waited on, since global intents are answered at ask nodes.
    /// </summary>
    private static void CheckReachable(ValidationContext context)
    {
        var start = context.Script.StartNodeId;
        if (!context.HasNode(start))
        {
            return; // reported as a missing start node (or no nodes)
        }
        var reached = new HashSet<string>(StringComparer.Ordinal) { start };
        var queue = new Queue<string>([start]);
        var globalsAdded = false;
        while (queue.Count > 0)
        {
            var node = context.NodeById(queue.Dequeue())!;
            var next = ValidationContext.Successors(node);
            if (node is AskNode && !globalsAdded)
            {
                globalsAdded = true;
                next = next.Concat(context.Script.GlobalIntents.Select(g => g.Then).Where(t => t != GlobalIntent.ReturnToWaitingNode));
            }
            foreach (var target in next)
            {
                if (context.HasNode(target) && reached.Add(target))
                {
                    queue.Enqueue(target);
                }
            }
        }
        foreach (var node in context.GraphNodes)
        {
            if (!reached.Contains(node.Id))
            {
                context.Error(DiagnosticCodes.UnreachableNode,
                    $"node '{node.Id}' cannot be reached from the start node '{start}': route to it from another node, or delete it",
                    context.PathOf(node.Id), node.Id);
            }
        }
    }

    /// <summary>
    /// Ask nodes wait for the member and so break every loop; a cycle among the other nodes would spin until
    /// the engine's hop limit ends the call with an error. A return node continues at the goto return routes.
    /// </summary>
    private static void CheckLoops(ValidationContext context)
    {
        var returnTargets = context.GraphNodes.OfType<GotoNode>()
            .Select(g => g.Route(Ports.Return)).OfType<string>().Where(context.HasNode).Distinct().ToList();
        var nodes = context.GraphNodes.Where(n => n is not AskNode).ToList();
        // A goto's return route is taken only after its sub-flow returns: that edge leaves the return node.
        var edges = nodes.ToDictionary(n => n.Id, n =>
            (n switch { ReturnNode => returnTargets, GotoNode jump => [jump.Target], _ => ValidationContext.Successors(n) })
                .Where(t => context.NodeById(t) is { } target && target is not AskNode)
                .Distinct().ToList(), StringComparer.Ordinal);

        foreach (var component in StronglyConnected(nodes.Select(n => n.Id).ToList(), edges))
        {
            var first = component[0];
            if (component.Count == 1 && !edges[first].Contains(first))
            {
                continue;
            }
            var cycle = ShortestCycle(first, edges, [.. component]);
            var others = component.Where(id => !cycle.Contains(id)).ToList();
            var also = others.Count == 0 ? "" : $" (the loop can also pass through {string.Join(", ", others.Select(o => $"'{o}'"))})";
            context.Error(DiagnosticCodes.LoopWithoutWait,
                $"loop without a question: {string.Join(" → ", cycle.Append(first))} can repeat forever without waiting for the member{also}: add an ask node to the loop or route out of it",
                context.PathOf(first), first);
        }
    }

    /// <summary>Tarjan's algorithm; each component lists its nodes in document order.</summary>
    private static List<List<string>> StronglyConnected(List<string> nodes, Dictionary<string, List<string>> edges)
    {
        var order = nodes.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<List<string>>();
        var counter = 0;

        // Iterative to survive long chains of nodes.
        foreach (var root in nodes)
        {
            if (index.ContainsKey(root))
            {
                continue;
            }
            var work = new Stack<(string Node, int Edge)>();
            work.Push((root, 0));
            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack.Add(root);
            while (work.Count > 0)
            {
                var (node, edge) = work.Pop();
                if (edge < edges[node].Count)
                {
                    work.Push((node, edge + 1));
                    var next = edges[node][edge];
                    if (!index.ContainsKey(next))
                    {
                        index[next] = low[next] = counter++;
                        stack.Push(next);
                        onStack.Add(next);
                        work.Push((next, 0));
                    }
                    else if (onStack.Contains(next))
                    {
                        low[node] = Math.Min(low[node], index[next]);
                    }
                    continue;
                }
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }
                if (low[node] == index[node])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != node);
                    result.Add([.. component.OrderBy(id => order[id])]);
                }
            }
        }
        return [.. result.OrderBy(c => order[c[0]])];
    }

    /// <summary>The shortest way from <paramref name="start"/> back to itself inside its component, in walking order.</summary>
    private static List<string> ShortestCycle(string start, Dictionary<string, List<string>> edges, HashSet<string> component)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in edges[node])
            {
                if (next == start)
                {
                    var path = new List<string> { node };
                    while (path[^1] != start)
                    {
                        path.Add(previous[path[^1]]);
                    }
                    path.Reverse();
                    return path;
                }
                if (component.Contains(next) && next != start && previous.TryAdd(next, node))
                {
                    queue.Enqueue(next);
                }
            }
        }
        return [start];
    }
}
