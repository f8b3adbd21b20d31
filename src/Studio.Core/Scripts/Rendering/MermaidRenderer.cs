using System.Globalization;
using System.Text;
using Studio.Core.Recognition;

namespace Studio.Core.Scripts.Rendering;

/// <summary>
/// Draws a script as a Mermaid <c>flowchart TD</c>: one shape per node kind, edges labelled by port
/// (intents in Chinese, split arms with their weights), global intents in a subgraph of their own.
/// Pure: the same script always gives the same text.
/// </summary>
public static class MermaidRenderer
{
    /// <summary>Longest excerpt of a message shown under a node's name.</summary>
    public const int ExcerptLength = 24;

    private static readonly IReadOnlyDictionary<string, string> PortLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Ports.NoMatch] = "未识别",
        [Ports.NoInput] = "无应答",
        [Ports.Else] = "否则",
        [Ports.Error] = "出错",
        [Ports.Return] = "返回后",
    };

    private static readonly IReadOnlyDictionary<ActionType, string> ActionLabels = new Dictionary<ActionType, string>
    {
        [ActionType.Tag] = "打标签",
        [ActionType.WecomAdd] = "加企微",
        [ActionType.Sms] = "发短信",
        [ActionType.Webhook] = "Webhook",
        [ActionType.Transfer] = "转人工",
        [ActionType.Callback] = "预约回呼",
    };

    public static string Render(Script script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var ids = new MermaidIds(script);
        var output = new StringBuilder();
        output.Append("flowchart TD\n");
        if (!string.IsNullOrEmpty(script.StartNodeId) && ids.Nodes.ContainsKey(script.StartNodeId))
        {
            output.Append("  s_start((\"开始\")) --> ").Append(ids.Nodes[script.StartNodeId]).Append('\n');
        }

        foreach (var node in script.Nodes)
        {
            if (ids.Nodes.TryGetValue(node.Id, out var id) && ids.Owner[id] == node)
            {
                output.Append("  ").Append(id).Append(Shape(node, NodeLabel(script, node))).Append('\n');
            }
        }

        // Routes to nodes that do not exist get a visible placeholder, declared before any edge.
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        var targets = script.Nodes.SelectMany(n => n.Routes.Values.Append((n as GotoNode)?.Target))
            .Concat(script.GlobalIntents.Select(g => g.Then == GlobalIntent.ReturnToWaitingNode ? null : g.Then));
        foreach (var target in targets)
        {
            if (!string.IsNullOrEmpty(target) && !ids.Nodes.ContainsKey(target) && !missing.ContainsKey(target))
            {
                var placeholder = "m_" + missing.Count.ToString(CultureInfo.InvariantCulture);
                missing[target] = placeholder;
                output.Append("  ").Append(placeholder).Append("[\"").Append(Escape("缺少节点: " + target)).Append("\"]\n");
            }
        }
        string Target(string target) => ids.Nodes.TryGetValue(target, out var id) ? id : missing[target];

        foreach (var node in script.Nodes)
        {
            if (!ids.Nodes.TryGetValue(node.Id, out var from) || ids.Owner[from] != node)
            {
                continue;
            }
            if (node is GotoNode jump && !string.IsNullOrEmpty(jump.Target))
            {
                output.Append("  ").Append(from).Append(" -.->|\"跳转\"| ").Append(Target(jump.Target)).Append('\n');
            }
            // Ports leading to the same node share one edge, labelled with all of them.
            foreach (var group in node.Routes.Where(r => !string.IsNullOrEmpty(r.Value)).GroupBy(r => r.Value, StringComparer.Ordinal))
            {
                var labels = group.Select(r => PortLabel(script, node, r.Key)).Where(l => l.Length > 0).ToList();
                output.Append("  ").Append(from).Append(" -->");
                if (labels.Count > 0)
                {
                    output.Append("|\"").Append(Escape(string.Join(" / ", labels))).Append("\"|");
                }
                output.Append(' ').Append(Target(group.Key)).Append('\n');
            }
        }

        if (script.GlobalIntents.Count > 0)
        {
            output.Append("  subgraph globals[\"全局问答\"]\n");
            for (var i = 0; i < script.GlobalIntents.Count; i++)
            {
                var global = script.GlobalIntents[i];
                var label = new List<string> { IntentLabel(script, global.Intent) };
                if (Excerpt(global.Message) is { } excerpt)
                {
                    label.Add(excerpt);
                }
                if (global.Then == GlobalIntent.ReturnToWaitingNode)
                {
                    label.Add("↩ 回到原节点");
                }
                output.Append("    g_").Append(i.ToString(CultureInfo.InvariantCulture)).Append("[\"").Append(EscapeLines(label)).Append("\"]\n");
            }
            output.Append("  end\n");
            for (var i = 0; i < script.GlobalIntents.Count; i++)
            {
                var then = script.GlobalIntents[i].Then;
                if (!string.IsNullOrEmpty(then) && then != GlobalIntent.ReturnToWaitingNode)
                {
                    output.Append("  g_").Append(i.ToString(CultureInfo.InvariantCulture)).Append(" -.-> ").Append(Target(then)).Append('\n');
                }
            }
        }

        output.Append("  classDef ask fill:#e8f1fd,stroke:#3b78c4\n");
        output.Append("  classDef finish fill:#eeeeee,stroke:#666666\n");
        output.Append("  classDef missing fill:#fde2e2,stroke:#c0392b,color:#c0392b\n");
        AppendClass(output, "ask", script.Nodes.OfType<AskNode>().Select(n => ids.Nodes.GetValueOrDefault(n.Id)));
        AppendClass(output, "finish", script.Nodes.OfType<EndNode>().Select(n => ids.Nodes.GetValueOrDefault(n.Id)));
        AppendClass(output, "missing", missing.Values);
        return output.ToString();
    }

    private static void AppendClass(StringBuilder output, string className, IEnumerable<string?> ids)
    {
        var list = ids.OfType<string>().Distinct().ToList();
        if (list.Count > 0)
        {
            output.Append("  class ").Append(string.Join(",", list)).Append(' ').Append(className).Append('\n');
        }
    }

    private static string Shape(Node node, string label) => node switch
    {
        AskNode => $"(\"{label}\")",
        ConditionNode or SplitNode => $"{{\"{label}\"}}",
        EndNode => $"([\"{label}\"])",
        ActionNode => $"[[\"{label}\"]]",
        OfferNode => $"{{{{\"{label}\"}}}}",
        SetNode => $"[/\"{label}\"/]",
        GotoNode => $">\"{label}\"]",
        ReturnNode => $"((\"{label}\"))",
        _ => $"[\"{label}\"]",
    };

    /// <summary>The node's name, then a line or two of what it does; escaped for a quoted label.</summary>
    private static string NodeLabel(Script script, Node node)
    {
        var lines = new List<string?> { string.IsNullOrWhiteSpace(node.Label) ? node.Id : node.Label };
        switch (node)
        {
            case SayNode say:
                lines.Add(Excerpt(say.Message));
                break;
            case AskNode ask:
                lines.Add(Excerpt(ask.Message));
                break;
            case SplitNode split:
                lines.Add("A/B 实验 " + split.Experiment);
                break;
            case OfferNode offer:
                var incentive = offer.Incentive is not null
                    ? script.Incentives.FirstOrDefault(i => i.Id == offer.Incentive)?.Name ?? offer.Incentive
                    : script.IncentiveSets.FirstOrDefault(s => s.Id == offer.IncentiveSet)?.Name ?? offer.IncentiveSet;
                if (incentive is not null)
                {
                    lines.Add("利益点 " + incentive);
                }
                lines.Add(Excerpt(offer.Message));
                break;
            case ActionNode action:
                var what = ActionLabels.GetValueOrDefault(action.Action, action.Action.ToString());
                var detail = action.Action switch
                {
                    ActionType.Tag => string.Join(",", action.Tags),
                    ActionType.Webhook => action.Webhook,
                    ActionType.Transfer => action.Queue,
                    ActionType.Sms => action.Template,
                    ActionType.Callback => action.DelayMinutes is { } m ? m.ToString(CultureInfo.InvariantCulture) + "分钟后" : action.At,
                    _ => null,
                };
                lines.Add(string.IsNullOrEmpty(detail) ? what : $"{what} {Shorten(detail)}");
                break;
            case SetNode set:
                lines.AddRange(set.Assign.Take(2).Select(a => Shorten($"{a.Key} = {a.Value}")));
                break;
            case GotoNode jump:
                lines.Add("→ " + jump.Target);
                break;
            case EndNode end:
                lines.Add(end.Grade is { } grade ? $"{end.Outcome} · 等级 {grade}" : end.Outcome);
                lines.Add(Excerpt(end.Message));
                break;
        }
        return EscapeLines(lines);
    }

    private static string PortLabel(Script script, Node node, string port)
    {
        switch (node)
        {
            case SplitNode split:
                var arm = split.Arms.FirstOrDefault(a => a.Id == port);
                if (arm is null)
                {
                    return port;
                }
                var weight = arm.Weight.ToString("0.##", CultureInfo.InvariantCulture) + "%";
                return string.IsNullOrWhiteSpace(arm.Label) ? $"{arm.Id} {weight}" : $"{arm.Id} {arm.Label} {weight}";
            case AskNode ask:
                if (PortLabels.TryGetValue(port, out var askPort))
                {
                    return askPort;
                }
                var keys = ask.Dtmf.Where(d => d.Value == port).Select(d => d.Key).Order(StringComparer.Ordinal).ToList();
                var label = IntentLabel(script, port);
                return keys.Count == 0 ? label : $"{label} (按{string.Join("/", keys)})";
            default:
                return port == Ports.Next ? "" : PortLabels.GetValueOrDefault(port, port);
        }
    }

    /// <summary>The Chinese label of a system intent, a script intent's label, or the name itself.</summary>
    public static string IntentLabel(Script script, string intent)
    {
        if (SystemIntents.Labels.TryGetValue(intent, out var system))
        {
            return system;
        }
        var defined = script.Intents.FirstOrDefault(i => i.Name == intent);
        return string.IsNullOrWhiteSpace(defined?.Label) ? intent : defined.Label;
    }

    /// <summary>A short first line of a message (its text, else the voice text, else a card title).</summary>
    private static string? Excerpt(Message? message)
    {
        var text = message?.AllTexts.FirstOrDefault() ?? message?.Voice?.Text ?? message?.Wecom?.Title ?? message?.Wecom?.Text;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var firstLine = text.Trim().Split('\n')[0].Trim();
        return Shorten(firstLine);
    }

    /// <summary>
    /// About <see cref="ExcerptLength"/> characters and an ellipsis. A {{placeholder}} counts as a short word
    /// (it renders to one) and is never cut in two.
    /// </summary>
    private static string Shorten(string text)
    {
        const int PlaceholderWidth = 4;
        var elements = StringInfo.GetTextElementEnumerator(text);
        var builder = new StringBuilder();
        var width = 0;
        var inPlaceholder = false;
        while (elements.MoveNext())
        {
            if (width >= ExcerptLength && !inPlaceholder)
            {
                return builder.Append('…').ToString();
            }
            builder.Append(elements.GetTextElement());
            if (!inPlaceholder && EndsWith(builder, "{{"))
            {
                inPlaceholder = true;
                width--; // the first brace was counted
            }
            else if (inPlaceholder && EndsWith(builder, "}}"))
            {
                inPlaceholder = false;
                width += PlaceholderWidth;
            }
            else if (!inPlaceholder)
            {
                width++;
            }
        }
        return builder.ToString();
    }

    private static bool EndsWith(StringBuilder text, string end) =>
        text.Length >= end.Length && text.ToString(text.Length - end.Length, end.Length) == end;

    private static string EscapeLines(IEnumerable<string?> lines) =>
        string.Join("<br/>", lines.Where(l => !string.IsNullOrEmpty(l)).Select(l => Escape(l!)));

    /// <summary>
    /// Makes text safe inside a quoted Mermaid label: quotes, angle brackets, ampersands, pipes, hashes
    /// and backticks become Mermaid entity codes; line breaks become spaces.
    /// </summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '#' => builder.Append("#35;"),
                '"' => builder.Append("#quot;"),
                '<' => builder.Append("#lt;"),
                '>' => builder.Append("#gt;"),
                '&' => builder.Append("#amp;"),
                '|' => builder.Append("#124;"),
                '`' => builder.Append("#96;"),
                '\r' => builder,
                '\n' or '\t' => builder.Append(' '),
                _ => builder.Append(c),
            };
        }
        return builder.ToString();
    }

    /// <summary>Mermaid ids for script nodes: <c>n_</c> + the id with unsafe characters replaced, unique.</summary>
    private sealed class MermaidIds
    {
        public Dictionary<string, string> Nodes { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, Node> Owner { get; } = new(StringComparer.Ordinal);

        public MermaidIds(Script script)
        {
            foreach (var node in script.Nodes)
            {
                if (Nodes.ContainsKey(node.Id))
                {
                    continue; // a duplicate id: the validator reports it; draw the first one
                }
                var safe = new StringBuilder("n_");
                foreach (var c in node.Id)
                {
                    safe.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
                }
                var id = safe.ToString();
                for (var n = 2; Owner.ContainsKey(id); n++)
                {
                    id = safe + "_" + n.ToString(CultureInfo.InvariantCulture);
                }
                Nodes[node.Id] = id;
                Owner[id] = node;
            }
        }
    }
}
