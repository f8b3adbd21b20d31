using Bunit;
using Studio.Core.Scripts.Diffs;
using Studio.Web.Components.Pages.Scripts;

namespace Studio.Web.Tests.Shell;

public sealed class PublishDiffViewTests : IAsyncLifetime
{
    private readonly ShellComponentContext _ctx = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private static ScriptDiff Diff(IReadOnlyList<ItemChange>? nodes = null, IReadOnlyList<ItemChange>? incentives = null, IReadOnlyList<string>? fields = null) =>
        new(nodes ?? [], [], [], incentives ?? [], [], [], fields ?? []);

    [Fact]
    public void Added_removed_and_changed_nodes_show_with_their_ids_and_changed_fields()
    {
        var diff = Diff(
            nodes:
            [
                new ItemChange("offer_b", ChangeKind.Added, "抽红包", []),
                new ItemChange("retain", ChangeKind.Removed, null, []),
                new ItemChange("ask_wecom", ChangeKind.Changed, "询问加微", ["message", "routes"]),
            ],
            incentives: [new ItemChange("coupon30", ChangeKind.Changed, "30元无门槛券", ["amount"])],
            fields: ["settings"]);
        var cut = _ctx.Render<PublishDiffView>(p => p.Add(v => v.Diff, diff).Add(v => v.HasLive, true));

        var nodes = cut.Find("[data-diff-section=nodes]");
        Assert.Contains("节点", nodes.TextContent, StringComparison.Ordinal);
        Assert.Contains("+1 −1 ~1", nodes.TextContent, StringComparison.Ordinal);
        Assert.Equal("added", cut.Find("[data-id=offer_b]").GetAttribute("data-change"));
        Assert.Equal("removed", cut.Find("[data-id=retain]").GetAttribute("data-change"));
        var changed = cut.Find("[data-id=ask_wecom]");
        Assert.Equal("changed", changed.GetAttribute("data-change"));
        Assert.Contains("询问加微", changed.TextContent, StringComparison.Ordinal);
        Assert.Contains("message, routes", changed.TextContent, StringComparison.Ordinal);
        Assert.Contains("amount", cut.Find("[data-diff-section=incentives] [data-id=coupon30]").TextContent, StringComparison.Ordinal);
        Assert.Contains("settings", cut.Find("[data-diff-section=script]").TextContent, StringComparison.Ordinal);
        // Sections without changes are left out.
        Assert.Empty(cut.FindAll("[data-diff-section=intents]"));
        Assert.Empty(cut.FindAll("[data-testid=diff-empty]"));
    }

    [Fact]
    public void No_change_says_so_and_an_unreadable_draft_says_why()
    {
        var same = _ctx.Render<PublishDiffView>(p => p.Add(v => v.Diff, Diff()).Add(v => v.HasLive, true));
        Assert.Contains("没有改动", same.Find("[data-testid=diff-empty]").TextContent, StringComparison.Ordinal);

        var unreadable = _ctx.Render<PublishDiffView>(p => p.Add(v => v.Diff, (ScriptDiff?)null));
        Assert.Contains("无法读取", unreadable.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_first_version_explains_that_everything_is_new()
    {
        var cut = _ctx.Render<PublishDiffView>(p => p.Add(v => v.Diff, Diff(nodes: [new ItemChange("intro", ChangeKind.Added, "开场白", [])])).Add(v => v.HasLive, false));
        Assert.Contains("都是新增", cut.Markup, StringComparison.Ordinal);
    }
}
