using Studio.Core.Experiments;
using Studio.Core.Scripts;
using Studio.Data.Experiments;

namespace Studio.Runtime.Experiments;

/// <summary>
/// Applies the decisions on experiments to members who have not met them yet, as forced arms for the engine (its
/// sticky hash stays the default): a stopped experiment sends them down the control arm; in Thompson-sampling mode
/// the same hash cuts the stored weights instead of the split's. A promotion after the stop lets the published
/// (winner at 100 %) split decide again. Members already exposed keep their arm — the
/// runtime pins it before this is asked.
/// </summary>
public sealed class ExperimentAllocator(IExperimentStateStore states, ExperimentCatalog catalog)
{
    /// <summary>Experiment → arm for the script's experiments that <paramref name="memberId"/> has no arm in yet.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ForcedArmsAsync(Script script, string memberId, IReadOnlyDictionary<string, string> known, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(known);
        var forced = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var split in script.Nodes.OfType<SplitNode>())
        {
            if (split.Experiment.Length == 0 || split.Arms.Count == 0 || known.ContainsKey(split.Experiment) || forced.ContainsKey(split.Experiment))
            {
                continue;
            }
            if (await states.GetAsync(split.Experiment, cancellationToken).ConfigureAwait(false) is not { } state)
            {
                continue;
            }
            if (state.Status == ExperimentStatus.Stopped && !PromotedSinceStop(state))
            {
                // The control as the catalog defines it (configuration may name another arm than the first).
                forced[split.Experiment] = catalog.Configure(ExperimentDefinition.FromSplit(script, split)).ControlArm;
            }
            else if (state is { Mode: AllocationMode.ThompsonSampling, ThompsonWeights: { Count: > 0 } weights })
            {
                var arms = split.Arms.Select(a => new Arm { Id = a.Id, Weight = weights.GetValueOrDefault(a.Id) }).ToList();
                forced[split.Experiment] = ArmAllocator.Assign(split.Experiment, memberId, arms);
            }
        }
        return forced;
    }

    /// <summary>A promotion after the stop is the later decision: the published 100/0 split then decides.</summary>
    private static bool PromotedSinceStop(ExperimentState state) =>
        state.WeightPeriods is [.., { Source: ExperimentDecisions.PromotedSource } last] && last.From >= state.StoppedAt;
}
