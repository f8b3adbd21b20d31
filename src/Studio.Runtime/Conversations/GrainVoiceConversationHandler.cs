using Microsoft.Extensions.Options;
using Studio.Core.Dialogs;
using Studio.Core.Scripts;
using Studio.Data.Conversations;
using Studio.Runtime.Channels.Voice;

namespace Studio.Runtime.Conversations;

/// <summary>The voice gateway's conversation host in the runtime: each call is a conversation grain ("voice:&lt;call sid&gt;").</summary>
public sealed class GrainVoiceConversationHandler(IGrainFactory grains, IOptions<ConversationOptions> options) : IVoiceConversationHandler
{
    public Task<ConversationTurn> StartAsync(VoiceCallInfo call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var scriptId = call.ScriptId ?? options.Value.VoiceDefaultScript
            ?? throw new InvalidOperationException($"call {call.CallSid} names no script and Studio:Conversations:VoiceDefaultScript is not set");
        var request = new ConversationStartRequest
        {
            ScriptId = scriptId,
            InputId = "start",
            MemberId = call.MemberId,
            Member = call.Member.ToPairs(),
            Variables = call.Variables is null ? null : new Dictionary<string, string>(call.Variables, StringComparer.Ordinal),
            ForcedArms = call.ForcedArms is null ? null : new Dictionary<string, string>(call.ForcedArms, StringComparer.Ordinal),
            Seed = call.Seed,
            Outbound = string.Equals(call.Direction, "outbound", StringComparison.OrdinalIgnoreCase),
            Campaign = call.Campaign,
        };
        return Grain(call.CallSid).StartAsync(request).WaitAsync(cancellationToken);
    }

    public Task<ConversationTurn> TurnAsync(string callSid, TurnInput input, CancellationToken cancellationToken) =>
        Grain(callSid).TurnAsync(ConversationInput.From(input)).WaitAsync(cancellationToken);

    public async Task<ConversationTurn?> EndAsync(string callSid, string outcome, CancellationToken cancellationToken)
    {
        var turn = await Grain(callSid).TurnAsync(ConversationInput.From(TurnInput.HangUp(outcome))).WaitAsync(cancellationToken).ConfigureAwait(false);
        return turn.Refused is null ? turn : null;
    }

    public async Task<bool> ResumeAsync(VoiceCallInfo call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var snapshot = await Grain(call.CallSid).GetAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return snapshot is { Ended: false };
    }

    private IConversationGrain Grain(string callSid) =>
        grains.GetGrain<IConversationGrain>(new ConversationKey(Channel.Voice, callSid).ToString());
}
