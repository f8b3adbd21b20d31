using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Core.Scripts;
using Studio.Data.Scripts;
using Studio.Data.Versions;
using static Studio.Web.Tests.Browser.DesignerCanvas;

namespace Studio.Web.Tests.Browser;

/// <summary>
/// Issue #5's main journey in one sitting, as a marketer would do it: sign in → create a script from a template →
/// add an ask node and an offer node → connect them → fix what validation flags → try it in the chat tester (好的 →
/// the next node) → save the conversation as a story → publish → the new version is live. Screenshots of the
/// designer, the tester and the publish page are kept (and copied to docs/screenshots for the README).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MainJourneyTests(BrowserFixture fixture)
{
    private static ILocator Node(IPage page, string id) => page.Locator($".dc-node[data-node='{id}']");

    /// <summary>Draws a route: from a node's port handle onto another node.</summary>
    private static async Task ConnectAsync(IPage page, string from, string port, string to)
    {
        await ShowAsync(page, from, to);
        var handle = await CentreOf(Node(page, from).Locator($".dc-port[data-port='{port}'] .dc-port-handle"));
        var target = await CentreOf(Node(page, to).Locator(".dc-summary"));
        await DragAsync(page, handle, target);
        await Assertions.Expect(page.Locator($".dc-edge[data-from='{from}'][data-port='{port}']")).ToHaveAttributeAsync("data-to", to);
    }

    /// <summary>Adds a node from the palette; it lands next to the selected node and is selected. Returns its id.</summary>
    private static async Task<string> AddFromPaletteAsync(IPage page, string kind)
    {
        var before = await page.Locator(".dc-node").CountAsync();
        await page.Locator($".dp-palette-item[data-kind='{kind}']").ClickAsync();
        await Assertions.Expect(page.Locator(".dc-node")).ToHaveCountAsync(before + 1);
        var properties = page.Locator($".designer-properties[data-kind='{kind}']");
        await properties.WaitForAsync();
        return (await properties.GetAttributeAsync("data-node"))!;
    }

    /// <summary>Picks an option of a MudBlazor select by its visible text.</summary>
    private static async Task ChooseAsync(IPage page, ILocator select, string option)
    {
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = option }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    private static ILocator Problem(IPage page, string code, string node) =>
        page.Locator($".designer-validation .dv-item.dv-error[data-code='{code}'][data-node='{node}']");

    /// <summary>Clicks a flagged problem (which selects its node) and points the node's port somewhere.</summary>
    private static async Task FixRouteAsync(IPage page, string node, string port, string target)
    {
        var problem = Problem(page, "SS105", node).Filter(new() { HasText = $"'{port}'" });
        await problem.ClickAsync();
        await Assertions.Expect(page.Locator($".designer-properties[data-node='{node}']")).ToBeVisibleAsync();
        await ChooseAsync(page, page.Locator($".designer-properties .dp-route[data-port='{port}'] .mud-select").First, target);
        await Assertions.Expect(problem).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_marketer_builds_tries_and_publishes_a_branch_in_one_sitting()
    {
        var page = await fixture.SignedInPageAsync();
        var list = new ScriptListPage(page);
        await list.GotoAsync();
        var id = await list.CreateFromTemplateAsync("post-purchase-wecom-add", "下单后加企微·旅程");

        // The designer opens from the list.
        await list.Row(id).Locator($"a[href='/scripts/{id}']").First.ClickAsync();
        await page.Locator(".designer-canvas[data-ready='true']").WaitForAsync();

        // A new question after the identity check, then an offer after it.
        await ShowAsync(page, "confirm_identity");
        await Node(page, "confirm_identity").Locator(".dc-summary").ClickAsync();
        var ask = await AddFromPaletteAsync(page, "ask");
        await page.Locator(".designer-properties .dp-variation-0 textarea").First.FillAsync("最近用得还习惯吗?");
        await page.Locator(".designer-properties .dp-label input").FillAsync("回访使用感受");
        var offer = await AddFromPaletteAsync(page, "offer");

        // Connect: the identity check's 同意 port is dragged onto the new question; the question gets an intent
        // branch (同意 → the offer) from its form, and the branch appears as a port with its route.
        await ConnectAsync(page, "confirm_identity", "affirm", ask);
        await ShowAsync(page, ask);
        await Node(page, ask).Locator(".dc-summary").ClickAsync();
        await ChooseAsync(page, page.Locator(".designer-properties .dp-new-intent"), "(affirm)");
        await ChooseAsync(page, page.Locator(".designer-properties .dp-new-target"), offer);
        await page.Locator(".designer-properties .dp-add-route").ClickAsync();
        await Assertions.Expect(page.Locator($".dc-edge[data-from='{ask}'][data-port='affirm']")).ToHaveAttributeAsync("data-to", offer);

        // Validation flags what is missing, by node; each problem is fixed from the panel.
        await Assertions.Expect(page.Locator(".designer-validation")).Not.ToHaveAttributeAsync("data-errors", "0");
        await Assertions.Expect(Problem(page, "SS113", offer)).ToHaveCountAsync(1);
        await Screenshots.SaveAndCheckAsync(page, "designer");

        await Problem(page, "SS113", offer).ClickAsync();
        await ChooseAsync(page, page.Locator(".designer-properties .dp-incentive"), "面膜");
        await Assertions.Expect(Problem(page, "SS113", offer)).ToHaveCountAsync(0);
        await FixRouteAsync(page, offer, "next", "ask_consent");
        await FixRouteAsync(page, ask, "noMatch", "ask_consent");
        await FixRouteAsync(page, ask, "noInput", "end_no_response");
        await Assertions.Expect(page.Locator(".designer-validation")).ToHaveAttributeAsync("data-errors", "0");
        await Assertions.Expect(page.Locator(".designer[data-save-state='Saved']")).ToHaveCountAsync(1, new() { Timeout = 15_000 });

        // The chat tester runs the draft as it is now: 是我 → the new question; 好的 → the offer and the consent question.
        await page.Locator(".designer-test").ClickAsync();
        var tester = page.Locator("[data-testid=chat-tester][data-ready=true]");
        await tester.WaitForAsync(new() { Timeout = 30_000 });
        var reply = tester.Locator("[data-testid=reply] input");
        await reply.FillAsync("是我");
        await reply.PressAsync("Enter");
        await Assertions.Expect(tester.Locator("[data-testid=turn][data-turn='1'] [data-testid=node]")).ToContainTextAsync(ask);
        await Assertions.Expect(tester.Locator("[data-testid=turn][data-turn='1']")).ToContainTextAsync("最近用得还习惯吗");
        await reply.FillAsync("好的");
        await reply.PressAsync("Enter");
        var second = tester.Locator("[data-testid=turn][data-turn='2']");
        await Assertions.Expect(second.Locator("[data-testid=intent]")).ToContainTextAsync("affirm");
        await Assertions.Expect(second.Locator("[data-testid=node]")).ToContainTextAsync("ask_consent");
        await Assertions.Expect(second).ToContainTextAsync("面膜");
        // The path is highlighted on the canvas.
        await Assertions.Expect(page.Locator($".dc-node.dc-path[data-node='{offer}']")).ToHaveCountAsync(1);

        await tester.Locator("[data-testid=story-name] input").FillAsync("认可使用感受后送面膜");
        await tester.Locator("[data-testid=save-story]").ClickAsync();
        await Assertions.Expect(tester.Locator("[data-testid=story-message]")).ToContainTextAsync("已保存测试用例");
        await Screenshots.SaveAndCheckAsync(page, "tester");
        var stories = fixture.Host.Services.GetRequiredService<IScriptStoryStore>();
        Assert.Contains("认可使用感受后送面膜", (await stories.GetAsync(id))?.Yaml, StringComparison.Ordinal);

        // Publish: the diff shows the two new nodes; a note; the version goes live.
        await page.Locator(".designer-publish").ClickAsync();
        await page.WaitForURLAsync($"**/scripts/{id}/publish");
        var publish = new PublishPage(page);
        await StudioPage.WaitReadyAsync(page);
        await page.Locator("[data-testid=publish-form]").WaitForAsync();
        await Screenshots.SaveAndCheckAsync(page, "publish");
        var result = await publish.PublishAsync("新增使用回访与面膜利益点");
        Assert.Contains("v1", result, StringComparison.Ordinal);
        await Assertions.Expect(publish.VersionRow(1).Locator("[data-live]")).ToHaveAttributeAsync("data-live", "all");

        // The stored truth: the live version holds the new branch.
        var draft = (await fixture.Host.Drafts.GetAsync(id))!;
        var version = (await fixture.Host.Services.GetRequiredService<IScriptVersionStore>().GetAsync(id, draft.PublishedVersion!))!;
        var script = ScriptJson.Read(version.Document).Script!;
        Assert.Equal(ask, script.Nodes.Single(n => n.Id == "confirm_identity").Route("affirm"));
        Assert.Equal("mask_15", script.Nodes.OfType<OfferNode>().Single(n => n.Id == offer).Incentive);
    }
}
