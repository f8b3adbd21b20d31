using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Studio.Core.Experiments;
using Studio.Core.Experiments.Statistics;
using Studio.Data.Csv;
using Studio.Data.Experiments;
using Studio.Data.Outcomes;
using Studio.Data.Privacy;
using Studio.Data.Scripts;
using Studio.Data.TurnLog;
using Studio.Data.Versions;

namespace Studio.Runtime.Experiments;

public static class ExperimentsServiceCollectionExtensions
{
    /// <summary>
    /// The catalog, the review source, decisions (stop, allocation mode), the runtime's allocator, the Thompson
    /// rebalancer and the demo seeder, on the registered Studio.Data stores.
    /// </summary>
    public static IServiceCollection AddExperiments(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new ExperimentCatalog(sp.GetRequiredService<IScriptDraftStore>(), sp.GetRequiredService<IScriptVersionStore>(), sp.GetService<IConfiguration>(),
            sp.GetService<IExperimentStateStore>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton(sp => new ExperimentReviewSource(sp.GetRequiredService<ITurnLog>(), sp.GetRequiredService<IOutcomeEventStore>(), sp.GetService<PersonalDataProtector>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton(sp => new ExperimentAllocator(sp.GetRequiredService<IExperimentStateStore>(), sp.GetRequiredService<ExperimentCatalog>()));
        services.TryAddSingleton(sp => new ExperimentDecisions(sp.GetRequiredService<ExperimentCatalog>(), sp.GetRequiredService<ExperimentReviewSource>(),
            sp.GetRequiredService<IExperimentStateStore>(), sp.GetService<TimeProvider>()));
        services.AddOptions<ThompsonOptions>().BindConfiguration(ExperimentCatalog.Section)
            .Validate(o => o.ThompsonInterval > TimeSpan.Zero, $"{ExperimentCatalog.Section}:ThompsonInterval must be a positive time span, e.g. 01:00:00")
            .ValidateOnStart();
        services.AddHostedService<ThompsonRebalancer>();
        services.TryAddSingleton(sp => new DemoExperimentSeeder(sp.GetRequiredService<ITurnLog>(), sp.GetRequiredService<IOutcomeEventStore>(), sp.GetRequiredService<IScriptDraftStore>(), sp.GetService<TimeProvider>()));
        return services;
    }
}

/// <summary>
/// The experiments HTTP API: <c>GET /api/experiments</c>, <c>GET /api/experiments/{name}/review</c> (JSON),
/// <c>GET /api/experiments/{name}/review.csv</c> (one row per arm) and
/// <c>GET /api/experiments/sample-size?baseline=0.05&amp;mde=0.01</c> (or <c>&amp;perArm=N</c> for the detectable effect). <c>?sequential=true</c> decides on always-valid
/// p-values (for daily peeking).
/// </summary>
public static class ExperimentsApi
{
    /// <summary>
    /// Maps the endpoints and returns their group. AUTH HOOK: reviews show business results; the host protects the
    /// group, e.g. <c>app.MapExperimentsApi().RequireAuthorization(...)</c>. Needs <see cref="ExperimentsServiceCollectionExtensions.AddExperiments"/>.
    /// </summary>
    public static RouteGroupBuilder MapExperimentsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/experiments").WithTags("Experiments");

        group.MapGet("", async (ExperimentCatalog catalog, TimeProvider? time, CancellationToken ct) =>
        {
            var now = (time ?? TimeProvider.System).GetUtcNow();
            var experiments = await catalog.ListAsync(ct);
            return Results.Ok(experiments.Select(e => new ExperimentDto(
                e.Name, e.Label, e.ScriptId, Metric(e.Primary), e.ControlArm, e.HoldoutPercent, e.AttributionWindow.TotalDays, e.IsRunning(now),
                [.. e.Arms.Select(a => new ArmDto(a.Id, a.Label, a.Weight, a.IncentiveId, a.IncentiveCost, a.Factors))])));
        });

        group.MapGet("/sample-size", (double? baseline, double? mde, double? alpha, double? power, long? perArm) =>
        {
            // Planning for low base rates: members per arm for an absolute effect, or the effect a given size detects.
            if (baseline is null)
            {
                return Results.BadRequest(new ExperimentError("baseline is required (the control's expected rate, e.g. 0.05)"));
            }
            try
            {
                var a = alpha ?? 0.05;
                var p = power ?? 0.8;
                if (perArm is { } n)
                {
                    var detectable = SampleSize.MinimumDetectableEffect(baseline.Value, n, a, p);
                    return Results.Ok(new SampleSizeDto(baseline.Value, double.IsNaN(detectable) ? null : detectable, n, a, p));
                }
                if (mde is null)
                {
                    return Results.BadRequest(new ExperimentError("give mde (absolute difference, e.g. 0.01) or perArm"));
                }
                return Results.Ok(new SampleSizeDto(baseline.Value, mde, SampleSize.PerArm(baseline.Value, mde.Value, a, p), a, p));
            }
            catch (ArgumentOutOfRangeException ex)
            {
                return Results.BadRequest(new ExperimentError(ex.Message.Split(" (Parameter", 2)[0]));
            }
        });

        group.MapGet("/{name}/review", async (string name, bool? sequential, ExperimentCatalog catalog, ExperimentReviewSource source, CancellationToken ct) =>
        {
            var experiment = await catalog.FindAsync(name, ct);
            if (experiment is null)
            {
                return Results.NotFound(new ExperimentError($"no experiment '{name}'"));
            }
            var review = await source.ReviewAsync(experiment, new ReviewOptions { Sequential = sequential == true }, ct);
            return Results.Ok(ReviewDto.From(review));
        });

        group.MapGet("/{name}/review.csv", async (string name, bool? sequential, ExperimentCatalog catalog, ExperimentReviewSource source, CancellationToken ct) =>
        {
            var experiment = await catalog.FindAsync(name, ct);
            if (experiment is null)
            {
                return Results.NotFound(new ExperimentError($"no experiment '{name}'"));
            }
            var review = await source.ReviewAsync(experiment, new ReviewOptions { Sequential = sequential == true }, ct);
            using var text = new StringWriter(CultureInfo.InvariantCulture);
            ReviewCsv.Write(review, text);
            return Results.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"{name}-review.csv");
        });
        return group;
    }

    internal static string Metric(PrimaryMetric metric) => metric switch
    {
        PrimaryMetric.WecomAddAccepted => "wecom_add_accepted",
        PrimaryMetric.OrderConversion => "order_conversion",
        PrimaryMetric.RevenuePerMember => "revenue_per_member",
        _ => "roi",
    };
}

/// <summary>The review as one CSV row per arm (RFC 4180), for spreadsheets.</summary>
public static class ReviewCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "arm", "label", "weight", "control", "holdout", "assigned", "reached", "engaged", "consent", "added", "converted",
        "primary_metric", "primary", "primary_ci_low", "primary_ci_high", "difference", "difference_ci_low", "difference_ci_high",
        "relative_lift", "p_value", "holm_p_value", "always_valid_p_value", "p_best", "revenue", "cost", "revenue_per_member", "roi", "roi_ci_low", "roi_ci_high",
    ];

    public static void Write(ExperimentReview review, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(review);
        var csv = new CsvWriter(writer);
        csv.Record([.. Columns]);
        foreach (var arm in review.Arms)
        {
            var c = arm.VsControl;
            csv.Field(arm.Arm, freeText: true).Field(arm.Label, freeText: true).Field(arm.Weight).Field(arm.IsControl ? "1" : "0").Field(arm.IsHoldout ? "1" : "0")
                .Field(arm.Funnel.Assigned).Field(arm.Funnel.Reached).Field(arm.Funnel.Engaged).Field(arm.Funnel.Consent).Field(arm.Funnel.Added).Field(arm.Funnel.Converted)
                .Field(ExperimentsApi.Metric(review.Experiment.Primary)).Field(Number(arm.Primary)).Field(Number(arm.PrimaryCi.Lower)).Field(Number(arm.PrimaryCi.Upper))
                .Field(Number(c?.Difference)).Field(Number(c?.DifferenceCi.Lower)).Field(Number(c?.DifferenceCi.Upper)).Field(Number(c?.RelativeLift))
                .Field(Number(c?.PValue)).Field(Number(c?.HolmPValue)).Field(Number(c?.AlwaysValidPValue)).Field(Number(arm.ProbabilityBest))
                .Field(Number(arm.Revenue)).Field(Number(arm.Cost)).Field(Number(arm.RevenuePerMember.Value)).Field(Number(arm.Roi.Value))
                .Field(Number(arm.Roi.Ci.Lower)).Field(Number(arm.Roi.Ci.Upper))
                .EndRecord();
        }
    }

    /// <summary>Six significant digits (p-values are tiny), empty for missing or undefined values.</summary>
    private static string? Number(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("G6", CultureInfo.InvariantCulture) : null;
}

