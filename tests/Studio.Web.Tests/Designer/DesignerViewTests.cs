using System.Globalization;
using Bunit;
using Studio.Core.Scripts;
using Studio.Web.Components.Designer;

namespace Studio.Web.Tests.Designer;

public sealed class DesignerViewTests : DesignerComponentContext
{
    private async Task<IRenderedComponent<DesignerView>> OpenSmokeAsync(TimeSpan? autosave = null)
    {
        await Drafts.SaveAsync("smoke", DesignerScripts.Smoke, 0, "王运营");
        var cut = Render<DesignerView>(p => p
            .Add(x => x.ScriptId, "smoke")
            .Add(x => x.User, "王运营")
            .Add(x => x.AutosaveDelay, autosave ?? TimeSpan.FromMilliseconds(50)));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".designer").GetAttribute("data-ready")));
        return cut;
    }

    private static int NodeCount(IRenderedComponent<DesignerView> cut) => cut.FindAll(".dc-node").Count;

    [Fact]
    public async Task Opens_the_draft_on_the_canvas_with_every_node_placed()
    {
        var cut = await OpenSmokeAsync();

        Assert.Equal(8, NodeCount(cut));
        Assert.Contains("冒烟", cut.Find(".designer-name").TextContent, StringComparison.Ordinal);
        // The smoke script has no positions: the layout placed every node somewhere distinct.
        var transforms = cut.FindAll(".dc-node").Select(n => n.GetAttribute("transform")).ToList();
        Assert.Equal(transforms.Count, transforms.Distinct().Count());
        Assert.Equal(10, cut.FindAll(".dc-edge").Count(e => e.GetAttribute("data-from") is "greet" or "offer" or "ask_add" or "add"));
    }

    [Fact]
    public async Task A_focus_node_from_a_link_opens_with_that_node_selected()
    {
        await Drafts.SaveAsync("smoke", DesignerScripts.Smoke, 0, "王运营");
        var cut = Render<DesignerView>(p => p.Add(x => x.ScriptId, "smoke").Add(x => x.FocusNode, "ask_add"));
        cut.WaitForAssertion(() => Assert.Equal("ask_add", cut.Find(".designer-properties").GetAttribute("data-node")));
    }

    [Fact]
    public async Task Undo_and_redo_buttons_step_through_palette_additions()
    {
        var cut = await OpenSmokeAsync(TimeSpan.FromMinutes(5));

        cut.Find(".dp-palette-item[data-kind='split']").Click();
        Assert.Equal(9, NodeCount(cut));
        Assert.Equal("split", cut.Find(".designer-properties").GetAttribute("data-kind"));

        cut.Find(".designer-undo").Click();
        cut.WaitForAssertion(() => Assert.Equal(8, NodeCount(cut)));
        Assert.Empty(cut.FindAll(".designer-properties"));

        cut.Find(".designer-redo").Click();
        cut.WaitForAssertion(() => Assert.Equal(9, NodeCount(cut)));
    }

    [Fact]
    public async Task Keyboard_delete_and_undo_work_on_the_selected_node()
    {
        var cut = await OpenSmokeAsync(TimeSpan.FromMinutes(5));
        await cut.InvokeAsync(() => cut.Instance.SelectNodeAsync("add"));

        await cut.InvokeAsync(() => cut.Instance.OnShortcut("delete"));
        Assert.Equal(7, NodeCount(cut));
        Assert.Empty(cut.FindAll(".dc-node[data-node='add']"));

        await cut.InvokeAsync(() => cut.Instance.OnShortcut("undo"));
        Assert.Equal(8, NodeCount(cut));
        await cut.InvokeAsync(() => cut.Instance.OnShortcut("redo"));
        Assert.Equal(7, NodeCount(cut));
    }

    [Fact]
    public async Task A_validation_entry_selects_its_node()
    {
        var cut = await OpenSmokeAsync(TimeSpan.FromMinutes(5));
        cut.Find(".dp-palette-item[data-kind='say']").Click(); // a say node with no text and no next: errors
        await cut.InvokeAsync(() => cut.Instance.SelectNodeAsync("greet"));
        Assert.Equal("greet", cut.Find(".designer-properties").GetAttribute("data-node"));

        // Validation runs shortly after the change.
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("li.dv-item[data-node='say_9']")));
        cut.Find("li.dv-item[data-node='say_9']").Click();

        cut.WaitForAssertion(() => Assert.Equal("say_9", cut.Find(".designer-properties").GetAttribute("data-node")));
        Assert.Contains("dc-selected", cut.Find(".dc-node[data-node='say_9']").GetAttribute("class"), StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Contains("dc-error", cut.Find(".dc-node[data-node='say_9']").GetAttribute("class"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Edits_autosave_to_the_draft_store()
    {
        var cut = await OpenSmokeAsync();

        cut.Find(".dp-palette-item[data-kind='end']").Click();

        cut.WaitForAssertion(() => Assert.Equal("Saved", cut.Find(".designer").GetAttribute("data-save-state")), TimeSpan.FromSeconds(5));
        var draft = await Drafts.GetAsync("smoke");
        Assert.Equal(2, draft!.Revision);
        Assert.Equal("王运营", draft.UpdatedBy);
        Assert.Contains(ScriptJson.Read(draft.Document).Script!.Nodes, n => n.Id == "end_9");
    }

    [Fact]
    public async Task A_stale_save_is_refused_with_a_clear_message_and_reload_fetches_the_other_version()
    {
        var cut = await OpenSmokeAsync();
        var theirs = DesignerScripts.ReadSmoke();
        theirs.Name = "冒烟(李运营改)";
        await Drafts.SaveAsync("smoke", ScriptJson.Serialize(theirs), 1, "李运营");

        cut.Find(".dp-palette-item[data-kind='end']").Click();

        cut.WaitForAssertion(() => Assert.Contains("此话术已被他人修改", cut.Find(".designer-conflict").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.Contains("李运营", cut.Find(".designer-conflict").TextContent, StringComparison.Ordinal);
        var stored = await Drafts.GetAsync("smoke");
        Assert.Equal(2, stored!.Revision);
        Assert.DoesNotContain("end_9", stored.Document, StringComparison.Ordinal);

        cut.Find(".designer-reload").Click();


        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".designer-conflict")));
        Assert.Contains("李运营改", cut.Find(".designer-name").TextContent, StringComparison.Ordinal);
        Assert.Equal(8, NodeCount(cut));
        Assert.Equal("2", cut.Find(".designer").GetAttribute("data-revision"));
    }

    [Fact]
    public async Task A_highlighted_path_lights_up_its_nodes_and_edges()
    {
        var cut = await OpenSmokeAsync(TimeSpan.FromMinutes(5));

        await cut.Instance.HighlightPath(["greet", "offer", "ask_add"]);

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll(".dc-node.dc-path").Count));
        Assert.Equal(2, cut.FindAll(".dc-edge.dc-path").Count);
    }

    [Fact]
    public void A_missing_script_says_so()
    {
        var cut = Render<DesignerView>(p => p.Add(x => x.ScriptId, "nope"));
        cut.WaitForAssertion(() => Assert.Contains("话术「nope」不存在", cut.Find(".designer-load-error").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_designer_speaks_English_when_switched()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var cut = await OpenSmokeAsync(TimeSpan.FromMinutes(5));

        Assert.Contains("Auto layout", cut.Find(".designer-layout").TextContent, StringComparison.Ordinal);
        Assert.Contains("Incentives", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("自动布局", cut.Markup, StringComparison.Ordinal);
    }
}
