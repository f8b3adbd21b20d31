using Studio.Core.Scripts;
using Studio.Runtime.Conversations;

namespace Studio.Runtime.Operations;

/// <summary>Feeds <see cref="RuntimeMetrics"/> from the conversation grains (registered as an <see cref="IConversationObserver"/>).</summary>
public sealed class RuntimeMetricsObserver(RuntimeMetrics metrics) : IConversationObserver
{
    public void ConversationStarted(Channel channel) => metrics.ConversationStarted(channel);

    public void TurnCompleted(Channel channel, ConversationTurn turn, double latencyMs, int actions)
    {
        ArgumentNullException.ThrowIfNull(turn);
        // A replayed turn ran nothing: counting it would double the turn and its latency.
        if (!turn.Replayed)
        {
            metrics.RecordTurn(channel, turn.DecidedBy, latencyMs);
        }
    }

    public void ConversationEnded(Channel channel, string outcome) => metrics.ConversationEnded(channel, outcome);
}
