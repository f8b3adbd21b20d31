using Studio.Core.Scripts;
using Studio.Core.Scripts.Diffs;

namespace Studio.Core.Tests.Scripts.Diffs;

public sealed class ScriptDiffTests
{
    private const string Base = """
        {
          "formatVersion": 1, "id": "d", "name": "唤醒", "channels": ["voice"],
          "intents": [ { "name": "same_number", "label": "手机号就是微信", "examples": ["就是这个号"] } ],
          "globalIntents": [ { "intent": "ask_is_robot", "message": { "text": "我是智能客服。" } } ],
          "incentives": [ { "id": "c30", "type": "coupon", "name": "30元无门槛券", "amount": 30 } ],
          "nodes": [
            { "id": "intro", "kind": "say", "label": "开场白", "message": { "text": "您好" }, "routes": { "next": "ask" }, "position": { "x": 0, "y": 0 } },
            { "id": "ask", "kind": "ask", "message": { "text": "加个微信?" }, "routes": { "affirm": "bye", "deny": "bye" } },
            { "id": "bye", "kind": "end", "outcome": "done" }
          ]
        }
        """;

    private static Script Read(string json)
    {
        var read = ScriptJson.Read(json);
        Assert.True(read.Script is not null, string.Join("; ", read.Diagnostics));
        return read.Script!;
    }

    [Fact]
    public void The_same_document_has_no_changes()
    {
        var diff = ScriptDiff.Compare(Read(Base), Read(Base));
        Assert.True(diff.IsEmpty);
    }

    [Fact]
    public void Nothing_published_yet_means_every_item_is_added()
    {
        var diff = ScriptDiff.Compare(null, Read(Base));
        Assert.Equal(["intro", "ask", "bye"], diff.Nodes.Select(n => n.Id));
        Assert.All(diff.Nodes, n => Assert.Equal(ChangeKind.Added, n.Kind));
        Assert.Equal("开场白", diff.Nodes[0].Label);
        Assert.Single(diff.Intents);
        Assert.Single(diff.Incentives);
        Assert.Empty(diff.ScriptFields);
    }

    [Fact]
    public void Added_removed_and_changed_nodes_are_told_apart_with_the_changed_fields()
    {
        var after = Read(Base);
        after.Nodes.RemoveAll(n => n.Id == "bye");
        ((AskNode)after.Nodes.Single(n => n.Id == "ask")).Message.Text = "方便加个企业微信吗?";
        after.Nodes.Single(n => n.Id == "ask").Routes["deny"] = "retain";
        after.Nodes.Add(new EndNode { Id = "retain", Outcome = "declined" });

        var diff = ScriptDiff.Compare(Read(Base), after);

        var changed = Assert.Single(diff.Nodes, n => n.Kind == ChangeKind.Changed);
        Assert.Equal("ask", changed.Id);
        Assert.Equal(["message", "routes"], changed.Fields.Order(StringComparer.Ordinal));
        Assert.Equal("retain", Assert.Single(diff.Nodes, n => n.Kind == ChangeKind.Added).Id);
        Assert.Equal("bye", Assert.Single(diff.Nodes, n => n.Kind == ChangeKind.Removed).Id);
    }

    [Fact]
    public void Moving_a_node_on_the_canvas_is_not_a_change()
    {
        var after = Read(Base);
        after.Nodes[0].Position = new CanvasPosition(240, 80);
        Assert.True(ScriptDiff.Compare(Read(Base), after).IsEmpty);
    }

    [Fact]
    public void Intents_incentives_and_global_answers_are_compared_by_name()
    {
        var after = Read(Base);
        after.Intents[0].Examples.Add("同一个号");
        after.Incentives[0].Amount = 50;
        after.Incentives.Add(new Incentive { Id = "rp", Type = IncentiveType.RedPacket, Name = "随机红包", Min = 1, Max = 99, Framing = Framing.Chance });
        after.GlobalIntents.Clear();

        var diff = ScriptDiff.Compare(Read(Base), after);

        Assert.Equal(new ItemChange("same_number", ChangeKind.Changed, "手机号就是微信", ["examples"]), diff.Intents.Single(), ItemChangeComparer.Instance);
        Assert.Equal(["amount"], diff.Incentives.Single(i => i.Id == "c30").Fields);
        Assert.Equal(ChangeKind.Added, diff.Incentives.Single(i => i.Id == "rp").Kind);
        Assert.Equal(ChangeKind.Removed, Assert.Single(diff.GlobalIntents).Kind);
        Assert.Empty(diff.Nodes);
    }

    [Fact]
    public void Script_level_settings_are_listed_by_property()
    {
        var after = Read(Base);
        after.Name = "沉默会员唤醒 v2";
        after.Channels.Add(Channel.Wecom);
        after.Settings.MaxRetries = 2;
        Assert.Equal(["name", "channels", "settings"], ScriptDiff.Compare(Read(Base), after).ScriptFields);
    }

    private sealed class ItemChangeComparer : IEqualityComparer<ItemChange>
    {
        public static readonly ItemChangeComparer Instance = new();

        public bool Equals(ItemChange? x, ItemChange? y) =>
            x is not null && y is not null && x.Id == y.Id && x.Kind == y.Kind && x.Label == y.Label && x.Fields.SequenceEqual(y.Fields);

        public int GetHashCode(ItemChange obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
