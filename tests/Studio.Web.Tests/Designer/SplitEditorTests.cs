using Bunit;
using Studio.Core.Scripts;
using Studio.Web.Components.Designer.Editing;
using Studio.Web.Components.Designer.Properties;

namespace Studio.Web.Tests.Designer;

public sealed class SplitEditorTests : DesignerComponentContext
{
    private static (ScriptEditor Editor, string Split) EditorWithSplit()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var split = editor.AddNode("split", 0, 0);
        editor.Connect(split.Id, "A", "offer");
        return (editor, split.Id);
    }

    [Fact]
    public void Weights_that_do_not_total_100_show_an_inline_error_that_goes_when_fixed()
    {
        var (editor, id) = EditorWithSplit();
        var cut = Render<SplitEditor>(p => p.Add(x => x.Editor, editor).Add(x => x.NodeId, id));
        Assert.Empty(cut.FindAll(".dp-weight-error"));

        cut.Find("[data-arm='B'] .dp-arm-weight input").Change("40");

        // MudBlazor applies a typed value asynchronously.
        cut.WaitForAssertion(() => Assert.Equal(40, ((SplitNode)editor.Get(id)).Arms[1].Weight));
        cut.WaitForAssertion(() => Assert.Contains("权重合计 90%,须为 100%", cut.Find(".dp-weight-error").TextContent, StringComparison.Ordinal));

        cut.Find("[data-arm='A'] .dp-arm-weight input").Change("60");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".dp-weight-error")));
    }

    [Fact]
    public void Renaming_an_arm_keeps_its_route_and_adding_one_opens_a_new_port()
    {
        var (editor, id) = EditorWithSplit();
        var cut = Render<SplitEditor>(p => p.Add(x => x.Editor, editor).Add(x => x.NodeId, id));

        cut.Find("[data-arm='A'] .dp-arm-id input").Change("direct");
        cut.WaitForAssertion(() => Assert.Equal("offer", editor.Get(id).Route("direct")));
        Assert.Null(editor.Get(id).Route("A"));

        cut.Find(".dp-add-arm").Click();
        cut.WaitForAssertion(() => Assert.Equal(3, ((SplitNode)editor.Get(id)).Arms.Count));
        var split = (SplitNode)editor.Get(id);
        Assert.Equal(3, split.Arms.Count);
        Assert.Equal(["direct", "B", "C"], NodePorts.Of(split, editor.Script).Select(p => p.Name));
        Assert.Contains("权重合计 100%", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_experiment_must_be_named()
    {
        var (editor, id) = EditorWithSplit();
        var cut = Render<SplitEditor>(p => p.Add(x => x.Editor, editor).Add(x => x.NodeId, id));

        cut.Find(".dp-experiment input").Change("  ");

        cut.WaitForAssertion(() => Assert.Contains("请为实验命名", cut.Markup, StringComparison.Ordinal));
        Assert.Equal("", ((SplitNode)editor.Get(id)).Experiment);
        Assert.Contains("请为实验命名", cut.Markup, StringComparison.Ordinal);
        editor.Undo();
        Assert.Equal(id, ((SplitNode)editor.Get(id)).Experiment);
    }
}
