using Studio.Core.Members;
using Studio.Core.Recognition;
using Studio.Core.Scripts;

namespace Studio.Core.Dialogs;

public enum InputKind
{
    Start,
    Text,
    NoInput,
    Dtmf,
    Hangup,
    Timer,
}

/// <summary>How a conversation begins: who, on which channel, with which seed and forced arms.</summary>
public sealed record ConversationStart(MemberProfile Member, Channel Channel = Channel.Voice, ulong Seed = 0)
{
    public IReadOnlyDictionary<string, string>? ForcedArms { get; init; }

    /// <summary>Initial values of script variables (overriding their defaults).</summary>
    public IReadOnlyDictionary<string, string>? Variables { get; init; }
}

/// <summary>One thing that happened on the channel: the start, a member's words, silence, keys, a hang-up, a timer.</summary>
public sealed record TurnInput(InputKind Kind)
{
    public ConversationStart? Start { get; init; }
    public string? Text { get; init; }

    /// <summary>ASR confidence of spoken text (0–1); null for typed text.</summary>
    public double? Confidence { get; init; }

    public string? Digits { get; init; }

    /// <summary>hangup: the outcome to record (hangup, dropped …); timer: its name.</summary>
    public string? Reason { get; init; }

    /// <summary>A recognition done at the edge (e.g. an LLM within its time budget); skips the engine's recogniser.</summary>
    public IntentResult? Recognition { get; init; }

    public static TurnInput Begin(ConversationStart start) => new(InputKind.Start) { Start = start };

    public static TurnInput Say(string text, double? confidence = null) => new(InputKind.Text) { Text = text, Confidence = confidence };

    public static TurnInput Silence() => new(InputKind.NoInput);

    public static TurnInput Keys(string digits) => new(InputKind.Dtmf) { Digits = digits };

    public static TurnInput HangUp(string outcome = Outcomes.Hangup) => new(InputKind.Hangup) { Reason = outcome };

    public static TurnInput TimerFired(string name = "followup") => new(InputKind.Timer) { Reason = name };
}

/// <summary>Outcome names the engine itself uses; scripts add their own (wecom_add_consent, refused …).</summary>
public static class Outcomes
{
    public const string Hangup = "hangup";
    public const string Dropped = "dropped";
    public const string Error = "error";
    public const string OptOut = "opt_out";
}
