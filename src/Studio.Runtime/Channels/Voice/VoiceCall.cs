using Microsoft.Extensions.Logging;
using Studio.Core.Dialogs;
using Studio.Runtime.Conversations;

namespace Studio.Runtime.Channels.Voice;

/// <summary>
/// One call, gateway-neutral: feeds the caller's inputs to the conversation host one turn at a time and turns
/// each result into voice instructions. Never throws for what a host or a caller can do: a failing or slow host
/// gets an apology and a hang-up, and the conversation is ended with outcome <c>error</c>.
/// Callers run its methods through <see cref="Queue"/> (one at a time).
/// </summary>
public sealed class VoiceCall(VoiceCallInfo info, IVoiceConversationHandler handler, VoiceOptions options, ILogger logger)
{
    public VoiceCallInfo Info { get; } = info;

    public string CallSid => Info.CallSid;

    /// <summary>Serialises everything that happens on this call.</summary>
    public SerialQueue Queue { get; } = new();

    /// <summary>True once the conversation has ended (by the script, a hang-up, a drop or an error).</summary>
    public bool ConversationEnded { get; private set; }

    public string? Outcome { get; private set; }

    /// <summary>Turns run so far, including the start.</summary>
    public int Turns { get; private set; }

    /// <summary>Starts the conversation; the instructions include the whole opening.</summary>
    public async Task<IReadOnlyList<VoiceInstruction>> StartAsync(CancellationToken cancellationToken)
    {
        logger.CallStarted(CallSid, Info.ScriptId, Info.MemberId, Info.Campaign, Info.Direction, Info.MaskedFrom, Info.MaskedTo);
        return await RunAsync(ct => handler.StartAsync(Info, ct), "start", cancellationToken);
    }

    /// <summary>The caller's answer to the last listen.</summary>
    public async Task<IReadOnlyList<VoiceInstruction>> InputAsync(VoiceInput input, CancellationToken cancellationToken)
    {
        if (ConversationEnded)
        {
            logger.InputAfterEnd(CallSid, Outcome);
            return [new HangUpInstruction()];
        }
        var turn = ToTurnInput(input);
        return await RunAsync(ct => handler.TurnAsync(CallSid, turn, ct), turn.Kind.ToString(), cancellationToken);
    }

    /// <summary>The call ended outside the script (hang-up, drop): tell the host once.</summary>
    public async Task EndAsync(string outcome, CancellationToken cancellationToken)
    {
        if (ConversationEnded)
        {
            return;
        }
        ConversationEnded = true;
        Outcome = outcome;
        logger.EndedByLine(CallSid, outcome);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.TurnTimeout);
            await handler.EndAsync(CallSid, outcome, timeout.Token);
        }
        catch (Exception ex)
        {
            logger.EndFailed(ex, CallSid, outcome);
        }
    }

    /// <summary>Marks a call resumed from the host after a reconnect to another process.</summary>
    public void MarkResumed() => Turns = Math.Max(Turns, 1);

    public static TurnInput ToTurnInput(VoiceInput input) => input switch
    {
        SpeechInput { LowConfidence: true } s => TurnInput.Say(s.Transcript, s.Confidence ?? 0),
        SpeechInput s => TurnInput.Say(s.Transcript, s.Confidence),
        DigitsInput d => TurnInput.Keys(d.Digits),
        _ => TurnInput.Silence(),
    };

    private async Task<IReadOnlyList<VoiceInstruction>> RunAsync(Func<CancellationToken, Task<ConversationTurn>> step, string what, CancellationToken cancellationToken)
    {
        ConversationTurn result;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.TurnTimeout);
            try
            {
                result = await step(timeout.Token).WaitAsync(timeout.Token);
            }
            catch (Exception ex)
            {
                if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    logger.HostTimeout(CallSid, options.TurnTimeout, Turns, what);
                }
                else
                {
                    logger.HostFailed(ex, CallSid, Turns, what);
                }
                await EndAsync(Outcomes.Error, CancellationToken.None);
                return VoicePlanner.Failure(options);
            }
        }
        Turns++;
        if (result.Ended)
        {
            ConversationEnded = true;
            Outcome = result.Outcome;
            logger.ScriptEnded(CallSid, result.Node, result.Outcome);
        }
        return VoicePlanner.Plan(result, options);
    }
}
