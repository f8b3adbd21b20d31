using System.Text.RegularExpressions;
using Studio.Core.Scripts;
using Studio.Core.Scripts.Rendering;

namespace Studio.Core.Tests.Scripts.Rendering;

public sealed class MermaidRendererTests
{
    private static Script Read(string json)
    {
        var result = ScriptJson.Read(json);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Script!;
    }

    /// <summary>Every node kind, a split, DTMF, a sub-flow, a missing target and labels full of special characters.</summary>
    private const string AllKinds = """
        {
          "formatVersion": 1, "id": "all-kinds", "name": "全部节点",
          "variables": [{ "name": "vip", "type": "boolean", "default": false }],
          "intents": [{ "name": "want_gift", "label": "想要礼品", "keywords": ["礼品"] }],
          "incentives": [
            { "id": "c30", "type": "coupon", "name": "30元券", "amount": 30, "threshold": 0, "cost": 30 },
            { "id": "g1", "type": "gift", "name": "面膜", "item": "面膜", "value": 59, "cost": 12 }
          ],
          "incentiveSets": [{ "id": "combo", "name": "券+礼", "items": ["c30", "g1"] }],
          "globalIntents": [
            { "intent": "ask_is_robot", "message": { "text": "我是AI \"小速\" <b>|</b> #1 `x` & co" } },
            { "intent": "opt_out", "message": { "text": "好的" }, "then": "bye" }
          ],
          "nodes": [
            { "id": "start-1", "kind": "set", "label": "初始化", "assign": { "vip": "tier == \"VIP\"" }, "routes": { "next": "check" } },
            { "id": "check", "kind": "condition", "label": "是否VIP?", "branches": [{ "port": "vip", "when": "vip" }], "routes": { "vip": "hello", "else": "split" } },
            { "id": "split", "kind": "split", "experiment": "gift-vs-coupon",
              "arms": [{ "id": "A", "label": "送券", "weight": 60 }, { "id": "B", "weight": 40 }], "routes": { "A": "offer", "B": "offer_set" } },
            { "id": "hello", "kind": "say", "label": "问候", "message": { "text": "尊敬的会员\n第二行不显示" }, "routes": { "next": "offer" } },
            { "id": "offer", "kind": "offer", "incentive": "c30", "message": { "text": "送您{{offer.description}}" }, "routes": { "next": "ask" } },
            { "id": "offer_set", "kind": "offer", "incentiveSet": "combo", "message": { "text": "送您{{offer.description}}" }, "routes": { "next": "ask" } },
            { "id": "ask", "kind": "ask", "label": "加微?", "message": { "text": "加您企微好吗?" },
              "dtmf": { "1": "affirm", "2": "deny" },
              "routes": { "affirm": "add", "deny": "bye", "want_gift": "sub", "noMatch": "bye", "noInput": "ghost" } },
            { "id": "add", "kind": "action", "action": "tag", "tags": ["intent_high"], "routes": { "next": "add2" } },
            { "id": "add2", "kind": "action", "action": "wecom_add", "routes": { "next": "end" } },
            { "id": "sub", "kind": "goto", "target": "sub_flow", "routes": { "return": "end" } },
            { "id": "sub_flow", "kind": "say", "message": { "text": "礼品说明:这是一段很长很长很长很长很长很长很长很长的介绍文字" }, "routes": { "next": "back" } },
            { "id": "back", "kind": "return" },
            { "id": "end", "kind": "end", "outcome": "wecom_add_consent", "grade": "A", "message": { "text": "再见" } },
            { "id": "bye", "kind": "end", "outcome": "refused" }
          ]
        }
        """;

