using Studio.Core.Scripts;
using Studio.Data.Outcomes;
using Studio.Data.TurnLog;

namespace Studio.Runtime.Events;

/// <summary>What an outcome event is credited to: a conversation and, when the member was in an experiment, its arm.</summary>
public sealed record Attribution(string Conversation, Channel Channel, string ScriptId, string Version, string? Experiment, string? Arm,
    DateTimeOffset ExposedAt);

/// <summary>
/// Last-touch attribution: an outcome is credited to the member's last exposure before it, within the window. For each
/// experiment the member was exposed to in the window, its last arm (and that conversation); when none, the member's
/// last conversation. Pure: the turns come in.
/// </summary>
public static class OutcomeAttribution
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    /// <param name="outcome">The event.</param>
    /// <param name="memberTurns">The member's turns (any order; others are ignored by time, not by member).</param>
    /// <param name="window">How long before the event an exposure still counts.</param>
    public static IReadOnlyList<Attribution> Attribute(OutcomeEvent outcome, IEnumerable<TurnRecord> memberTurns, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(memberTurns);
        var from = outcome.Time - window;
        var eligible = memberTurns.Where(t => t.Time <= outcome.Time && t.Time >= from)
            .OrderByDescending(t => t.Time).ThenByDescending(t => t.Id).ToList();
        if (eligible.Count == 0)
        {
            return [];
        }
        var byExperiment = eligible.Where(t => !string.IsNullOrEmpty(t.Experiment) && !string.IsNullOrEmpty(t.Arm))
            .GroupBy(t => t.Experiment!, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderByDescending(t => t.Time).ThenBy(t => t.Experiment, StringComparer.Ordinal)
            .Select(Of)
            .ToList();
        return byExperiment.Count > 0 ? byExperiment : [Of(eligible[0])];
    }

    private static Attribution Of(TurnRecord t) => new(t.Conversation, t.Channel, t.ScriptId, t.Version, t.Experiment, t.Arm, t.Time);
}
