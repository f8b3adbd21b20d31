using Studio.Core.Experiments.Statistics;

namespace Studio.Core.Experiments;

/// <summary>One arm's evidence for adaptive allocation: members assigned and successes of the primary metric.</summary>
public readonly record struct ArmEvidence(string Arm, long Successes, long N);

/// <summary>
/// Thompson-sampling allocation: each arm's share of new members is its probability of being best under Beta(1 + x,
/// 1 + n − x) posteriors (<see cref="BayesianBest"/>: exact for two arms, seeded Monte Carlo for more), then floored:
/// every arm keeps <c>floor</c> percent and the rest is shared by the probabilities, so the weights sum to 100 and no
/// arm starves (the comparison stays possible). Pure and deterministic for a seed.
/// </summary>
public static class ThompsonAllocation
{
    public const double DefaultFloorPercent = 10;

    /// <summary>New weights in percent (summing to 100 up to the 0.01 rounding), keyed by arm id, in the order of <paramref name="arms"/>.</summary>
    public static IReadOnlyDictionary<string, double> Weights(IReadOnlyList<ArmEvidence> arms, double floorPercent = DefaultFloorPercent, int seed = 20240601, int draws = 20_000)
    {
        ArgumentNullException.ThrowIfNull(arms);
        if (arms.Count == 0)
        {
            throw new ArgumentException("Thompson sampling needs at least one arm", nameof(arms));
        }
        if (double.IsNaN(floorPercent) || floorPercent < 0 || floorPercent * arms.Count > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(floorPercent), floorPercent,
                $"the floor per arm must be between 0 and {100.0 / arms.Count:0.##} % for {arms.Count} arms");
        }
        if (arms.Select(a => a.Arm).Distinct(StringComparer.Ordinal).Count() != arms.Count)
        {
            throw new ArgumentException("arm ids must be distinct", nameof(arms));
        }
        var best = BayesianBest.Probabilities([.. arms.Select(a => (a.Successes, a.N))], draws, seed);
        var free = 100 - floorPercent * arms.Count;
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < arms.Count; i++)
        {
            // Rounded to the allocator's resolution (0.01 %); the floor is kept exactly.
            weights[arms[i].Arm] = floorPercent + Math.Round(free * best[i], 2);
        }
        return weights;
    }
}
