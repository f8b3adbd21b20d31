using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Core.Scripts.Validation;
using Studio.Web.Components.Designer;
using Studio.Web.Components.Designer.Editing;
using Studio.Web.Components.Designer.Library;
using Studio.Web.Components.Designer.Properties;

namespace Studio.Web.Tests.Designer;

/// <summary>
/// Issue #5: with the English switch the designer's chrome has no Chinese left. The script's own content is ASCII here,
/// so any CJK character in the markup comes from the UI itself (or from a member-facing preview, excluded by name).
/// </summary>
public sealed partial class DesignerEnglishTests() : DesignerComponentContext(s => s.AddSingleton<IIntentRecognizer>(new KeywordRecognizer()))
{
    private const string Ascii = """
        {
          "formatVersion": 1,
          "id": "ascii",
          "name": "Ascii",
          "channels": ["voice", "wecom"],
          "brand": {"name": "Acme", "assistant": "Max"},
          "variables": [
            {"name": "tier", "type": "string", "default": "\"VIP\"", "description": "member tier"},
            {"name": "answer", "type": "string"}
          ],
          "intents": [{"name": "ask_store", "label": "Store", "examples": ["where is the store"], "keywords": ["store"]}],
          "incentives": [
            {"id": "c30", "type": "coupon", "name": "Coupon", "amount": 30, "threshold": 0, "cost": 30, "validDays": 7, "stackable": true},
            {"id": "g1", "type": "gift", "name": "Gift", "item": "Mask", "value": 59, "cost": 12},
            {"id": "p1", "type": "points", "name": "Points", "points": 100, "cost": 1, "framing": "chance"},
            {"id": "r1", "type": "red_packet", "name": "Packet", "min": 1, "max": 9, "cost": 5}
          ],
          "incentiveSets": [{"id": "both", "name": "Both", "items": ["c30", "g1"]}],
          "globalIntents": [
            {"intent": "ask_is_robot", "message": {"text": "Yes, an assistant."}},
            {"intent": "opt_out", "message": {"text": "Sorry, bye."}, "then": "end_ok"}
          ],
          "nodes": [
            {"id": "hello", "kind": "say", "label": "Hello", "message": {"text": "Hello there", "wecom": {"type": "link", "title": "Hi", "url": "https://example.com"}},
             "routes": {"next": "greet"}},
            {"id": "greet", "kind": "ask", "label": "Greet", "message": {"text": "Is this you?"}, "storeAs": "answer",
             "noMatch": {"retries": 1, "reprompt": {"text": "Pardon?"}},
             "routes": {"affirm": "check", "ask_store": "end_ok", "noMatch": "end_ok", "noInput": "end_ok"}},
            {"id": "check", "kind": "condition", "branches": [{"port": "vip", "when": "member.tier === 'VIP'"}],
             "routes": {"vip": "ab", "else": "ab"}},
            {"id": "ab", "kind": "split", "experiment": "exp", "primaryMetric": "order_placed",
             "arms": [{"id": "A", "label": "Plain", "weight": 50}, {"id": "B", "label": "Bold", "weight": 40}],
             "routes": {"A": "offer", "B": "offer"}},
            {"id": "offer", "kind": "offer", "incentive": "c30", "message": {"text": "A coupon for you"}, "routes": {"next": "act"}},
            {"id": "act", "kind": "action", "action": "tag", "tags": ["hot"], "routes": {"next": "assign"}},
            {"id": "assign", "kind": "set", "assign": {"tier": "'GOLD'"}, "routes": {"next": "jump"}},
            {"id": "jump", "kind": "goto", "target": "sub", "routes": {"return": "end_ok"}},
            {"id": "sub", "kind": "return"},
            {"id": "end_ok", "kind": "end", "outcome": "completed", "grade": "A", "message": {"text": "Bye"}}
          ]
        }
        """;

    // The incentive preview shows what the member hears and sees, which is Chinese whatever the designer's language.
    private const string MemberFacing = ".ip-spoken-text, .ip-card-body";

    // Ideographs and Chinese punctuation (，：（）…), not the full-width ＋ － the zoom buttons draw.
    [GeneratedRegex(@"[\u3000-\u303F\u4E00-\u9FFF\uFF01-\uFF0A\uFF0C\uFF1A-\uFF1F]+")]
    private static partial Regex Cjk();

    public static TheoryData<string> NodeIds() => ["hello", "greet", "check", "ab", "offer", "act", "assign", "jump", "sub", "end_ok"];

