using System.Diagnostics.Metrics;
using Studio.Core.Scripts;

namespace Studio.Runtime.Operations;

/// <summary>
/// The runtime's metrics on the meter <see cref="MeterName"/>, exported at /metrics (Prometheus). The conversation host
/// calls <see cref="RecordTurn"/>, <see cref="ConversationStarted"/> and <see cref="ConversationEnded"/>; the outbox
/// worker records its performances. Tags are low-cardinality (channel, recogniser, outcome, action type): never a
/// member, a conversation or a script id.
/// </summary>
public sealed class RuntimeMetrics
{
    public const string MeterName = "Studio.Runtime";

    private readonly Histogram<double> _turnLatency;
    private readonly Counter<long> _turns;
    private readonly Counter<long> _recognizerMix;
    private readonly UpDownCounter<long> _activeConversations;
    private readonly Counter<long> _conversationsEnded;
    private readonly Counter<long> _outboxPerformed;
    private readonly Counter<long> _outboxFailed;
    private readonly Counter<long> _outboxDead;

    public RuntimeMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _turnLatency = meter.CreateHistogram<double>("studio.turn.duration", "ms", "Our processing time of a turn (recognition + engine + persistence)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] });
        _turns = meter.CreateCounter<long>("studio.turns", "{turn}", "Turns handled");
        _recognizerMix = meter.CreateCounter<long>("studio.recognizer.decisions", "{turn}", "Which recogniser decided a turn's intent");
        _activeConversations = meter.CreateUpDownCounter<long>("studio.conversations.active", "{conversation}", "Conversations in progress");
        _conversationsEnded = meter.CreateCounter<long>("studio.conversations.ended", "{conversation}", "Conversations ended, by outcome");
        _outboxPerformed = meter.CreateCounter<long>("studio.outbox.performed", "{action}", "Outbox actions performed");
        _outboxFailed = meter.CreateCounter<long>("studio.outbox.failed", "{action}", "Outbox attempts that failed and will be retried");
        _outboxDead = meter.CreateCounter<long>("studio.outbox.dead", "{action}", "Outbox actions dead-lettered");
    }

    /// <summary>One turn: its latency by channel and recogniser (<paramref name="decidedBy"/> null: no member input, e.g. the opening).</summary>
    public void RecordTurn(Channel channel, string? decidedBy, double latencyMs)
    {
        var channelTag = new KeyValuePair<string, object?>("channel", ChannelTag(channel));
        var decidedTag = new KeyValuePair<string, object?>("decided_by", decidedBy ?? "none");
        _turnLatency.Record(latencyMs, channelTag, decidedTag);
        _turns.Add(1, channelTag);
        if (decidedBy is not null)
        {
            _recognizerMix.Add(1, decidedTag);
        }
    }

    public void ConversationStarted(Channel channel) => _activeConversations.Add(1, new KeyValuePair<string, object?>("channel", ChannelTag(channel)));

    public void ConversationEnded(Channel channel, string outcome)
    {
        var channelTag = new KeyValuePair<string, object?>("channel", ChannelTag(channel));
        _activeConversations.Add(-1, channelTag);
        _conversationsEnded.Add(1, channelTag, new KeyValuePair<string, object?>("outcome", string.IsNullOrEmpty(outcome) ? "unknown" : outcome));
    }

    public void OutboxPerformed(string type) => _outboxPerformed.Add(1, TypeTag(type));

    public void OutboxFailed(string type) => _outboxFailed.Add(1, TypeTag(type));

    public void OutboxDead(string type) => _outboxDead.Add(1, TypeTag(type));

    private static string ChannelTag(Channel channel) => channel == Channel.Voice ? "voice" : "wecom";

    private static KeyValuePair<string, object?> TypeTag(string type) => new("type", type);
}
