namespace Studio.Data.Experiments;

/// <summary>Whether an experiment still assigns new members to its arms.</summary>
public enum ExperimentStatus
{
    Running,

    /// <summary>Stopped by a person: the review window is frozen and new members go down the control arm.</summary>
    Stopped,
}

/// <summary>How new members are spread over the arms.</summary>
public enum AllocationMode
{
    /// <summary>The split's weights from the published script.</summary>
    FixedWeights,

    /// <summary>Weights recomputed periodically from the review (P(arm is best)), each arm kept at a floor.</summary>
    ThompsonSampling,
}

/// <summary>Weights in force from <see cref="From"/> until <see cref="Until"/> (open while current).</summary>
public sealed class ExperimentWeightPeriod
{
    public DateTimeOffset From { get; set; }
    public DateTimeOffset? Until { get; set; }
    public Dictionary<string, double> Weights { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where the weights came from: published, promoted, thompson.</summary>
    public string Source { get; set; } = "";
}

/// <summary>
/// The decisions taken on one experiment (key: experiment name): stop, allocation mode, and the weights it ran with.
/// The script's split stays the source of arms; this record is what people and the runtime decided about it.
/// </summary>
public sealed class ExperimentState
{
    [LiteDB.BsonId]
    public string Name { get; set; } = "";

    public ExperimentStatus Status { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    public string? StoppedBy { get; set; }
    public string? StopNote { get; set; }

    public AllocationMode Mode { get; set; }

    /// <summary>Share every arm keeps in Thompson-sampling mode (percent).</summary>
    public double FloorPercent { get; set; } = 10;

    public string? ModeChangedBy { get; set; }

    /// <summary>The weights the experiment ran with, oldest first; the last one is open.</summary>
    public List<ExperimentWeightPeriod> WeightPeriods { get; set; } = [];

    /// <summary>The latest Thompson-sampling weights (percent by arm); null until first computed.</summary>
    public Dictionary<string, double>? ThompsonWeights { get; set; }

    public DateTimeOffset? ThompsonComputedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The open period's weights, if any.</summary>
    [LiteDB.BsonIgnore]
    public IReadOnlyDictionary<string, double>? CurrentWeights => WeightPeriods.Count > 0 ? WeightPeriods[^1].Weights : null;

    /// <summary>
    /// Records weights in force from <paramref name="at"/> when they differ from the open period's (closing it);
    /// the first period starts at <see cref="DateTimeOffset.MinValue"/> so it covers exposures before it was seen.
    /// Returns whether a period was added.
    /// </summary>
    public bool RecordWeights(IReadOnlyDictionary<string, double> weights, DateTimeOffset at, string source)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (CurrentWeights is { } current && current.Count == weights.Count
            && weights.All(w => current.TryGetValue(w.Key, out var c) && Math.Abs(c - w.Value) < 1e-9))
        {
            return false;
        }
        if (WeightPeriods.Count > 0)
        {
            WeightPeriods[^1].Until = at;
        }
        WeightPeriods.Add(new ExperimentWeightPeriod
        {
            From = WeightPeriods.Count == 0 ? DateTimeOffset.MinValue : at,
            Weights = new Dictionary<string, double>(weights, StringComparer.Ordinal),
            Source = source,
        });
        return true;
    }
}
