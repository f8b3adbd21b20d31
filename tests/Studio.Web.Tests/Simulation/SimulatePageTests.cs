using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Studio.Core.Dialogs;
using Studio.Core.Recognition;
using Studio.Nlu.Pipeline;
using Studio.Web.Components.Pages.Scripts;
using Studio.Web.Components.Simulation;
using Studio.Web.Tests.Browser;
using Studio.Web.Tests.Shell;
using Studio.Runtime.Operations;
using Studio.Core.Simulation;

namespace Studio.Web.Tests.Simulation;

/// <summary>The simulate page on stored drafts: the real engine, the CLI's phrase setup, a report per arm.</summary>
public sealed class SimulatePageTests : IAsyncLifetime
{
    private readonly ShellComponentContext _ctx = new();

    /// <summary>Asks whether it is the member, then for the WeCom add; agreeing routes to a node that does not exist.</summary>
    private const string DeadEndScript = """
        {
          "formatVersion": 1,
          "id": "dead-end",
          "name": "死胡同",
          "channels": ["voice"],
          "brand": { "name": "速品", "assistant": "小速" },
          "nodes": [
            { "id": "greet", "kind": "ask", "message": { "text": "请问是{{member.salutation}}吗?" },
              "routes": { "affirm": "ask_add", "deny": "end_wrong", "noMatch": "ask_add", "noInput": "end_wrong" } },
            { "id": "ask_add", "kind": "ask", "message": { "text": "我加您企业微信,好吗?" },
              "routes": { "affirm": "ghost", "deny": "end_refused", "noMatch": "end_refused", "noInput": "end_refused" } },
            { "id": "end_refused", "kind": "end", "outcome": "refused", "grade": "D" },
            { "id": "end_wrong", "kind": "end", "outcome": "wrong_person", "grade": "F" }
          ]
        }
        """;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private void UseRecognizer(IIntentRecognizer recognizer) =>
        _ctx.Services.AddSingleton(new ScriptSimulations(new DialogEngine(recognizer),
            new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = RepoPaths.Root }));

    [Fact]
    public async Task A_run_on_a_library_script_with_the_NLU_pipeline_shows_the_expected_funnel_per_arm()
    {
        UseRecognizer(new NluPipeline(store: new InMemoryModelStore()));
        await _ctx.Drafts.SaveAsync("dormant-reactivation", RepoPaths.LibraryText("dormant-reactivation.json"), 0, "王运营");
        var page = _ctx.Render<Simulate>(p => p.Add(c => c.ScriptId, "dormant-reactivation"));

        page.Find("input[data-testid=sim-members]").Change("400");
        page.Find("[data-testid=sim-run]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=sim-report]"), TimeSpan.FromMinutes(2));

        // Both arms of the split, and the members who ended before reaching it (hung up, wrong person …).
        var arms = page.FindAll("[data-testid=sim-arms] tr[data-arm]");
        Assert.Equal(["A", "B", "-"], arms.Select(a => a.GetAttribute("data-arm")));
        Assert.Contains("未到分流", arms[2].TextContent);
        Assert.Equal(400, arms.Sum(a => int.Parse(a.QuerySelector("td.members")!.TextContent.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(arms, a => Assert.Matches(@"^\d+\.\d% \[", a.QuerySelector("td.rate")!.TextContent.Trim()));
        Assert.Contains("dormant-framing", page.Markup);
        Assert.Equal(6, page.FindAll("[data-testid=sim-personas] tr[data-persona]").Count);
        Assert.NotEmpty(page.FindAll("[data-testid=sim-paths] td.path"));
        Assert.NotNull(page.Find("[data-testid=sim-no-dead-ends]"));
    }

    [Fact]
    public async Task A_script_with_a_dead_end_lists_the_node_with_a_link_into_the_designer()
    {
        UseRecognizer(new KeywordRecognizer());
        await _ctx.Drafts.SaveAsync("dead-end", DeadEndScript, 0, "王运营");
        var page = _ctx.Render<Simulate>(p => p.Add(c => c.ScriptId, "dead-end"));

        page.Find("[data-testid=sim-run]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=sim-dead-ends]"), TimeSpan.FromSeconds(60));

        var row = page.Find("[data-testid=sim-dead-ends] tr[data-node=ghost]");
        Assert.Contains("does not exist", row.TextContent);
        Assert.Equal("scripts/dead-end?node=ghost", row.QuerySelector("a[data-testid=dead-end-node]")!.GetAttribute("href"));
        Assert.Equal("-", page.Find("[data-testid=sim-arms] tr[data-arm]").GetAttribute("data-arm")); // no split: one row
    }

    [Fact]
    public void Members_are_capped_at_20000_and_a_missing_draft_says_so()
    {
        UseRecognizer(new KeywordRecognizer());
        var page = _ctx.Render<Simulate>(p => p.Add(c => c.ScriptId, "nope"));

        page.Find("input[data-testid=sim-members]").Change("50000");
        Assert.Equal("20000", page.Find("input[data-testid=sim-members]").GetAttribute("value"));

        page.Find("[data-testid=sim-run]").Click();
        page.WaitForAssertion(() => Assert.Contains("没有 ID 为 nope 的话术", page.Find("[data-testid=sim-error]").TextContent));
    }

    [Fact]
    public async Task The_runner_reports_progress_up_to_the_total_and_stops_when_cancelled()
    {
        var simulations = new ScriptSimulations(new DialogEngine(new KeywordRecognizer()),
            new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = RepoPaths.Root });
        var script = CompiledScript.Compile(Studio.Core.Scripts.ScriptJson.Read(DeadEndScript).Script!);
        var seen = new List<int>();
        var report = await simulations.RunAsync(script, new SimulationOptions { Members = 250 }, new SyncProgress(seen.Add));
        Assert.Equal(250, report.Members);
        Assert.Equal(250, seen[^1]);
        Assert.True(seen.Count >= 100, $"{seen.Count} progress reports");

        using var cancelled = new CancellationTokenSource();
        var stopAt = new SyncProgress(done => { if (done >= 50) { cancelled.Cancel(); } });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => simulations.RunAsync(script, new SimulationOptions { Members = 5000 }, stopAt, cancelled.Token));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => simulations.RunAsync(script, new SimulationOptions { Members = ScriptSimulations.MaxMembers + 1 }));
    }

    [Fact]
    public async Task The_scripts_list_offers_simulate_to_designers_and_the_page_is_closed_to_reviewers()
    {
        await using var host = new StudioTestHost(new Dictionary<string, string?> { ["Studio:Web:Seed"] = "false" }, testServices: services => TestAuthentication.Add(services, defaultRole: StudioAuth.Roles.Designer));
        await host.SaveLibraryDraftAsync("dormant-reactivation.json");
        using var client = host.CreateClient();

        var list = await client.GetStringAsync(new Uri("/scripts", UriKind.Relative));
        Assert.Contains("href=\"/scripts/dormant-reactivation/simulate\"", list, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"sim-form\"", await client.GetStringAsync(new Uri("/scripts/dormant-reactivation/simulate", UriKind.Relative)), StringComparison.Ordinal);

        using var reviewer = new HttpRequestMessage(HttpMethod.Get, new Uri("/scripts/dormant-reactivation/simulate", UriKind.Relative));
        reviewer.Headers.Add(TestAuthentication.RoleHeader, StudioAuth.Roles.Reviewer);
        var denied = await client.SendAsync(reviewer);
        Assert.DoesNotContain("data-testid=\"sim-form\"", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
