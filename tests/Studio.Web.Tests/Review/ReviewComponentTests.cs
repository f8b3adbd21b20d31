using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Studio.Core.Experiments;
using Studio.Web.Components.Review;

namespace Studio.Web.Tests.Review;

public sealed class ReviewComponentTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();
    private readonly CultureInfo _culture = CultureInfo.CurrentUICulture;

    public ReviewComponentTests()
    {
        _ctx.Services.AddMudServices();
        // The review components read their text through IStringLocalizer<ReviewText>.
        _ctx.Services.AddLocalization();
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only async-disposable.
    public async Task DisposeAsync()
    {
        CultureInfo.CurrentUICulture = _culture;
        await _ctx.DisposeAsync();
    }

    [Fact]
    public void The_arms_table_shows_rates_with_their_95_percent_intervals_and_the_lift_vs_control()
    {
        var review = ReviewFixtures.Review(("A", 5000, 250), ("B", 5000, 400));
        var table = _ctx.Render<ArmsTable>(p => p.Add(c => c.Review, review));

        var a = table.Find("tr[data-arm=A]");
        var b = table.Find("tr[data-arm=B]");
        Assert.Equal("5,000", a.QuerySelector("td.n")!.TextContent.Trim());
        // 250/5000 = 5.0 %, Wilson interval around it; B is 8.0 %.
        Assert.Matches(@"^5\.0% \[4\.\d, 5\.\d\]$", a.QuerySelector("td.rate")!.TextContent.Trim());
        Assert.Matches(@"^8\.0% \[7\.\d, 8\.\d\]$", b.QuerySelector("td.rate")!.TextContent.Trim());
        Assert.Equal("—", a.QuerySelector("td.lift")!.TextContent.Trim());
        Assert.Equal("+3.0 个百分点 [2.0, 4.0]", b.QuerySelector("td.lift")!.TextContent.Trim());
        Assert.Equal("<0.001", b.QuerySelector("td.p")!.TextContent.Trim());
        Assert.Equal(">99%", b.QuerySelector("td.pbest")!.TextContent.Trim());
        Assert.Contains("胜出", b.TextContent);
        Assert.DoesNotContain("胜出", a.TextContent);
    }

    [Fact]
    public void The_intent_table_shows_each_arms_share_and_count_of_member_turns_per_intent()
    {
        var intents = IntentDistribution.From(["A", "B"], new Dictionary<string, IReadOnlyDictionary<string, long>>
        {
            ["A"] = new Dictionary<string, long> { ["affirm"] = 30, ["ask_price"] = 10 },
            ["B"] = new Dictionary<string, long> { ["affirm"] = 5, ["deny"] = 15, ["busy"] = 5 },
        }, top: 3);
        var table = _ctx.Render<IntentTable>(p => p.Add(c => c.Intents, intents));

        var affirm = table.Find("tr[data-intent=affirm]");
        Assert.Contains("肯定/同意", affirm.TextContent);
        Assert.Equal("75.0% (30)", affirm.QuerySelector("td[data-arm=A]")!.TextContent.Trim());
        Assert.Equal("20.0% (5)", affirm.QuerySelector("td[data-arm=B]")!.TextContent.Trim());
        Assert.Equal("60.0% (15)", table.Find("tr[data-intent=deny] td[data-arm=B]").TextContent.Trim());
        Assert.Equal("0.0% (0)", table.Find("tr[data-intent=deny] td[data-arm=A]").TextContent.Trim());
        // Top 3 over both arms: affirm (35), deny (15), ask_price (10); busy (5) pools into 其他.
        Assert.Equal("20.0% (5)", table.Find($"tr[data-intent='{IntentDistribution.Other}'] td[data-arm=B]").TextContent.Trim());
        Assert.Contains("其他", table.Find($"tr[data-intent='{IntentDistribution.Other}']").TextContent);

        var empty = _ctx.Render<IntentTable>(p => p.Add(c => c.Intents, IntentDistribution.Empty));
        Assert.Contains("还没有会员回复", empty.Find("[data-testid=intents-empty]").TextContent);
    }

    [Fact]
    public void The_SRM_banner_shows_only_when_the_split_is_broken()
    {
        var broken = ReviewFixtures.Review(("A", 5000, 250), ("B", 4000, 320));
        Assert.True(broken.SampleRatio.Mismatch);
        var panel = _ctx.Render<VerdictPanel>(p => p.Add(c => c.Review, broken));
        Assert.Contains("样本比例失衡", panel.Find("[data-testid=srm-banner]").TextContent);
        Assert.Equal(nameof(VerdictKind.Invalid), panel.Find("[data-testid=verdict]").GetAttribute("data-kind"));

        var healthy = ReviewFixtures.Review(("A", 5000, 250), ("B", 5000, 400));
        var ok = _ctx.Render<VerdictPanel>(p => p.Add(c => c.Review, healthy));
        Assert.Empty(ok.FindAll("[data-testid=srm-banner]"));
    }

    [Fact]
    public void The_verdict_panel_speaks_Chinese_and_switches_to_English()
    {
        var review = ReviewFixtures.Review(("A", 5000, 250), ("B", 5000, 400));
        var panel = _ctx.Render<VerdictPanel>(p => p.Add(c => c.Review, review));
        var verdict = panel.Find("[data-testid=verdict]").TextContent;
        Assert.Contains("有胜出组", verdict);
        Assert.Contains("B 的加微率比 A 高 3.0 个百分点", verdict);

        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var english = _ctx.Render<VerdictPanel>(p => p.Add(c => c.Review, review)).Find("[data-testid=verdict]").TextContent;
        Assert.Contains("Winner", english);
        Assert.Contains("B's WeCom add rate is 3.0 percentage points higher than A's", english);
    }

    [Fact]
    public void Thin_data_says_so_instead_of_a_verdict()
    {
        var review = ReviewFixtures.Review(("A", 40, 2), ("B", 40, 3));
        var panel = _ctx.Render<VerdictPanel>(p => p.Add(c => c.Review, review));
        Assert.Equal(nameof(VerdictKind.InsufficientData), panel.Find("[data-testid=verdict]").GetAttribute("data-kind"));
        Assert.Contains("数据不足", panel.Find("[data-testid=verdict]").TextContent);
        var trend = _ctx.Render<TrendChart>(p => p.Add(c => c.Review, ReviewFixtures.Review()));
        Assert.Contains("数据不足", trend.Find("[data-testid=trend-empty]").TextContent);
    }

    [Fact]
    public void The_promote_dialog_says_what_changes_and_confirms_or_cancels()
    {
        var confirmed = 0;
        bool? openAfter = null;
        var dialog = _ctx.Render<PromoteDialog>(p => p
            .Add(c => c.Open, true)
            .Add(c => c.Experiment, "dormant-framing")
            .Add(c => c.Winner, "B")
            .Add(c => c.OnConfirm, () => confirmed++)
            .Add(c => c.OpenChanged, open => openAfter = open));

        var text = dialog.Find("[data-testid=promote-dialog]").TextContent;
        Assert.Contains("推广胜出组 B", text);
        Assert.Contains("B 组 100%", text);
        dialog.Find("[data-testid=promote-confirm]").Click();
        Assert.Equal(1, confirmed);
        dialog.Find("[data-testid=promote-cancel]").Click();
        Assert.False(openAfter);

        dialog.Render(p => p.Add(c => c.Open, false));
        Assert.Empty(dialog.FindAll("[data-testid=promote-dialog]"));
    }

    [Fact]
    public void The_stop_dialog_says_new_members_go_to_the_control_and_passes_the_note_on()
    {
        string? note = null;
        var dialog = _ctx.Render<StopDialog>(p => p
            .Add(c => c.Open, true)
            .Add(c => c.Experiment, "dormant-framing")
            .Add(c => c.Control, "A")
            .Add(c => c.OnConfirm, (string? n) => note = n));

        Assert.Contains("新会员都走对照组 A", dialog.Find("[data-testid=stop-dialog]").TextContent);
        dialog.Find("textarea[data-testid=stop-note], [data-testid=stop-note] textarea").Change("B 组投诉偏多");
        dialog.Find("[data-testid=stop-confirm]").Click();
        Assert.Equal("B 组投诉偏多", note);
    }

    [Fact]
    public void The_allocation_switch_is_for_designers_only_and_sends_the_floor()
    {
        var auth = _ctx.AddAuthorization();
        auth.SetAuthorized("li.review");
        auth.SetPolicies(Studio.Runtime.Operations.StudioAuth.Policies.Reviewer);
        (Studio.Data.Experiments.AllocationMode Mode, double Floor)? change = null;
        ComponentParameterCollectionBuilder<AllocationPanel> Parameters(ComponentParameterCollectionBuilder<AllocationPanel> p) => p
            .Add(c => c.Experiment, ReviewFixtures.Framing)
            .Add(c => c.Running, true)
            .Add(c => c.OnChange, ((Studio.Data.Experiments.AllocationMode, double) c) => change = c);

        var reviewer = _ctx.Render<AllocationPanel>(p => Parameters(p));
        Assert.Contains("固定权重", reviewer.Find("[data-testid=allocation-mode]").TextContent);
        Assert.Contains("A 50% / B 50%", reviewer.Find("[data-testid=allocation-weights]").TextContent);
        Assert.Empty(reviewer.FindAll("[data-testid=allocation-thompson]"));

        auth.SetPolicies(Studio.Runtime.Operations.StudioAuth.Policies.Designer, Studio.Runtime.Operations.StudioAuth.Policies.Reviewer);
        var designer = _ctx.Render<AllocationPanel>(p => Parameters(p));
        designer.Find("input[data-testid=allocation-floor], [data-testid=allocation-floor] input").Change("20");
        designer.Find("[data-testid=allocation-thompson]").Click();
        Assert.Equal((Studio.Data.Experiments.AllocationMode.ThompsonSampling, 20.0), change);
    }

    [Fact]
    public void The_trend_draws_one_line_per_arm()
    {
        var review = ReviewFixtures.Review(("A", 1400, 70), ("B", 1400, 112));
        var chart = _ctx.Render<TrendChart>(p => p.Add(c => c.Review, review));
        Assert.Equal(["A", "B"], chart.FindAll("polyline").Select(l => l.GetAttribute("data-arm")));
        Assert.Equal(14, chart.Find("polyline[data-arm=A]").GetAttribute("points")!.Split(' ').Length);
    }
}
