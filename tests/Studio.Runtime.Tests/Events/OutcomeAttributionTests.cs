using Studio.Core.Scripts;
using Studio.Data.Outcomes;
using Studio.Data.TurnLog;
using Studio.Runtime.Events;

namespace Studio.Runtime.Tests.Events;

public sealed class OutcomeAttributionTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 11, 1, 10, 0, 0, TimeSpan.FromHours(8));

    private static TurnRecord Turn(long id, string conversation, double days, string? experiment = null, string? arm = null) => new()
    {
        Id = id,
        Time = Day0.AddDays(days),
        Conversation = conversation,
        Channel = conversation.StartsWith("voice", StringComparison.Ordinal) ? Channel.Voice : Channel.Wecom,
        MemberId = "m-1",
        ScriptId = "s",
        Version = "v1",
        Experiment = experiment,
        Arm = arm,
    };

    private static OutcomeEvent Order(double days) => new() { EventId = "e-1", Type = OutcomeTypes.OrderPlaced, MemberId = "m-1", Time = Day0.AddDays(days), Amount = 299 };

    [Fact]
    public void The_last_exposure_before_the_event_wins_per_experiment()
    {
        var turns = new[]
        {
            Turn(1, "voice:call-1", 0, "coupon-vs-gift", "coupon"),
            Turn(2, "voice:call-1", 0.001, "coupon-vs-gift", "coupon"),
            Turn(3, "wecom:w-1", 2, "coupon-vs-gift", "gift"),
            Turn(4, "wecom:w-1", 2.001, "opening", "short"),
            Turn(5, "voice:call-2", 5, null, null),
        };
        var attributions = OutcomeAttribution.Attribute(Order(3), turns, TimeSpan.FromDays(7));
        Assert.Equal(2, attributions.Count);
        Assert.Equal(("opening", "short", "wecom:w-1"), (attributions[0].Experiment, attributions[0].Arm, attributions[0].Conversation));
        Assert.Equal(("coupon-vs-gift", "gift", "wecom:w-1"), (attributions[1].Experiment, attributions[1].Arm, attributions[1].Conversation));
        Assert.Equal(Channel.Wecom, attributions[1].Channel);
    }

    [Fact]
    public void Exposures_after_the_event_or_outside_the_window_do_not_count()
    {
        var turns = new[] { Turn(1, "voice:call-1", 0, "x", "A"), Turn(2, "voice:call-2", 10, "x", "B") };
        Assert.Empty(OutcomeAttribution.Attribute(Order(8), turns, TimeSpan.FromDays(7)));
        var within = Assert.Single(OutcomeAttribution.Attribute(Order(6.9), turns, TimeSpan.FromDays(7)));
        Assert.Equal("A", within.Arm);
        Assert.Equal("A", Assert.Single(OutcomeAttribution.Attribute(Order(8), turns, TimeSpan.FromDays(8))).Arm);
    }

    [Fact]
    public void Without_any_experiment_the_last_conversation_is_credited()
    {
        var turns = new[] { Turn(1, "voice:call-1", 0), Turn(2, "wecom:w-1", 1), Turn(3, "voice:call-9", 9) };
        var only = Assert.Single(OutcomeAttribution.Attribute(Order(2), turns, OutcomeAttribution.DefaultWindow));
        Assert.Equal("wecom:w-1", only.Conversation);
        Assert.Null(only.Experiment);
        Assert.Equal(Day0.AddDays(1), only.ExposedAt);
    }
}
