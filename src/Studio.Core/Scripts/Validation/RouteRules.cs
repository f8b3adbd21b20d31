namespace Studio.Core.Scripts.Validation;

/// <summary>
/// Every port a node leaves through has a route, every route leads to an existing node, and ask
/// routes name intents the bot can recognise.
/// </summary>
internal static class RouteRules
{
    public static void Check(ValidationContext context)
    {
        CheckStart(context);
        foreach (var (node, path) in context.Nodes)
        {
            CheckTargets(context, node, path);
            switch (node)
            {
                case SayNode or OfferNode or ActionNode:
                    Require(context, node, path, Ports.Next, "where the conversation goes after it");
                    WarnUnused(context, node, path, [Ports.Next]);
                    break;
                case SetNode:
                    Require(context, node, path, Ports.Next, "where the conversation goes after it");
                    WarnUnused(context, node, path, [Ports.Next, Ports.Error]);
                    break;
                case AskNode ask:
                    CheckAsk(context, ask, path);
                    break;
                case ConditionNode condition:
                    CheckCondition(context, condition, path);
                    break;
                case GotoNode:
                    WarnUnused(context, node, path, [Ports.Return]);
                    break;
                case ReturnNode or EndNode:
                    WarnUnused(context, node, path, []);
                    break;
            }
        }
        CheckGlobalTargets(context);
        CheckReturns(context);
    }

    private static void CheckStart(ValidationContext context)
    {
        var start = context.Script.Start;
        if (start is null || context.Script.Nodes.Count == 0)
        {
            return;
        }
        if (start.Length == 0)
        {
            context.Error(DiagnosticCodes.DanglingRoute, "'start' is empty: name the node the conversation starts at, or leave it out to start at the first node", "$.start");
        }
        else if (!context.HasNode(start))
        {
            context.Error(DiagnosticCodes.DanglingRoute, $"start node '{start}' does not exist: name an existing node", "$.start");
        }
    }

    private static void CheckTargets(ValidationContext context, Node node, string path)
    {
        foreach (var (port, target) in node.Routes)
        {
            if (string.IsNullOrEmpty(target))
            {
                context.Error(DiagnosticCodes.DanglingRoute, $"route '{port}' has no target node: name the node it goes to", $"{path}.routes.{port}", node.Id);
            }
            else if (!context.HasNode(target))
            {
                context.Error(DiagnosticCodes.DanglingRoute, $"route '{port}' points to missing node '{target}'", $"{path}.routes.{port}", node.Id);
            }
        }
        if (node is GotoNode jump)
        {
            if (string.IsNullOrEmpty(jump.Target))
            {
                context.Error(DiagnosticCodes.DanglingRoute, "the goto has no 'target': name the node to jump to", path + ".target", node.Id);
            }
            else if (!context.HasNode(jump.Target))
            {
                context.Error(DiagnosticCodes.DanglingRoute, $"goto target '{jump.Target}' is not a node of the script", path + ".target", node.Id);
            }
        }
    }

    private static void Require(ValidationContext context, Node node, string path, string port, string purpose)
    {
        if (!node.Routes.ContainsKey(port))
        {
            context.Error(DiagnosticCodes.MissingRoute, $"the {node.Kind} node has no '{port}' route: add {purpose}", path + ".routes", node.Id);
        }
    }

    private static void CheckAsk(ValidationContext context, AskNode ask, string path)
    {
        Require(context, ask, path, Ports.NoMatch, "where to go when the answer is still not understood after the re-prompts");
        Require(context, ask, path, Ports.NoInput, "where to go when the member stays silent after the re-prompts");
        foreach (var port in ask.Routes.Keys)
        {
            if (port is not Ports.NoMatch and not Ports.NoInput && !context.IsKnownIntent(port))
            {
                context.Error(DiagnosticCodes.UnknownIntent,
                    $"route '{port}' is neither a system intent nor a script intent: fix the name or add the intent to 'intents'", $"{path}.routes.{port}", ask.Id);
            }
        }
        foreach (var (key, intent) in ask.Dtmf)
        {
            if (string.IsNullOrEmpty(intent) || !context.IsKnownIntent(intent))
            {
                context.Error(DiagnosticCodes.UnknownIntent,
                    $"key '{key}' maps to unknown intent '{intent}': use a system intent (e.g. affirm) or a script intent", $"{path}.dtmf.{key}", ask.Id);
            }
        }
    }

    private static void CheckCondition(ValidationContext context, ConditionNode condition, string path)
    {
        for (var i = 0; i < condition.Branches.Count; i++)
        {
            var port = condition.Branches[i].Port;
            var branchPath = $"{path}.branches[{i}]";
            if (string.IsNullOrWhiteSpace(port))
            {
                context.Error(DiagnosticCodes.MissingName, $"branch {i + 1} has no 'port': name the port its route leaves through", branchPath + ".port", condition.Id);
            }
            else if (!condition.Routes.ContainsKey(port))
            {
                context.Error(DiagnosticCodes.MissingRoute, $"branch '{port}' has no route: add routes.{port} with the node to go to", branchPath + ".port", condition.Id);
            }
        }
        Require(context, condition, path, Ports.Else, "where to go when no branch is true");
        WarnUnused(context, condition, path, [.. condition.Branches.Select(b => b.Port), Ports.Else, Ports.Error]);
    }

    /// <summary>A route on a port the node never leaves through is dead: usually a misspelt port.</summary>
    internal static void WarnUnused(ValidationContext context, Node node, string path, IReadOnlyCollection<string> ports)
    {
        foreach (var port in node.Routes.Keys)
        {
            if (ports.Contains(port))
            {
                continue;
            }
            var why = ports.Count == 0
                ? $"{Article(node.Kind)} {node.Kind} node has no outgoing routes"
                : $"{Article(node.Kind)} {node.Kind} node leaves only through {string.Join(", ", ports.Select(p => $"'{p}'"))}";
            context.Warning(DiagnosticCodes.UnusedRoute, $"route '{port}' is never taken: {why}", $"{path}.routes.{port}", node.Id);
        }
    }

    private static string Article(string kind) => kind is "ask" or "offer" or "action" or "end" ? "an" : "a";

    private static void CheckGlobalTargets(ValidationContext context)
    {
        var globals = context.Script.GlobalIntents;
        for (var i = 0; i < globals.Count; i++)
        {
            var then = globals[i].Then;
            var path = $"$.globalIntents[{i}].then";
            if (string.IsNullOrEmpty(then))
            {
                context.Error(DiagnosticCodes.DanglingRoute, $"global intent '{globals[i].Intent}' has an empty 'then': use 'return' or a node id", path);
            }
            else if (then != GlobalIntent.ReturnToWaitingNode && !context.HasNode(then))
            {
                context.Error(DiagnosticCodes.DanglingRoute, $"global intent '{globals[i].Intent}' continues at missing node '{then}': use a node id or 'return'", path);
            }
        }
    }

    private static void CheckReturns(ValidationContext context)
    {
        if (context.Script.Nodes.OfType<GotoNode>().Any(g => g.Routes.ContainsKey(Ports.Return)))
        {
            return;
        }
        foreach (var (node, path) in context.Nodes)
        {
            if (node is ReturnNode)
            {
                context.Error(DiagnosticCodes.ReturnWithoutCaller,
                    "no goto has a 'return' route, so nothing can come back from this return node (the conversation would end with an error): add a 'return' route to the goto that calls this sub-flow, or use an end node",
                    path, node.Id);
            }
        }
    }
}
