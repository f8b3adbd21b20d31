using Studio.Core.Dialogs;

using Studio.Runtime.Conversations;

namespace Studio.Runtime.Channels.Voice;

/// <summary>
/// The conversation host a voice gateway talks to: it runs the dialog engine for each call and performs the
/// actions the engine returns (tag, WeCom add, SMS, webhook, callback; a transfer is performed by the gateway).
/// The gateway adapter calls it one turn at a time per call and never concurrently for the same call.
/// The embedded implementation is <see cref="EngineVoiceConversationHandler"/>; the Orleans host plugs in here.
/// </summary>
public interface IVoiceConversationHandler
{
    /// <summary>A call was answered: start the script and return the opening turn.</summary>
    Task<ConversationTurn> StartAsync(VoiceCallInfo call, CancellationToken cancellationToken);

    /// <summary>The member spoke, pressed keys or stayed silent: run one turn.</summary>
    Task<ConversationTurn> TurnAsync(string callSid, TurnInput input, CancellationToken cancellationToken);

    /// <summary>
    /// The call is over without the script ending it (the member hung up, the line dropped): record the end
    /// with <paramref name="outcome"/> (<see cref="Outcomes.Hangup"/>, <see cref="Outcomes.Dropped"/> …).
    /// Returns the final turn, or null when the conversation had already ended or is unknown.
    /// </summary>
    Task<ConversationTurn?> EndAsync(string callSid, string outcome, CancellationToken cancellationToken);

    /// <summary>
    /// The gateway reconnected for a call this process does not hold (e.g. after a restart). True when the
    /// host still has the conversation and it is waiting for the member, so the call can go on.
    /// </summary>
    Task<bool> ResumeAsync(VoiceCallInfo call, CancellationToken cancellationToken) => Task.FromResult(false);
}
