using Studio.Runtime.Conversations;

namespace Studio.Runtime.Channels.Voice;

/// <summary>
/// Turns one engine turn into voice instructions: statements are spoken as they are; the question the
/// conversation waits at is the prompt of the listen; a transfer comes after everything said in the turn;
/// a conversation that ended hangs up after its farewell.
/// </summary>
public static class VoicePlanner
{
    public static IReadOnlyList<VoiceInstruction> Plan(ConversationTurn turn, VoiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(options);

        var messages = turn.Messages.ToList();
        ConversationMessage? prompt = null;
        if (turn.Waiting is { } wait && messages.Count > 0 && messages[^1].NodeId == wait.NodeId && HasSpeech(messages[^1]))
        {
            prompt = messages[^1]; // the question (or its re-prompt) of the ask node the conversation waits at
            messages.RemoveAt(messages.Count - 1);
        }

        var plan = new List<VoiceInstruction>(messages.Count + 3);
        foreach (var message in messages)
        {
            if (HasSpeech(message))
            {
                plan.Add(new SpeakInstruction(message.SpokenText));
            }
        }
        foreach (var action in turn.Actions)
        {
            if (action.Type == ConversationAction.Transfer)
            {
                var queue = action.Parameters.TryGetValue("queue", out var q) ? q : "";
                plan.Add(new TransferInstruction(queue, options.ResolveTransfer(queue)));
            }
        }
        if (turn.Waiting is { } waiting && !turn.Ended)
        {
            plan.Add(new ListenInstruction(prompt?.SpokenText, Math.Max(1, waiting.TimeoutSeconds), prompt?.BargeIn ?? waiting.BargeIn));
        }
        else
        {
            plan.Add(new HangUpInstruction());
        }
        return plan;
    }

    /// <summary>What is said when the host fails: an apology (if configured) and a hang-up.</summary>
    public static IReadOnlyList<VoiceInstruction> Failure(VoiceOptions options) =>
        string.IsNullOrWhiteSpace(options.FailureText)
            ? [new HangUpInstruction()]
            : [new SpeakInstruction(options.FailureText), new HangUpInstruction()];

    private static bool HasSpeech(ConversationMessage message) => !string.IsNullOrWhiteSpace(message.SpokenText);
}
