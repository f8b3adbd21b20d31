using Studio.Core.Scripts;
using Studio.Web.Components.Designer.Editing;

namespace Studio.Web.Tests.Designer;

public sealed class DesignerLayoutTests
{
    [Fact]
    public void Nodes_sit_to_the_right_of_every_node_that_leads_to_them()
    {
        var script = DesignerScripts.ReadSmoke();
        var layout = DesignerLayout.Arrange(script);

        Assert.Equal(script.Nodes.Count, layout.Count);
        Assert.True(layout["greet"].X < layout["offer"].X);
        Assert.True(layout["offer"].X < layout["ask_add"].X);
        Assert.True(layout["ask_add"].X < layout["add"].X);
        Assert.True(layout["add"].X < layout["end_ok"].X);
        // end_refused is reached from ask_add (column 2) and must sit after it, not next to end_wrong (column 1).
        Assert.True(layout["ask_add"].X < layout["end_refused"].X);
        Assert.Equal(layout["greet"].X, layout.Values.Min(p => p.X));
    }

    [Fact]
    public void Nodes_in_one_column_do_not_overlap()
    {
        var script = DesignerScripts.Read(DesignerScripts.Large(20));
        var layout = DesignerLayout.Arrange(script);
        foreach (var column in layout.GroupBy(p => p.Value.X))
        {
            var ys = column.Select(p => (p.Value.Y, Height: NodeGeometry.Height(NodePorts.Of(script.Nodes.Single(n => n.Id == p.Key), script).Count)))
                .OrderBy(t => t.Y).ToList();
            for (var i = 1; i < ys.Count; i++)
            {
                Assert.True(ys[i].Y >= ys[i - 1].Y + ys[i - 1].Height, $"overlap in column x={column.Key}");
            }
        }
    }

    [Fact]
    public void The_same_document_always_gets_the_same_layout()
    {
        var first = DesignerLayout.Arrange(DesignerScripts.Read(DesignerScripts.Large(10)));
        var second = DesignerLayout.Arrange(DesignerScripts.Read(DesignerScripts.Large(10)));
        Assert.Equal(first.OrderBy(p => p.Key), second.OrderBy(p => p.Key));
    }

    [Fact]
    public void Loops_and_unreachable_nodes_are_laid_out_too()
    {
        var script = DesignerScripts.ReadSmoke();
        // A loop back to the start and a node nothing leads to.
        script.Nodes.Single(n => n.Id == "end_refused").Routes["next"] = "greet";
        script.Nodes.Add(new SayNode { Id = "orphan", Message = new Message { Text = "孤立" } });

        var layout = DesignerLayout.Arrange(script);

        Assert.Equal(script.Nodes.Count, layout.Count);
        Assert.Equal(layout.Values.Min(p => p.X), layout["greet"].X);
        Assert.Equal(layout.Values.Min(p => p.X), layout["orphan"].X);
    }

    [Fact]
    public void Ports_follow_the_kind()
    {
        var script = DesignerScripts.ReadSmoke();
        Assert.Equal(["affirm", "deny", "noMatch", "noInput"], NodePorts.Of(script.Nodes[0], script).Select(p => p.Name));
        Assert.Equal("同意", NodePorts.Of(script.Nodes[0], script)[0].Label);
        Assert.Empty(NodePorts.Of(script.Nodes.Single(n => n.Id == "end_ok"), script));
        var split = new SplitNode { Id = "ab", Arms = [new Arm { Id = "A", Weight = 50 }, new Arm { Id = "B", Label = "抽红包", Weight = 50 }] };
        Assert.Equal(["A 50%", "抽红包 50%"], NodePorts.Of(split, script).Select(p => p.Label));
        var set = new SetNode { Id = "s", Routes = { ["next"] = "x", ["nxt"] = "y" } };
        Assert.Equal(["next", "error", "nxt"], NodePorts.WithStrayRoutes(set, script).Select(p => p.Name));
    }
}
