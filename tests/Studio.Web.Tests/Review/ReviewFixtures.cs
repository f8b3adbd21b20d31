using Studio.Core.Experiments;

namespace Studio.Web.Tests.Review;

/// <summary>Reviews computed by the real calculator from exact per-arm counts.</summary>
internal static class ReviewFixtures
{
    private static readonly DateTimeOffset Day0 = new(2026, 11, 1, 2, 0, 0, TimeSpan.Zero);

    public static readonly ExperimentDefinition Framing = new("dormant-framing",
    [
        new ExperimentArm("A", 50) { Label = "直接送30元券", IncentiveCost = 30 },
        new ExperimentArm("B", 50) { Label = "有机会得红包", IncentiveCost = 8.5m },
    ]) { ScriptId = "dormant-reactivation" };

    /// <summary>Arms as (id, members, added); the first members of each arm are the ones added.</summary>
    public static ExperimentReview Review(params (string Arm, int Members, int Added)[] arms)
    {
        var exposures = new List<Exposure>();
        var contacts = new List<ContactSummary>();
        var outcomes = new List<OutcomeObservation>();
        foreach (var (arm, members, added) in arms)
        {
            for (var i = 0; i < members; i++)
            {
                var id = $"{arm}-{i}";
                var time = Day0.AddDays(i % 14).AddMinutes(i % 600);
                exposures.Add(new Exposure(id, arm, time));
                contacts.Add(new ContactSummary(id, time.AddSeconds(-20)) { DurationSeconds = 75, Reached = true, Engaged = i % 4 != 0, Consent = i < added * 3 / 2 });
                if (i < added)
                {
                    outcomes.Add(new OutcomeObservation(id, ReviewOutcomes.WecomAddAccepted, time.AddHours(2)));
                }
            }
        }
        return ExperimentReview.Compute(new ReviewInput(Framing, exposures, contacts, outcomes) { Now = Day0.AddDays(40) });
    }
}
