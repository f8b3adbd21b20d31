using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Core.Scripts;
using Studio.Data.Scripts;
using Studio.Data.Versions;
using Studio.Runtime.Experiments;
using Studio.Web.Tests.Browser;

namespace Studio.Web.Tests.Review;

/// <summary>
/// The reviewer's journey in a real browser against the whole host: the seeded demo experiment → its review →
/// the verdict → promote the winner → the new version is live with the winner at 100 %.
/// Signed in as a designer (who may promote) without the sign-in form.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ReviewJourneyTests(DesignerBrowserFixture fixture) : IClassFixture<DesignerBrowserFixture>
{
    [Fact]
    public async Task The_demo_experiment_is_reviewed_and_its_winner_promoted_to_a_live_version()
    {
        var seeder = fixture.Host.Services.GetRequiredService<DemoExperimentSeeder>();
        await seeder.SeedFromFileAsync(RepoPaths.Library("dormant-reactivation.json"));

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/experiments");
        await StudioPage.WaitReadyAsync(page);
        var row = page.Locator("tr[data-experiment='dormant-framing']");
        // The planted effect: the certain coupon (control A) beats the chance red packet (B).
        await Assertions.Expect(row).ToContainTextAsync("对照组最好");
        await row.Locator("a").ClickAsync();

        await page.WaitForURLAsync("**/experiments/dormant-framing");
        await page.Locator("[data-ready='true'] [data-testid=verdict]").WaitForAsync();
        var verdict = page.Locator("[data-testid=verdict]");
        await Assertions.Expect(verdict).ToHaveAttributeAsync("data-kind", "ControlWins");
        await Assertions.Expect(verdict).ToContainTextAsync("对照组 A 的加微率最好");
        await Assertions.Expect(page.Locator("[data-testid=srm-banner]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=arms-table] tr[data-arm=A]")).ToContainTextAsync("胜出");
        await Screenshots.SaveAndCheckAsync(page, "review");

        await page.Locator("[data-testid=promote]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=promote-dialog]")).ToContainTextAsync("推广胜出组 A");
        await page.Locator("[data-testid=promote-confirm]").ClickAsync();
        // Publishing trains the NLU model: allow for a busy CI machine.
        await page.Locator("[data-testid=live-version], [data-testid=promote-error]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 90_000 });
        var error = page.Locator("[data-testid=promote-error]");
        if (await error.CountAsync() > 0)
        {
            Assert.Fail("promotion failed: " + await error.InnerTextAsync());
        }
        var live = page.Locator("[data-testid=live-version]");
        await Assertions.Expect(live).ToContainTextAsync("已发布新版本 v1");

        // The stored truth: a new draft revision and an active published version with the winner at 100 %.
        var draft = (await fixture.Host.Services.GetRequiredService<IScriptDraftStore>().GetAsync("dormant-reactivation"))!;
        Assert.Equal(2, draft.Revision);
        Assert.Equal(await live.GetAttributeAsync("data-version"), draft.PublishedVersion);
        var version = (await fixture.Host.Services.GetRequiredService<IScriptVersionStore>().GetAsync("dormant-reactivation", draft.PublishedVersion!))!;
        Assert.Contains("推广胜出组 A", version.Note);
        var split = ScriptJson.Read(version.Document).Script!.Nodes.OfType<SplitNode>().Single();
        Assert.Equal([("A", 100.0), ("B", 0.0)], split.Arms.Select(a => (a.Id, a.Weight)));
        await page.CloseAsync();
    }
}