public sealed record ExperimentError(string Error);

/// <summary>A sample-size answer: members per arm for the effect, or the effect the members per arm detect.</summary>
public sealed record SampleSizeDto(double Baseline, double? Mde, long PerArm, double Alpha, double Power);

public sealed record ArmDto(string Id, string? Label, double Weight, string? Incentive, decimal IncentiveCost, IReadOnlyDictionary<string, string> Factors);

public sealed record ExperimentDto(string Name, string? Label, string? ScriptId, string PrimaryMetric, string Control, double HoldoutPercent, double AttributionWindowDays, bool Running, IReadOnlyList<ArmDto> Arms);

public sealed record IntervalDto(double? Lower, double? Upper)
{
    public static IntervalDto From(Interval interval) => new(Finite(interval.Lower), Finite(interval.Upper));

    internal static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

public sealed record ComparisonDto(double Difference, IntervalDto DifferenceCi, double? RelativeLift, IntervalDto? RelativeLiftCi, double PValue, double? HolmPValue, double? AlwaysValidPValue);

public sealed record ArmReviewDto(
    string Arm, string? Label, double Weight, bool Control, bool Holdout, Funnel Funnel,
    double? Primary, IntervalDto PrimaryCi, double WecomAddRate, IntervalDto WecomAddCi, double ConversionRate, IntervalDto ConversionCi,
    double Revenue, double Cost, double RevenuePerMember, IntervalDto RevenuePerMemberCi, double? Roi, IntervalDto RoiCi,
    double? ProbabilityBest, ComparisonDto? VsControl);

public sealed record GuardrailDto(string Metric, string Arm, long Events, long N, double Rate, IntervalDto RateCi, IntervalDto? DifferenceCi, bool Breached, bool Watch);

public sealed record DailyDto(DateOnly Day, string Arm, long NewMembers, long NewSuccesses, long CumulativeMembers, long CumulativeSuccesses, double CumulativeRate);

public sealed record FactorEffectDto(string Factor, string Level, string Reference, double LevelRate, double ReferenceRate, double Difference, IntervalDto DifferenceCi, double PValue);

public sealed record HoldoutDto(double ContactedRate, double HoldoutRate, double Difference, IntervalDto DifferenceCi, double PValue, double RevenuePerMemberDifference, IntervalDto RevenueDifferenceCi);

public sealed record VerdictDto(string Kind, string? Winner, string Chinese, string English);

public sealed record ReviewDto(
    string Experiment, string PrimaryMetric, DateTimeOffset ComputedAt, long Members, VerdictDto Verdict,
    IReadOnlyList<ArmReviewDto> Arms, double SampleRatioChiSquare, double SampleRatioPValue, bool SampleRatioMismatch,
    IReadOnlyList<GuardrailDto> Guardrails, IReadOnlyList<DailyDto> Daily, IReadOnlyList<FactorEffectDto> FactorEffects, HoldoutDto? Holdout,
    IReadOnlyList<ReviewWarning> Warnings, long? RequiredPerArm, double? MinimumDetectableEffect)
{
    public static ReviewDto From(ExperimentReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        static double? F(double value) => IntervalDto.Finite(value);
        return new ReviewDto(
            review.Experiment.Name, ExperimentsApi.Metric(review.Experiment.Primary), review.ComputedAt, review.Members,
            new VerdictDto(review.Verdict.Kind.ToString(), review.Verdict.Winner, review.Verdict.Chinese, review.Verdict.English),
            [.. review.Arms.Select(a => new ArmReviewDto(a.Arm, a.Label, a.Weight, a.IsControl, a.IsHoldout, a.Funnel,
                F(a.Primary), IntervalDto.From(a.PrimaryCi), a.WecomAdd.Rate, IntervalDto.From(a.WecomAdd.Ci), a.Conversion.Rate, IntervalDto.From(a.Conversion.Ci),
                a.Revenue, a.Cost, a.RevenuePerMember.Value, IntervalDto.From(a.RevenuePerMember.Ci), F(a.Roi.Value), IntervalDto.From(a.Roi.Ci),
                F(a.ProbabilityBest),
                a.VsControl is { } c ? new ComparisonDto(c.Difference, IntervalDto.From(c.DifferenceCi), c.RelativeLift, c.RelativeLiftCi is { } l ? IntervalDto.From(l) : null,
                    c.PValue, F(c.HolmPValue), F(c.AlwaysValidPValue)) : null))],
            F(review.SampleRatio.ChiSquare) ?? 0, review.SampleRatio.PValue, review.SampleRatio.Mismatch,
            [.. review.Guardrails.Select(g => new GuardrailDto(g.Metric.ToString(), g.Arm, g.Rate.Successes, g.Rate.N, g.Rate.Rate, IntervalDto.From(g.Rate.Ci),
                g.DifferenceCi is { } d ? IntervalDto.From(d) : null, g.Breached, g.Watch))],
            [.. review.Daily.Select(d => new DailyDto(d.Day, d.Arm, d.NewMembers, d.NewSuccesses, d.CumulativeMembers, d.CumulativeSuccesses, d.CumulativeRate))],
            [.. review.FactorEffects.Select(f => new FactorEffectDto(f.Factor, f.Level, f.Reference, f.LevelRate.Rate, f.ReferenceRate.Rate, f.Difference, IntervalDto.From(f.DifferenceCi), f.PValue))],
            review.Holdout is { } h ? new HoldoutDto(h.Contacted.Rate, h.Holdout.Rate, h.Difference, IntervalDto.From(h.DifferenceCi), h.PValue, h.RevenuePerMemberDifference, IntervalDto.From(h.RevenueDifferenceCi)) : null,
            review.Warnings, review.RequiredPerArm, review.MinimumDetectableEffect);
    }
}
