using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Studio.Core.Experiments;
using Studio.Core.Scripts;
using Studio.Data.Experiments;
using Studio.Data.TurnLog;
using Studio.Runtime.Experiments;
using Studio.Runtime.Operations;
using Studio.Runtime.Publishing;
using Studio.Web.Components.Review;
using Studio.Web.Tests.Browser;

namespace Studio.Web.Tests.Review;

/// <summary>Stop, promotion and adaptive allocation on the real host (LiteDB in a temp directory, empty store).</summary>
public sealed class ExperimentDecisionsTests
{
    private const string Experiment = "dormant-framing";

    private static StudioTestHost Host() =>
        new(new Dictionary<string, string?> { ["Studio:Web:Seed"] = "false" }, testServices: services => TestAuthentication.Add(services, defaultRole: StudioAuth.Roles.Reviewer));

    private static async Task<string> PageAsync(HttpClient client, string path) =>
        WebUtility.HtmlDecode(await (await client.GetAsync(new Uri(path, UriKind.Relative))).Content.ReadAsStringAsync());

    [Fact]
    public async Task A_stopped_experiment_shows_stopped_with_who_when_and_why_and_a_reviewer_gets_no_stop_button()
    {
        await using var host = Host();
        await host.SaveLibraryDraftAsync("dormant-reactivation.json");
        using var client = host.CreateClient();

        var running = await PageAsync(client, $"/experiments/{Experiment}");
        Assert.Contains("进行中", running, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"stop\"", running, StringComparison.Ordinal); // reviewers are read-only
        Assert.Contains("分流方式:固定权重", running, StringComparison.Ordinal);

        var stopped = await host.Services.GetRequiredService<ExperimentDecisions>().StopAsync(Experiment, "wang.design", "B 组投诉偏多");
        Assert.True(stopped.Succeeded, stopped.Error);

        var page = await PageAsync(client, $"/experiments/{Experiment}");
        Assert.Contains("已停止", page, StringComparison.Ordinal);
        Assert.Contains($"已停止:wang.design 于 {ReviewFormat.ChinaTime(stopped.State!.StoppedAt)} 停止", page, StringComparison.Ordinal);
        Assert.Contains("B 组投诉偏多", page, StringComparison.Ordinal);
        var list = await PageAsync(client, "/experiments");
        Assert.Contains("已停止", list, StringComparison.Ordinal);
        Assert.DoesNotContain("进行中", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_promoting_the_winner_of_a_50_50_run_the_review_has_no_sample_ratio_warning()
    {
        await using var host = Host();
        var scriptId = await host.SaveLibraryDraftAsync("dormant-reactivation.json");
        var catalog = host.Services.GetRequiredService<ExperimentCatalog>();
        var reviews = host.Services.GetRequiredService<ExperimentReviewSource>();
        var turns = host.Services.GetRequiredService<ITurnLog>();
        Assert.NotNull(await catalog.FindAsync(Experiment)); // first seen: 50/50 recorded

        var now = DateTimeOffset.UtcNow;
        TurnRecord Exposure(string member, string arm, DateTimeOffset time) => new()
        {
            Time = time, Conversation = "voice:" + member, Channel = Channel.Voice, MemberId = member, ScriptId = scriptId,
            Version = "v1", Turn = 1, Experiment = Experiment, Arm = arm, MemberText = "是我",
        };
        await turns.AppendAsync([.. Enumerable.Range(0, 1200).Select(i => Exposure($"m-{i}", i % 2 == 0 ? "A" : "B", now.AddDays(-3).AddMinutes(i)))]);

        var promoted = await new ExperimentPromoter(host.Drafts, host.Services.GetRequiredService<ScriptPublisher>(), host.Services.GetRequiredService<ExperimentDecisions>())
            .PromoteAsync(scriptId, Experiment, "A", "wang.design");
        Assert.True(promoted.Succeeded, promoted.Error);
        // Afterwards every new member goes to A.
        await turns.AppendAsync([.. Enumerable.Range(0, 800).Select(i => Exposure($"n-{i}", "A", DateTimeOffset.UtcNow.AddMinutes(1 + i)))]);

        var experiment = (await catalog.FindAsync(Experiment))!;
        Assert.Equal([100.0, 0.0], experiment.Arms.Select(a => a.Weight));
        Assert.Equal(["published", "promoted"], (await catalog.StateAsync(Experiment))!.WeightPeriods.Select(p => p.Source));
        var input = await reviews.BuildInputAsync(experiment);
        Assert.Equal(2000, input.Exposures.Count);
        var review = ExperimentReview.Compute(input);
        Assert.False(review.SampleRatio.Mismatch, $"χ²={review.SampleRatio.ChiSquare}");
        Assert.DoesNotContain(review.Warnings, w => w.Code == "srm");

        // Judged by today's 100/0 alone, B's 600 members would void the review.
        Assert.True(ExperimentReview.Compute(input with { Experiment = experiment with { WeightHistory = [] } }).SampleRatio.Mismatch);
    }

    [Fact]
    public async Task Switching_on_Thompson_sampling_stores_floored_weights_that_the_page_shows()
    {
        await using var host = Host();
        await host.SaveLibraryDraftAsync("dormant-reactivation.json");
        var decisions = host.Services.GetRequiredService<ExperimentDecisions>();

        var refused = await decisions.SetModeAsync(Experiment, AllocationMode.ThompsonSampling, 60, "wang.design");
        Assert.False(refused.Succeeded);
        Assert.Contains("between 0 and 50 % for 2 arms", refused.Error);

        var on = await decisions.SetModeAsync(Experiment, AllocationMode.ThompsonSampling, 15, "wang.design");
        Assert.True(on.Succeeded, on.Error);
        Assert.Equal(new Dictionary<string, double> { ["A"] = 50, ["B"] = 50 }, on.State!.ThompsonWeights); // no evidence yet
        Assert.NotNull(on.State.ThompsonComputedAt);
        Assert.Single(on.State.WeightPeriods); // the same 50/50 as published: no new period

        using var client = host.CreateClient();
        var page = await PageAsync(client, $"/experiments/{Experiment}");
        Assert.Contains("自适应(Thompson 抽样,每组至少 15%)", page, StringComparison.Ordinal);
        Assert.Contains("当前权重:A 50% / B 50%", page, StringComparison.Ordinal);
        Assert.Contains("请按时间段阅读复盘", page, StringComparison.Ordinal);
    }
}