    [Fact]
    public void Each_kind_gets_its_shape()
    {
        var mermaid = MermaidRenderer.Render(Read(AllKinds));
        var lines = mermaid.Split('\n').Select(l => l.Trim()).ToList();

        Assert.Equal("flowchart TD", lines[0]);
        Assert.Contains("s_start((\"开始\")) --> n_start_1", lines);
        Assert.Contains(lines, l => l.StartsWith("n_ask(\"加微?<br/>加您企微好吗?\")", StringComparison.Ordinal));           // ask: rounded
        Assert.Contains(lines, l => l.StartsWith("n_check{\"是否VIP?\"}", StringComparison.Ordinal));                         // condition: rhombus
        Assert.Contains(lines, l => l.StartsWith("n_split{\"split<br/>A/B 实验 gift-vs-coupon\"}", StringComparison.Ordinal)); // split: rhombus
        Assert.Contains(lines, l => l.StartsWith("n_end([\"end<br/>wecom_add_consent · 等级 A<br/>再见\"])", StringComparison.Ordinal)); // end: stadium
        Assert.Contains(lines, l => l.StartsWith("n_add2[[\"add2<br/>加企微\"]]", StringComparison.Ordinal));                 // action: subroutine
        Assert.Contains(lines, l => l.StartsWith("n_offer{{\"offer<br/>利益点 30元券", StringComparison.Ordinal));           // offer: hexagon
        Assert.Contains(lines, l => l.StartsWith("n_offer_set{{\"offer_set<br/>利益点 券+礼", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("n_start_1[/\"初始化<br/>vip = tier == #quot;VIP#quot;\"/]", StringComparison.Ordinal)); // set
        Assert.Contains(lines, l => l.StartsWith("n_sub>\"sub<br/>→ sub_flow\"]", StringComparison.Ordinal));                // goto
        Assert.Contains(lines, l => l.StartsWith("n_back((\"back\"))", StringComparison.Ordinal));                           // return
        Assert.Contains(lines, l => l.StartsWith("n_hello[\"问候<br/>尊敬的会员\"]", StringComparison.Ordinal));               // say: first line only
    }

    [Fact]
    public void Edges_are_labelled_by_port_in_chinese()
    {
        var lines = MermaidRenderer.Render(Read(AllKinds)).Split('\n').Select(l => l.Trim()).ToList();

        Assert.Contains("n_ask -->|\"肯定/同意 (按1)\"| n_add", lines);
        Assert.Contains("n_ask -->|\"否定/拒绝 (按2) / 未识别\"| n_bye", lines);
        Assert.Contains("n_ask -->|\"想要礼品\"| n_sub", lines);
        Assert.Contains("n_ask -->|\"无应答\"| m_0", lines);
        Assert.Contains("n_split -->|\"A 送券 60%\"| n_offer", lines);
        Assert.Contains("n_split -->|\"B 40%\"| n_offer_set", lines);
        Assert.Contains("n_check -->|\"vip\"| n_hello", lines);
        Assert.Contains("n_check -->|\"否则\"| n_split", lines);
        Assert.Contains("n_offer --> n_ask", lines);
        Assert.Contains("n_sub -.->|\"跳转\"| n_sub_flow", lines);
        Assert.Contains("n_sub -->|\"返回后\"| n_end", lines);
    }

    [Fact]
    public void A_route_to_a_missing_node_gets_a_marked_placeholder()
    {
        var lines = MermaidRenderer.Render(Read(AllKinds)).Split('\n').Select(l => l.Trim()).ToList();

        Assert.Contains("m_0[\"缺少节点: ghost\"]", lines);
        Assert.Contains("class m_0 missing", lines);
        Assert.True(lines.IndexOf("m_0[\"缺少节点: ghost\"]") < lines.IndexOf("n_ask -->|\"无应答\"| m_0"));
    }

    [Fact]
    public void Global_intents_are_listed_in_their_own_subgraph()
    {
        var lines = MermaidRenderer.Render(Read(AllKinds)).Split('\n').Select(l => l.Trim()).ToList();

        var start = lines.IndexOf("subgraph globals[\"全局问答\"]");
        Assert.True(start > 0);
        var end = lines.IndexOf("end", start);
        var inside = lines[(start + 1)..end];
        Assert.Equal(2, inside.Count);
        Assert.StartsWith("g_0[\"是否机器人<br/>", inside[0], StringComparison.Ordinal);
        Assert.EndsWith("<br/>↩ 回到原节点\"]", inside[0], StringComparison.Ordinal);
        Assert.Equal("g_1[\"拒绝再联系<br/>好的\"]", inside[1]);
        Assert.Contains("g_1 -.-> n_bye", lines);
    }

    [Fact]
    public void Special_characters_are_escaped_as_entity_codes()
    {
        var mermaid = MermaidRenderer.Render(Read(AllKinds));

        Assert.Contains("我是AI #quot;小速#quot; #lt;b#gt;#124;#lt;/b#gt; #35;1 #96;x", mermaid, StringComparison.Ordinal);
        Assert.Equal("a#quot;b#lt;c#gt;d#amp;e#124;f#35;g#96;h i", MermaidRenderer.Escape("a\"b<c>d&e|f#g`h\ni"));
    }

    [Fact]
    public void Long_texts_are_cut_to_a_short_excerpt()
    {
        var lines = MermaidRenderer.Render(Read(AllKinds)).Split('\n').Select(l => l.Trim()).ToList();

        var flow = Assert.Single(lines, l => l.StartsWith("n_sub_flow[", StringComparison.Ordinal));
        Assert.Contains("…", flow, StringComparison.Ordinal);
        Assert.DoesNotContain("介绍文字", flow, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_ids_that_mermaid_cannot_take_are_made_safe_and_unique()
    {
        var script = Read("""
            { "formatVersion": 1, "id": "ids", "nodes": [
              { "id": "end", "kind": "say", "message": { "text": "a" }, "routes": { "next": "结束" } },
              { "id": "结束", "kind": "say", "message": { "text": "b" }, "routes": { "next": "完成" } },
              { "id": "完成", "kind": "end", "outcome": "done" }
            ] }
            """);

        var lines = MermaidRenderer.Render(script).Split('\n').Select(l => l.Trim()).ToList();

        Assert.Contains(lines, l => l.StartsWith("n_end[\"end<br/>a\"]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("n___[\"结束<br/>b\"]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("n____2([\"完成<br/>done\"])", StringComparison.Ordinal));
        Assert.Contains("n_end --> n___", lines);
    }

    [Fact]
    public void The_output_is_well_formed_mermaid()
    {
        AssertWellFormed(MermaidRenderer.Render(Read(AllKinds)));
    }

    [Fact]
    public void Rendering_is_deterministic()
    {
        Assert.Equal(MermaidRenderer.Render(Read(AllKinds)), MermaidRenderer.Render(Read(AllKinds)));
    }

    private static readonly Regex NodeLine = new(
        """^(?<id>[A-Za-z][A-Za-z0-9_]*)(\(\("[^"]*"\)\)|\(\["[^"]*"\]\)|\[\["[^"]*"\]\]|\{\{"[^"]*"\}\}|\[/"[^"]*"/\]|>"[^"]*"\]|\("[^"]*"\)|\{"[^"]*"\}|\["[^"]*"\])$""");

    private static readonly Regex EdgeLine = new("""^(?<from>[A-Za-z][A-Za-z0-9_]*)( -->| -\.->)(\|"[^"|]*"\|)? (?<to>[A-Za-z][A-Za-z0-9_]*)$""");

    private static readonly Regex StartLine = new("""^s_start\(\("开始"\)\) --> (?<to>[A-Za-z][A-Za-z0-9_]*)$""");

    /// <summary>
    /// A structural check of the subset of Mermaid the renderer writes: every line is a node, an edge, a
    /// subgraph or a style statement; labels are quoted with no stray quotes; edges join declared nodes.
    /// </summary>
    internal static void AssertWellFormed(string mermaid)
    {
        var lines = mermaid.TrimEnd('\n').Split('\n');
        Assert.Equal("flowchart TD", lines[0]);
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var used = new List<string>();
        var depth = 0;
        foreach (var raw in lines.Skip(1))
        {
            var line = raw.Trim();
            Match m;
            if ((m = NodeLine.Match(line)).Success)
            {
                Assert.True(declared.Add(m.Groups["id"].Value), $"declared twice: {line}");
                Assert.DoesNotContain(m.Groups["id"].Value, new[] { "end", "subgraph", "graph", "flowchart" });
            }
            else if ((m = EdgeLine.Match(line)).Success)
            {
                used.Add(m.Groups["from"].Value);
                used.Add(m.Groups["to"].Value);
            }
            else if ((m = StartLine.Match(line)).Success)
            {
                used.Add(m.Groups["to"].Value);
            }
            else if (Regex.IsMatch(line, """^subgraph [A-Za-z_]+\["[^"]*"\]$"""))
            {
                depth++;
            }
            else if (line == "end")
            {
                depth--;
                Assert.True(depth >= 0, "end without subgraph");
            }
            else if (!Regex.IsMatch(line, """^(classDef [A-Za-z]+ [^;]+|class [A-Za-z0-9_,]+ [A-Za-z]+)$"""))
            {
                Assert.Fail($"not a Mermaid statement the renderer writes: {line}");
            }
        }
        Assert.Equal(0, depth);
        Assert.All(used, id => Assert.Contains(id, declared));
    }
}
