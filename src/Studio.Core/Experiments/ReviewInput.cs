namespace Studio.Core.Experiments;

/// <summary>
/// A member met an arm (the engine's ArmExposure, or the holdout decision for a member never contacted). A
/// member may appear many times; the review keeps the first exposure, which is sticky across channels and retries.
/// </summary>
public readonly record struct Exposure(string MemberId, string Arm, DateTimeOffset Time);

/// <summary>One conversation of an exposed member, summarised from its turns (in-dialog outcomes).</summary>
public sealed record ContactSummary(string MemberId, DateTimeOffset Start)
{
    /// <summary>Seconds from the first to the last turn (billed by started minute on voice).</summary>
    public double DurationSeconds { get; init; }

    /// <summary>The call was answered / the chat was delivered and the member was there.</summary>
    public bool Reached { get; init; }

    /// <summary>The member said something (any recognised or unrecognised utterance).</summary>
    public bool Engaged { get; init; }

    /// <summary>The member agreed (consent outcome or grade A).</summary>
    public bool Consent { get; init; }

    public bool OptOut { get; init; }
    public bool Complaint { get; init; }

    /// <summary>The member hung up within 10 seconds.</summary>
    public bool EarlyHangup { get; init; }

    public string? Outcome { get; init; }
    public char? Grade { get; init; }
}

/// <summary>A business outcome from a neighbouring system (WeCom add accepted, order placed …).</summary>
public readonly record struct OutcomeObservation(string MemberId, string Type, DateTimeOffset Time, decimal? Amount = null);

/// <summary>Well-known outcome types the review reads.</summary>
public static class ReviewOutcomes
{
    public const string WecomAddAccepted = "wecom_add_accepted";
    public const string OrderPlaced = "order_placed";
}

/// <summary>Everything a review is computed from: pure records, no storage.</summary>
public sealed record ReviewInput(
    ExperimentDefinition Experiment,
    IReadOnlyList<Exposure> Exposures,
    IReadOnlyList<ContactSummary> Contacts,
    IReadOnlyList<OutcomeObservation> Outcomes)
{
    /// <summary>When the review is made (for the experiment's age and open attribution windows).</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Member turns per arm by recognised intent (reported as is, not tested).</summary>
    public IntentDistribution Intents { get; init; } = IntentDistribution.Empty;
}

/// <summary>How a review decides and reports.</summary>
public sealed record ReviewOptions
{
    public double Alpha { get; init; } = 0.05;

    /// <summary>Decide on the always-valid (mSPRT) p-values, so the review may be read every day.</summary>
    public bool Sequential { get; init; }

    public double SequentialTau { get; init; } = Statistics.SequentialTest.DefaultTau;

    /// <summary>Below this many assigned members per arm the verdict says the data are too thin.</summary>
    public int MinimumPerArm { get; init; } = 200;

    /// <summary>Below this many successes of the primary metric per arm the verdict says the data are too thin.</summary>
    public int MinimumSuccessesPerArm { get; init; } = 10;

    public int BootstrapReplicates { get; init; } = Statistics.Bootstrap.DefaultReplicates;
    public int Seed { get; init; } = 7;

    /// <summary>Days are cut in this offset (China Standard Time by default).</summary>
    public TimeSpan DayOffset { get; init; } = TimeSpan.FromHours(8);
}
