using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Runtime.Experiments;
using Studio.Web.Tests.Browser;

namespace Studio.Web.Tests.Review;

/// <summary>
/// In a real browser on the seeded demo experiment: the review's intents per arm, the drill-down into an arm and a
/// transcript, all through interactive navigation; then the simulate page on the same script.
/// </summary>
[Trait("Category", "Browser")]
public sealed class DrillDownJourneyTests(DesignerBrowserFixture fixture) : IClassFixture<DesignerBrowserFixture>
{
    [Fact]
    public async Task From_the_review_to_an_arms_conversations_and_a_transcript_and_a_simulation_of_the_script()
    {
        await fixture.Host.Services.GetRequiredService<DemoExperimentSeeder>().SeedFromFileAsync(RepoPaths.Library("dormant-reactivation.json"));
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/experiments/dormant-framing");
        await page.Locator("[data-ready='true'] [data-testid=verdict]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=intents-table] tr[data-intent=affirm] td[data-arm=B]")).ToContainTextAsync("%");

        await page.Locator("[data-testid=arms-table] tr[data-arm=B] a[data-testid=arm-link]").ClickAsync();
        await page.WaitForURLAsync("**/experiments/dormant-framing/arms/B");
        await page.Locator("[data-ready='true'] [data-testid=conversations-table]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=page-info]")).ToContainTextAsync("第 1 /");

        await page.Locator("[data-testid=outcome-filter] [data-outcome=wecom_add_consent]").ClickAsync();
        await page.WaitForURLAsync("**outcome=wecom_add_consent**");
        var first = page.Locator("[data-testid=conversations-table] tr[data-conversation]").First;
        await Assertions.Expect(first).ToContainTextAsync("wecom_add_consent");
        await first.Locator("a[data-testid=open-conversation]").ClickAsync();
        var transcript = page.Locator("[data-testid=transcript]");
        await Assertions.Expect(transcript.Locator("[data-role=bot]").First).ToBeVisibleAsync();
        await Assertions.Expect(transcript.Locator("[data-role=member] [data-field=intent]").First).Not.ToBeEmptyAsync();
        await Screenshots.SaveAndCheckAsync(page, "arm-drill-down");

        await page.GotoAsync("/scripts/dormant-reactivation/simulate");
        await StudioPage.WaitReadyAsync(page);
        await page.Locator("input[data-testid=sim-members]").FillAsync("300");
        await page.Locator("[data-testid=sim-run]").ClickAsync();
        await page.Locator("[data-testid=sim-report]").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("[data-testid=sim-arms] tr[data-arm=A]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=sim-arms] tr[data-arm=B]")).ToBeVisibleAsync();
        await Screenshots.SaveAndCheckAsync(page, "simulate");
    }
}
