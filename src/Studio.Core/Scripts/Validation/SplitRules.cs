using System.Globalization;

namespace Studio.Core.Scripts.Validation;

/// <summary>A/B splits: a named experiment, at least two uniquely named arms whose weights total 100, a route per arm.</summary>
internal static class SplitRules
{
    // ±0.01 inclusive; the epsilon absorbs binary rounding (33.33 × 3 = 99.99000000000001).
    private const double WeightTolerance = 0.01 + 1e-9;

    public static void Check(ValidationContext context)
    {
        var armsByExperiment = new Dictionary<string, (string NodeId, HashSet<string> Arms)>(StringComparer.Ordinal);
        foreach (var (node, path) in context.Nodes)
        {
            if (node is not SplitNode split)
            {
                continue;
            }
            if (string.IsNullOrWhiteSpace(split.Experiment))
            {
                context.Error(DiagnosticCodes.MissingName, "the split has no 'experiment': name the experiment its results are reported under", path + ".experiment", split.Id);
            }
            if (split.Arms.Count < 2)
            {
                context.Error(DiagnosticCodes.InvalidSplit, $"a split needs at least 2 arms to compare; it has {split.Arms.Count}", path + ".arms", split.Id);
            }
            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < split.Arms.Count; i++)
            {
                var arm = split.Arms[i];
                var armPath = $"{path}.arms[{i}]";
                if (string.IsNullOrWhiteSpace(arm.Id))
                {
                    context.Error(DiagnosticCodes.MissingName, $"arm {i + 1} has no 'id'", armPath + ".id", split.Id);
                    continue;
                }
                if (!ids.Add(arm.Id))
                {
                    context.Error(DiagnosticCodes.InvalidSplit, $"arm '{arm.Id}' is defined twice: give every arm its own id", armPath + ".id", split.Id);
                    continue;
                }
                if (arm.Weight < 0)
                {
                    context.Error(DiagnosticCodes.SplitWeights, $"arm '{arm.Id}' has a negative weight ({Number(arm.Weight)}): weights are percentages of traffic", armPath + ".weight", split.Id);
                }
                if (!split.Routes.ContainsKey(arm.Id))
                {
                    context.Error(DiagnosticCodes.MissingRoute, $"arm '{arm.Id}' has no route: add routes.{arm.Id} with the node this arm goes to", armPath, split.Id);
                }
            }
            var total = split.Arms.Sum(a => a.Weight);
            if (split.Arms.Count > 0 && Math.Abs(total - 100) > WeightTolerance)
            {
                context.Error(DiagnosticCodes.SplitWeights, $"arm weights add up to {Number(total)}, not 100: adjust them so they total 100", path + ".arms", split.Id);
            }
            RouteRules.WarnUnused(context, split, path, ids);
            CheckSharedExperiment(context, armsByExperiment, split, ids, path);
        }
    }

    /// <summary>A member keeps their arm per experiment, so two splits of one experiment must offer the same arms.</summary>
    private static void CheckSharedExperiment(ValidationContext context, Dictionary<string, (string NodeId, HashSet<string> Arms)> seen, SplitNode split, HashSet<string> ids, string path)
    {
        if (string.IsNullOrWhiteSpace(split.Experiment))
        {
            return;
        }
        if (!seen.TryGetValue(split.Experiment, out var other))
        {
            seen[split.Experiment] = (split.Id, ids);
        }
        else if (!other.Arms.SetEquals(ids))
        {
            context.Error(DiagnosticCodes.InvalidSplit,
                $"experiment '{split.Experiment}' is also split at node '{other.NodeId}' with other arms ({string.Join(", ", other.Arms)}): a member keeps one arm per experiment, so both splits need the same arms",
                path + ".arms", split.Id);
        }
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
