using Studio.Core.Scripts;

namespace Studio.Core.Experiments;

/// <summary>A promoted script and the version note that says why it changed.</summary>
public sealed record PromotionResult(Script Script, string Note, string NoteEnglish);

/// <summary>
/// Promoting the winner of an A/B test: every split node of the experiment sends 100 % of new members to the
/// winning arm and 0 % to the others. The arms stay in the document (weight 0), so the history, the routes and
/// the review of the finished experiment keep working; other splits are untouched. Pure: the input is not changed.
/// </summary>
public static class WinnerPromotion
{
    public static PromotionResult Apply(Script script, string experimentName, string winnerArm)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentException.ThrowIfNullOrEmpty(experimentName);
        ArgumentException.ThrowIfNullOrEmpty(winnerArm);

        var splits = script.Nodes.OfType<SplitNode>().Where(s => s.Experiment == experimentName).ToList();
        if (splits.Count == 0)
        {
            throw new ArgumentException($"script '{script.Id}' has no split node for experiment '{experimentName}'", nameof(experimentName));
        }
        foreach (var split in splits)
        {
            if (split.Arms.All(a => a.Id != winnerArm))
            {
                var arms = string.Join(", ", split.Arms.Select(a => a.Id));
                throw new ArgumentException($"split node '{split.Id}' of experiment '{experimentName}' has no arm '{winnerArm}' (arms: {arms})", nameof(winnerArm));
            }
        }

        // A deep copy through the document format: the caller's script (often a shared compiled one) stays as it was.
        var copy = ScriptJson.Read(ScriptJson.Serialize(script)).Script
            ?? throw new InvalidOperationException($"script '{script.Id}' does not round-trip through its JSON format");
        foreach (var split in copy.Nodes.OfType<SplitNode>().Where(s => s.Experiment == experimentName))
        {
            foreach (var arm in split.Arms)
            {
                arm.Weight = arm.Id == winnerArm ? 100 : 0;
            }
        }
        return new PromotionResult(copy, $"推广胜出组 {winnerArm}({experimentName})", $"Promote winner {winnerArm} ({experimentName})");
    }
}