    private static void UseEnglish() => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");

    /// <summary>Every CJK run in the rendered markup (text and attributes: labels, placeholders, aria-labels) outside <paramref name="exclude"/>.</summary>
    private static List<string> ChineseIn(INodeList nodes, string? exclude = null)
    {
        if (exclude is not null)
        {
            foreach (var element in nodes.OfType<IElement>().SelectMany(n => n.QuerySelectorAll(exclude).Concat(n.Matches(exclude) ? [n] : [])).ToList())
            {
                element.Remove();
            }
        }
        var markup = string.Concat(nodes.Select(n => n is IElement e ? e.OuterHtml : n.TextContent));
        // Each run with some markup around it, so a failure says where the Chinese is.
        return [.. Cjk().Matches(markup).Select(m => markup[Math.Max(0, m.Index - 60)..Math.Min(markup.Length, m.Index + m.Length + 20)])];
    }

    private static void AssertNoChinese(INodeList nodes, string? exclude = null)
    {
        var chinese = ChineseIn(nodes, exclude);
        Assert.True(chinese.Count == 0, "Chinese left in the English UI:\n" + string.Join("\n", chinese));
    }

    private IRenderedComponent<TComponent> RenderEnglish<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>> parameters)
        where TComponent : IComponent
    {
        UseEnglish();
        return Render(parameters);
    }

    [Theory]
    [MemberData(nameof(NodeIds))]
    public void Every_node_form_speaks_English(string nodeId)
    {
        var editor = new ScriptEditor(DesignerScripts.Read(Ascii));
        UseEnglish();
        var cut = Render<NodeProperties>(p => p.Add(x => x.Editor, editor).Add(x => x.NodeId, nodeId));

        Assert.Equal(nodeId, cut.Find(".designer-properties").GetAttribute("data-node"));
        AssertNoChinese(cut.Nodes, MemberFacing);
        Assert.Contains("Delete node", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Ports_kinds_and_system_intents_have_English_names()
    {
        var script = DesignerScripts.Read(Ascii);
        UseEnglish();

        Assert.Equal(["Yes / agree", "Store", "Not understood", "No answer"], NodePorts.Of(script.Nodes.Single(n => n.Id == "greet"), script).Select(p => p.Label));
        Assert.Equal("A/B split", NodePorts.KindLabel("split"));
        Assert.Equal(["vip", "Otherwise", "Error"], NodePorts.Of(script.Nodes.Single(n => n.Id == "check"), script).Select(p => p.Label));
    }

    [Fact]
    public void Ports_kinds_and_system_intents_stay_Chinese_by_default()
    {
        var script = DesignerScripts.Read(Ascii);

        Assert.Equal(["同意", "Store", "未识别", "无应答"], NodePorts.Of(script.Nodes.Single(n => n.Id == "greet"), script).Select(p => p.Label));
        Assert.Equal("A/B 分流", NodePorts.KindLabel("split"));
    }

    [Fact]
    public void The_split_form_reports_bad_weights_in_English()
    {
        var editor = new ScriptEditor(DesignerScripts.Read(Ascii));
        UseEnglish();
        var cut = Render<SplitEditor>(p => p.Add(x => x.Editor, editor).Add(x => x.NodeId, "ab"));

        Assert.Equal("Weights total 90%; they must total 100%", cut.Find(".dp-weight-error").TextContent.Trim());
        AssertNoChinese(cut.Nodes);
    }

    [Fact]
    public void A_taken_node_id_is_refused_in_the_UI_language()
    {
        var editor = new ScriptEditor(DesignerScripts.Read(Ascii));
        UseEnglish();
        var cut = Render<NodeProperties>(p => p.Add(x => x.Editor, editor).Add(x => x.NodeId, "hello"));

        cut.Find(".dp-id input").Change("greet");

        cut.WaitForAssertion(() => Assert.Contains("There is already a node 'greet'", cut.Markup, StringComparison.Ordinal));
        Assert.NotNull(editor.Find("hello"));
    }

    [Fact]
    public void The_intents_tab_and_its_try_box_speak_English()
    {
        var editor = new ScriptEditor(DesignerScripts.Read(Ascii));
        var cut = RenderEnglish<IntentsEditor>(p => p.Add(x => x.Editor, editor));
        AssertNoChinese(cut.Nodes);

        cut.Find(".di-try-text input").Input("store");
        cut.Find(".di-try-button").Click();

        cut.WaitForAssertion(() => Assert.Equal("ask_store", cut.Find(".di-verdict").GetAttribute("data-intent")));
        Assert.Contains("Intent", cut.Find(".di-verdict").TextContent, StringComparison.Ordinal);
        AssertNoChinese(cut.Nodes);
    }

    [Fact]
    public void The_global_answers_tab_speaks_English()
    {
        var cut = RenderEnglish<GlobalIntentsEditor>(p => p.Add(x => x.Editor, new ScriptEditor(DesignerScripts.Read(Ascii))));

        Assert.Equal(2, cut.FindAll(".dg-global").Count);
        AssertNoChinese(cut.Nodes);
    }

    [Fact]
    public void The_incentive_library_speaks_English_around_the_member_facing_previews()
    {
        var cut = RenderEnglish<IncentivesEditor>(p => p.Add(x => x.Editor, new ScriptEditor(DesignerScripts.Read(Ascii))));

        Assert.Equal(4, cut.FindAll(".incentive-preview").Count);
        Assert.Contains("Cost ¥30 per member · stackable", cut.Markup, StringComparison.Ordinal);
        AssertNoChinese(cut.Nodes, MemberFacing);
    }

    [Fact]
    public void The_variables_tab_and_its_JSON_error_speak_English()
    {
        var cut = RenderEnglish<VariablesEditor>(p => p.Add(x => x.Editor, new ScriptEditor(DesignerScripts.Read(Ascii))));

        cut.Find(".dv-default input").Change("VIP");

        cut.WaitForAssertion(() => Assert.Contains("Not a valid JSON value", cut.Markup, StringComparison.Ordinal));
        AssertNoChinese(cut.Nodes);
    }

    [Fact]
    public async Task The_whole_designer_palette_toolbar_canvas_and_tabs_speak_English()
    {
        await Drafts.SaveAsync("ascii", Ascii, 0, "ops");
        UseEnglish();
        var cut = Render<DesignerView>(p => p.Add(x => x.ScriptId, "ascii").Add(x => x.User, "ops").Add(x => x.AutosaveDelay, TimeSpan.FromMinutes(5)));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".designer").GetAttribute("data-ready")));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".dv-item")));

        Assert.Contains("A/B split", cut.Find(".designer-palette").TextContent, StringComparison.Ordinal);
        // The validator's messages are the core's English, whose examples quote Chinese script text (e.g. 我是…的智能客服).
        AssertNoChinese(cut.Nodes, ".dv-message");
    }

    [Fact]
    public void The_validation_panel_reads_Chinese_by_default_and_the_validator_English_when_switched()
    {
        var script = DesignerScripts.ReadSmoke();
        ((EndNode)script.Nodes.Single(n => n.Id == "end_refused")).Outcome = "";
        var diagnostics = ScriptValidator.Validate(script);
        var english = diagnostics.Single(d => d.Code == DiagnosticCodes.EndWithoutOutcome).Message;

        var chinese = Render<ValidationPanel>(p => p.Add(x => x.Diagnostics, diagnostics));
        var item = chinese.Find($"li[data-code='{DiagnosticCodes.EndWithoutOutcome}']");
        Assert.Equal("结束节点缺少通话结果 (outcome):请填写结果", item.QuerySelector(".dv-message")!.TextContent);
        Assert.Equal(english, item.QuerySelector(".dv-detail")!.TextContent);

        UseEnglish();
        var switched = Render<ValidationPanel>(p => p.Add(x => x.Diagnostics, diagnostics));
        Assert.Equal(english, switched.Find($"li[data-code='{DiagnosticCodes.EndWithoutOutcome}'] .dv-message").TextContent);
        Assert.Empty(switched.FindAll(".dv-detail"));
        Assert.Contains("Checks: 1 errors", switched.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_document_says_what_is_wrong_in_Chinese_next_to_the_readers_English()
    {
        await Drafts.SaveAsync("broken", """{"formatVersion": 1, "id": "broken" "nodes": []}""", 0, "ops");

        var cut = Render<DesignerView>(p => p.Add(x => x.ScriptId, "broken"));

        cut.WaitForAssertion(() => Assert.Contains("JSON 格式错误", cut.Find(".designer-load-meaning").TextContent, StringComparison.Ordinal));
        Assert.Contains("malformed JSON at line 1", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_diagnostic_code_has_a_Chinese_rendering()
    {
        var codes = typeof(DiagnosticCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToList();

        var missing = codes.Where(c => DesignerText.Find("Diagnostic." + c) is null).ToList();

        Assert.Empty(missing);
    }
}
