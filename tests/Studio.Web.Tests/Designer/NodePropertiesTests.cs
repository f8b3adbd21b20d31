using Bunit;
using Studio.Core.Scripts;
using Studio.Web.Components.Designer.Editing;
using Studio.Web.Components.Designer.Properties;

namespace Studio.Web.Tests.Designer;

public sealed class NodePropertiesTests : DesignerComponentContext
{
    public static TheoryData<string> Kinds() => [.. Node.Kinds];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_has_a_form_with_its_ports(string kind)
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var node = editor.AddNode(kind, 0, 0);

        var cut = Render<NodeProperties>(p => p.Add(x => x.Editor, editor).Add(x => x.NodeId, node.Id));

        Assert.Equal(kind, cut.Find(".designer-properties").GetAttribute("data-kind"));
        Assert.Contains(NodePorts.KindLabel(kind), cut.Markup, StringComparison.Ordinal);
        var ports = cut.FindAll(".dp-route").Select(e => e.GetAttribute("data-port")).ToList();
        Assert.Equal(NodePorts.Of(editor.Get(node.Id), editor.Script).Select(p => p.Name), ports);
    }

    [Fact]
    public void Editing_the_label_and_a_variation_changes_the_document_and_undo_reverts_each()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var cut = Render<NodeProperties>(p => p.Add(x => x.Editor, editor).Add(x => x.NodeId, "ask_add"));

        cut.Find(".dp-label input").Change("询问加微");
        cut.WaitForAssertion(() => Assert.Equal("询问加微", editor.Get("ask_add").Label));
        cut.Find(".dp-add-variation").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".dp-variation-1 textarea")));
        cut.Find(".dp-variation-1 textarea").Change("方便加一下您的企业微信吗?");
        cut.WaitForAssertion(() => Assert.Equal(2, ((AskNode)editor.Get("ask_add")).Message.Variations.Count(v => v.Length > 0)));

        var ask = (AskNode)editor.Get("ask_add");
        Assert.Equal("询问加微", ask.Label);
        Assert.Null(ask.Message.Text);
        Assert.Equal(["我加您企业微信发给您好吗?", "方便加一下您的企业微信吗?"], ask.Message.Variations);

        editor.Undo();
        editor.Undo();
        ask = (AskNode)editor.Get("ask_add");
        Assert.Equal("我加您企业微信发给您好吗?", ask.Message.Text);
        Assert.Empty(ask.Message.Variations);
        Assert.Equal("询问加微", ask.Label);
    }

    [Fact]
    public void Ask_retries_are_set_per_question()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var cut = Render<NodeProperties>(p => p.Add(x => x.Editor, editor).Add(x => x.NodeId, "greet"));

        cut.Find(".dp-nomatch-retries input").Change("2");

        cut.WaitForAssertion(() => Assert.Equal(2, ((AskNode)editor.Get("greet")).NoMatch?.Retries));
    }

    [Fact]
    public void Renaming_to_an_existing_id_is_refused_with_the_reason()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var cut = Render<NodeProperties>(p => p.Add(x => x.Editor, editor).Add(x => x.NodeId, "offer"));

        cut.Find(".dp-id input").Change("greet");

        cut.WaitForAssertion(() => Assert.Contains("已有编号为「greet」的节点", cut.Markup, StringComparison.Ordinal));
        Assert.NotNull(editor.Find("offer"));
        Assert.False(editor.CanUndo);
    }

    [Fact]
    public void The_offer_form_previews_the_incentive_spoken_and_as_a_card()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var cut = Render<NodeProperties>(p => p.Add(x => x.Editor, editor).Add(x => x.NodeId, "offer"));

        Assert.Contains("直接送您一张三十元无门槛优惠券", cut.Find(".ip-spoken-text").TextContent, StringComparison.Ordinal);
        Assert.Contains("¥30", cut.Find(".ip-card-amount").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Unconnected_required_ports_are_flagged()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        editor.Disconnect("greet", "noInput");
        var cut = Render<NodeProperties>(p => p.Add(x => x.Editor, editor).Add(x => x.NodeId, "greet"));

        Assert.Contains("未连接", cut.Find("[data-port='noInput']").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("未连接", cut.Find("[data-port='noMatch']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_from_the_panel_removes_the_node()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var deleted = false;
        var cut = Render<NodeProperties>(p => p.Add(x => x.Editor, editor).Add(x => x.NodeId, "add").Add(x => x.Deleted, () => deleted = true));

        cut.Find(".dp-delete").Click();

        cut.WaitForAssertion(() => Assert.True(deleted));
        Assert.Null(editor.Find("add"));
        Assert.Equal("", editor.Get("ask_add").Route("affirm"));
    }
}
