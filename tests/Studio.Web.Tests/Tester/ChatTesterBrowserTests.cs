using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using Studio.Web.Tests.Browser;
using Xunit.Abstractions;

namespace Studio.Web.Tests.Tester;

/// <summary>The round-trip measurement runs alone: other test classes of the run must not share its CPU.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserMeasurement
{
    public const string Name = "browser measurement";
}

/// <summary>The tester page in Debian's chromium through Playwright, against the host on Kestrel.</summary>
[Collection(BrowserMeasurement.Name)]
public sealed class ChatTesterBrowserTests(DesignerBrowserFixture fixture, ITestOutputHelper output) : IClassFixture<DesignerBrowserFixture>
{
    private async Task<IPage> OpenTesterAsync(string scriptId)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/scripts/{scriptId}/test");
        await page.Locator("[data-testid=chat-tester][data-ready=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        return page;
    }

    [Fact]
    public async Task A_designer_talks_to_a_draft_on_its_test_page_and_saves_the_conversation_as_a_test_case()
    {
        var id = await fixture.Host.SaveLibraryDraftAsync("dormant-reactivation.json", "tester-1");
        var page = await OpenTesterAsync(id);
        await Assertions.Expect(page.Locator("[data-testid=transcript]")).ToContainTextAsync("张女士");

        await page.Locator("[data-testid=reply] input").FillAsync("是我,什么事");
        await page.Locator("[data-testid=reply] input").PressAsync("Enter");

        var second = page.Locator("[data-testid=turn][data-turn='1']");
        await Assertions.Expect(second.Locator("[data-testid=intent]")).ToContainTextAsync("affirm");
        await Assertions.Expect(second.Locator("[data-testid=node]")).ToContainTextAsync("ask_consent");
        await Assertions.Expect(page.Locator("[data-testid=reply] input")).ToHaveValueAsync("");

        await page.Locator("[data-testid=hang-up]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ended]")).ToContainTextAsync("hangup");

        await page.Locator("[data-testid=save-story]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=story-message]")).ToContainTextAsync("已保存测试用例");
        await page.Locator("[data-testid=run-stories]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=story-summary]")).ToContainTextAsync("1 通过 · 0 失败", new() { Timeout = 30_000 });
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] + $" on {Environment.ProcessorCount} cores" : "n/a";

    [Fact]
    public async Task Forcing_an_arm_restarts_the_conversation_in_that_arm()
    {
        var id = await fixture.Host.SaveLibraryDraftAsync("dormant-reactivation.json", "tester-2");
        var page = await OpenTesterAsync(id);

        await page.Locator("[data-testid=arm]").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("B 有机会得1-99元红包").ClickAsync();
        await page.Locator("[data-testid=reply] input").FillAsync("是我");
        await page.Locator("[data-testid=reply] input").PressAsync("Enter");

        await Assertions.Expect(page.Locator("[data-testid=current-arm]")).ToContainTextAsync("B 有机会得1-99元红包");
        await Assertions.Expect(page.Locator("[data-testid=turn][data-turn='1']")).ToContainTextAsync("红包");
        await Assertions.Expect(page.Locator("[data-testid=turn][data-turn='1'] [data-testid=spoken]").First).ToContainTextAsync("一到九十九元");
    }

    [Fact]
    public async Task A_missing_draft_says_so()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/scripts/no-such-script/test");
        await Assertions.Expect(page.Locator("[data-testid=not-found]")).ToContainTextAsync("no-such-script");
    }

    /// <summary>
    /// Point 10 of issue #5: the tester's round trip (send 好的 → the reply visible in the browser) without an LLM.
    /// Measured and reported (docs/benchmarks.md), not asserted: speed belongs to benchmarks, not to pass/fail.
    /// </summary>
    [Fact]
    public async Task Round_trip_from_send_to_visible_reply_is_measured()
    {
        var id = await fixture.Host.SaveLibraryDraftAsync("dormant-reactivation.json", "tester-3");
        var page = await OpenTesterAsync(id);
        var input = page.Locator("[data-testid=reply] input");
        var reply = page.Locator("[data-testid=turn][data-turn='1'] [data-testid=bot-bubble]").First;
        var samples = new List<double>();
        var engine = new List<double>();
        for (var i = 0; i < 45; i++)
        {
            await page.Locator("[data-testid=restart]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=turn]")).ToHaveCountAsync(1);
            await input.FillAsync("好的");
            var clock = Stopwatch.StartNew();
            await input.PressAsync("Enter");
            await reply.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
            clock.Stop();
            if (i >= 5)
            {
                samples.Add(clock.Elapsed.TotalMilliseconds); // the first rounds warm up the JIT and the circuit
                engine.Add(double.Parse((await page.Locator("[data-testid=turn][data-turn='1']").GetAttributeAsync("data-step-ms"))!, CultureInfo.InvariantCulture));
            }
        }
        Assert.Contains("affirm", await page.Locator("[data-testid=turn][data-turn='1'] [data-testid=intent]").TextContentAsync(), StringComparison.Ordinal);
        samples.Sort();
        var median = samples[samples.Count / 2];
        var p95 = samples[(int)Math.Ceiling(samples.Count * 0.95) - 1];
        engine.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tester round trip (send 好的 → reply visible), {samples.Count} samples: median {median:0.0} ms, p95 {p95:0.0} ms, max {samples[^1]:0.0} ms; engine step (NLU + dialog) median {engine[engine.Count / 2]:0.00} ms; load average {LoadAverage()}"));
    }
}
