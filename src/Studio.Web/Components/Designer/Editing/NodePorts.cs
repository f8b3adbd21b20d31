using Studio.Core.Recognition;
using Studio.Core.Scripts;

namespace Studio.Web.Components.Designer.Editing;

/// <summary>A port a node leaves through: its route key, the label the canvas shows and whether it must be connected.</summary>
public sealed record NodePort(string Name, string Label, bool Required);

/// <summary>The ports of each node kind (docs/script-format.md, "Kinds and their ports").</summary>
public static class NodePorts
{
    public static IReadOnlyList<NodePort> Of(Node node, Script script)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(script);
        return node switch
        {
            AskNode ask => [
                .. ask.Routes.Keys.Where(p => p is not Ports.NoMatch and not Ports.NoInput)
                    .Select(p => new NodePort(p, IntentLabel(p, script), true)),
                new NodePort(Ports.NoMatch, PortLabel(Ports.NoMatch), true),
                new NodePort(Ports.NoInput, PortLabel(Ports.NoInput), true),
            ],
            ConditionNode condition => [
                .. condition.Branches.Select(b => b.Port).Where(p => p.Length > 0).Distinct().Select(p => new NodePort(p, p, true)),
                new NodePort(Ports.Else, PortLabel(Ports.Else), true),
                new NodePort(Ports.Error, PortLabel(Ports.Error), false),
            ],
            SplitNode split => [.. split.Arms.Where(a => a.Id.Length > 0).Select(a => new NodePort(a.Id, ArmLabel(a), true))],
            SetNode => [new NodePort(Ports.Next, PortLabel(Ports.Next), true), new NodePort(Ports.Error, PortLabel(Ports.Error), false)],
            GotoNode => [new NodePort(Ports.Return, PortLabel(Ports.Return), false)],
            ReturnNode or EndNode => [],
            _ => [new NodePort(Ports.Next, PortLabel(Ports.Next), true)],
        };
    }

    /// <summary>Ports that exist in the routes but not for the kind (a misspelt port, SS205) are still drawn, so they can be removed.</summary>
    public static IReadOnlyList<NodePort> WithStrayRoutes(Node node, Script script)
    {
        var ports = Of(node, script);
        var stray = node.Routes.Keys.Where(k => ports.All(p => p.Name != k)).Select(k => new NodePort(k, k + "?", false));
        return [.. ports, .. stray];
    }

    public static string IntentLabel(string intent, Script script)
    {
        var scriptIntent = script.Intents.Find(i => i.Name == intent);
        if (scriptIntent?.Label is { Length: > 0 } label)
        {
            return label;
        }
        if (!SystemIntents.Labels.TryGetValue(intent, out var system))
        {
            return intent;
        }
        // zh-CN names come from the core; only the English resources name system intents.
        return DesignerText.Find("Intent." + intent) ?? system.Split('/')[^1];
    }

    private static string ArmLabel(Arm arm) =>
        $"{(string.IsNullOrWhiteSpace(arm.Label) ? arm.Id : arm.Label)} {arm.Weight:0.##}%";

    /// <summary>Name of a kind for the palette, the canvas and the property panel header, in the UI's language.</summary>
    public static string KindLabel(string kind) => Node.Kinds.Contains(kind) ? DesignerText.Get("Kind." + kind) : kind;

    /// <summary>Name of a fixed port (next, noMatch…) in the UI's language.</summary>
    private static string PortLabel(string port) => DesignerText.Find("Port." + port) ?? port;
}
