using Studio.Core.Experiments;
using Studio.Data.Experiments;

namespace Studio.Runtime.Experiments;

/// <summary>What a decision did: the experiment's state afterwards, or why it could not be taken.</summary>
public sealed record DecisionOutcome(bool Succeeded, ExperimentState? State, string? Error)
{
    public static DecisionOutcome Fail(string error) => new(false, null, error);
}

/// <summary>
/// The decisions people and the runtime take on a running experiment: stop it (the review window freezes and new
/// members go down the control arm), switch the allocation between fixed weights and Thompson sampling, recompute
/// the Thompson weights from the review, and record the weights a promotion puts in force.
/// </summary>
public sealed class ExperimentDecisions(ExperimentCatalog catalog, ExperimentReviewSource reviews, IExperimentStateStore states, TimeProvider? time = null)
{
    /// <summary>The source of the weight period a promotion records.</summary>
    public const string PromotedSource = "promoted";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Stops the experiment now; stopping a stopped experiment is an error that says when and by whom.</summary>
    public async Task<DecisionOutcome> StopAsync(string name, string user, string? note, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        if (await catalog.FindAsync(name, cancellationToken).ConfigureAwait(false) is null)
        {
            return DecisionOutcome.Fail($"no experiment '{name}'");
        }
        if (await states.GetAsync(name, cancellationToken).ConfigureAwait(false) is { Status: ExperimentStatus.Stopped } stopped)
        {
            return DecisionOutcome.Fail($"experiment '{name}' was already stopped at {stopped.StoppedAt:u} by {stopped.StoppedBy}");
        }
        var now = _time.GetUtcNow();
        var state = await states.UpdateAsync(name, s =>
        {
            s.Status = ExperimentStatus.Stopped;
            s.StoppedAt = now;
            s.StoppedBy = user;
            s.StopNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        }, cancellationToken).ConfigureAwait(false);
        return new DecisionOutcome(true, state, null);
    }

    /// <summary>
    /// Switches the allocation mode. Thompson sampling needs a floor per arm between 0 and 100 / arms percent and
    /// computes its first weights at once; back to fixed weights, the published weights are in force again.
    /// </summary>
    public async Task<DecisionOutcome> SetModeAsync(string name, AllocationMode mode, double floorPercent, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        if (await catalog.FindAsync(name, cancellationToken).ConfigureAwait(false) is not { } experiment)
        {
            return DecisionOutcome.Fail($"no experiment '{name}'");
        }
        var arms = experiment.Arms.Count;
        if (mode == AllocationMode.ThompsonSampling && (double.IsNaN(floorPercent) || floorPercent < 0 || floorPercent * arms > 100))
        {
            return DecisionOutcome.Fail($"the floor per arm must be between 0 and {100.0 / arms:0.##} % for {arms} arms, not {floorPercent}");
        }
        var now = _time.GetUtcNow();
        var state = await states.UpdateAsync(name, s =>
        {
            s.Mode = mode;
            s.ModeChangedBy = user;
            if (mode == AllocationMode.ThompsonSampling)
            {
                s.FloorPercent = floorPercent;
            }
            else
            {
                s.ThompsonWeights = null;
                s.RecordWeights(experiment.Arms.ToDictionary(a => a.Id, a => a.Weight, StringComparer.Ordinal), now, "published");
            }
        }, cancellationToken).ConfigureAwait(false);
        return mode == AllocationMode.ThompsonSampling ? await RebalanceAsync(experiment, cancellationToken).ConfigureAwait(false) : new DecisionOutcome(true, state, null);
    }

    /// <summary>
    /// Recomputes the Thompson weights of a running experiment in Thompson mode from its review (the primary rate;
    /// order conversion for revenue and ROI, which have no Beta posterior) and records them as a new weight period.
    /// </summary>
    public async Task<DecisionOutcome> RebalanceAsync(ExperimentDefinition experiment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var state = await states.GetAsync(experiment.Name, cancellationToken).ConfigureAwait(false);
        if (state is not { Mode: AllocationMode.ThompsonSampling, Status: ExperimentStatus.Running })
        {
            return DecisionOutcome.Fail($"experiment '{experiment.Name}' is not running in Thompson-sampling mode");
        }
        var review = await reviews.ReviewAsync(experiment, cancellationToken: cancellationToken).ConfigureAwait(false);
        var evidence = new List<ArmEvidence>();
        foreach (var arm in experiment.Arms)
        {
            var reviewed = review.Arms.FirstOrDefault(a => a.Arm == arm.Id);
            var rate = experiment.Primary == PrimaryMetric.WecomAddAccepted ? reviewed?.WecomAdd : reviewed?.Conversion;
            evidence.Add(new ArmEvidence(arm.Id, rate?.Successes ?? 0, rate?.N ?? 0));
        }
        var now = _time.GetUtcNow();
        // Seeded by the experiment and the step, so a recomputation is reproducible from the stored history.
        var seed = (int)(Studio.Core.Experiments.StableHash.Of(experiment.Name, state.WeightPeriods.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)) & int.MaxValue);
        var weights = ThompsonAllocation.Weights(evidence, state.FloorPercent, seed);
        state = await states.UpdateAsync(experiment.Name, s =>
        {
            s.ThompsonWeights = new Dictionary<string, double>(weights, StringComparer.Ordinal);
            s.ThompsonComputedAt = now;
            s.RecordWeights(weights, now, "thompson");
        }, cancellationToken).ConfigureAwait(false);
        return new DecisionOutcome(true, state, null);
    }

    /// <summary>
    /// Records that a promotion put <paramref name="winner"/> at 100 % from now (fixed weights from then on), so the
    /// review keeps judging earlier exposures by the weights they were assigned with.
    /// </summary>
    public async Task RecordPromotionAsync(string name, IEnumerable<string> arms, string winner, string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arms);
        var now = _time.GetUtcNow();
        var weights = arms.ToDictionary(a => a, a => a == winner ? 100.0 : 0.0, StringComparer.Ordinal);
        await states.UpdateAsync(name, s =>
        {
            s.Mode = AllocationMode.FixedWeights;
            s.ThompsonWeights = null;
            s.ModeChangedBy = user;
            s.RecordWeights(weights, now, PromotedSource);
        }, cancellationToken).ConfigureAwait(false);
    }
}
