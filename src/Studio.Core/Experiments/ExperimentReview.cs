using Studio.Core.Experiments.Statistics;

namespace Studio.Core.Experiments;

/// <summary>A rate with its Wilson 95 % interval.</summary>
public sealed record RateEstimate(long Successes, long N, Interval Ci)
{
    public double Rate => N == 0 ? 0 : (double)Successes / N;

    public static RateEstimate Of(long successes, long n) => new(successes, n, Proportions.Wilson(successes, n));
}

/// <summary>A money figure (revenue per member, ROI) with its bootstrap 95 % interval.</summary>
public sealed record MoneyEstimate(double Value, Interval Ci);

/// <summary>Members of an arm at each stage: reached → engaged → consent → added → converted.</summary>
public sealed record Funnel(long Assigned, long Reached, long Engaged, long Consent, long Added, long Converted);

/// <summary>An arm against the control on one metric.</summary>
public sealed record Comparison(string Arm, string Control, double Difference, Interval DifferenceCi, double? RelativeLift, Interval? RelativeLiftCi, double PValue)
{
    /// <summary>Holm-adjusted across the arms compared with the control.</summary>
    public double HolmPValue { get; init; } = double.NaN;

    /// <summary>mSPRT always-valid p-value over the daily looks (rates only).</summary>
    public double AlwaysValidPValue { get; init; } = double.NaN;
}

/// <summary>A guardrail rate of an arm and how it compares with the control.</summary>
public sealed record GuardrailReview(GuardrailMetric Metric, string Arm, RateEstimate Rate, Interval? DifferenceCi, bool Breached, bool Watch);

/// <summary>Everything about one arm.</summary>
public sealed record ArmReview(string Arm, string? Label, double Weight, bool IsControl, bool IsHoldout)
{
    public required Funnel Funnel { get; init; }
    public required RateEstimate WecomAdd { get; init; }
    public required RateEstimate Conversion { get; init; }
    public required MoneyEstimate RevenuePerMember { get; init; }
    public required MoneyEstimate Roi { get; init; }
    public required double Revenue { get; init; }
    public required double Cost { get; init; }

    /// <summary>The primary metric's value (a rate, revenue per member or ROI).</summary>
    public required double Primary { get; init; }

    public required Interval PrimaryCi { get; init; }

    /// <summary>Against the control on the primary metric; null for the control and the holdout.</summary>
    public Comparison? VsControl { get; init; }

    /// <summary>Probability that this arm is best on the primary metric (contacted arms only).</summary>
    public double ProbabilityBest { get; init; } = double.NaN;
}

/// <summary>Per-day figures of one arm: new members (by first exposure day) and the running primary rate.</summary>
public sealed record DailyPoint(DateOnly Day, string Arm, long NewMembers, long NewSuccesses, long CumulativeMembers, long CumulativeSuccesses)
{
    public double CumulativeRate => CumulativeMembers == 0 ? 0 : (double)CumulativeSuccesses / CumulativeMembers;
}

/// <summary>Sample-ratio check of the contacted arms against their weights.</summary>
public sealed record SampleRatioCheck(double ChiSquare, double PValue)
{
    public bool Mismatch => PValue < SampleRatio.Alarm;
}

/// <summary>A factor's main effect in a factorial design (level vs the control's level, other factors pooled).</summary>
public sealed record FactorEffect(string Factor, string Level, string Reference, RateEstimate LevelRate, RateEstimate ReferenceRate, Interval DifferenceCi, double PValue)
{
    public double Difference => LevelRate.Rate - ReferenceRate.Rate;
}

/// <summary>Incremental lift of contacting (all contacted arms pooled) over the no-contact holdout.</summary>
public sealed record HoldoutLift(RateEstimate Contacted, RateEstimate Holdout, Interval DifferenceCi, double PValue, double RevenuePerMemberDifference, Interval RevenueDifferenceCi)
{
    public double Difference => Contacted.Rate - Holdout.Rate;
}

/// <summary>Something the reader must know before trusting the numbers.</summary>
public sealed record ReviewWarning(string Code, string Chinese, string English, bool Loud = false);

public enum VerdictKind
{
    /// <summary>Too few members or successes to say anything.</summary>
    InsufficientData,

    /// <summary>Assignment is broken (SRM); the numbers cannot be trusted.</summary>
    Invalid,

    /// <summary>No arm differs significantly from the control.</summary>
    NoDifference,

    /// <summary>An arm beats the control significantly.</summary>
    Winner,

    /// <summary>The control beats every other arm significantly.</summary>
    ControlWins,
}

public sealed record Verdict(VerdictKind Kind, string? Winner, string Chinese, string English);

/// <summary>
/// The A/B review of one experiment: per-arm funnel, rates with intervals, lift, Holm-corrected and always-valid
/// p-values, P(best), revenue and ROI with bootstrap intervals, guardrails, SRM, daily series, factor effects,
/// holdout lift and a plain-language verdict. Built from pure records by <see cref="Compute"/>.
/// </summary>
public sealed record ExperimentReview(ExperimentDefinition Experiment, IReadOnlyList<ArmReview> Arms)
{
    public required DateTimeOffset ComputedAt { get; init; }
    public required long Members { get; init; }
    public required SampleRatioCheck SampleRatio { get; init; }
    public required IReadOnlyList<GuardrailReview> Guardrails { get; init; }
    public required IReadOnlyList<DailyPoint> Daily { get; init; }
    public required IReadOnlyList<FactorEffect> FactorEffects { get; init; }
    public HoldoutLift? Holdout { get; init; }
    public required IReadOnlyList<ReviewWarning> Warnings { get; init; }
    public required Verdict Verdict { get; init; }

    /// <summary>Members per arm needed to detect the observed control rate +20 % (rate metrics; null otherwise).</summary>
    public long? RequiredPerArm { get; init; }

    /// <summary>The smallest absolute difference the current arm size detects (rate metrics; null otherwise).</summary>
    public double? MinimumDetectableEffect { get; init; }

    /// <summary>Member turns per arm by recognised intent, passed through from the input.</summary>
    public IntentDistribution Intents { get; init; } = IntentDistribution.Empty;

    public ArmReview? Arm(string id) => Arms.FirstOrDefault(a => a.Arm == id);

    public static ExperimentReview Compute(ReviewInput input, ReviewOptions? options = null) =>
        ReviewCalculator.Compute(input, options ?? new ReviewOptions()) with { Intents = input.Intents };
}
