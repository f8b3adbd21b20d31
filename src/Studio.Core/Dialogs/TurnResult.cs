using Studio.Core.Recognition;
using Studio.Core.Scripts;

namespace Studio.Core.Dialogs;

/// <summary>Something the engine produced in a turn. Every output names its node and the experiment arm in force.</summary>
public abstract record TurnOutput(string NodeId)
{
    public string? Experiment { get; init; }
    public string? Arm { get; init; }
}

/// <summary>A message for the member, rendered for every channel.</summary>
public sealed record BotMessage(string NodeId, string Text) : TurnOutput(NodeId)
{
    /// <summary>What TTS reads: numbers spoken naturally, links dropped.</summary>
    public required string SpokenText { get; init; }

    public bool BargeIn { get; init; }
    public WecomCard? Card { get; init; }
    public string? IncentiveId { get; init; }

    /// <summary>Answer of a global intent (全局问答) rather than the flow.</summary>
    public bool IsGlobal { get; init; }
}

/// <summary>A WeCom rich message (link card, image, mini-program card), rendered.</summary>
public sealed record WecomCard(WecomMessageType Type, string? Title, string? Description, string? Url, string? ImageUrl, string? AppId, string? Page);

/// <summary>Work for the host (tag, WeCom add, SMS, webhook, transfer, callback), with rendered parameters.</summary>
public sealed record ActionRequest(string NodeId, ActionType Type, IReadOnlyDictionary<string, string> Parameters) : TurnOutput(NodeId);

/// <summary>The member reached a split: the exposure A/B review counts. <c>First</c> is false on re-entry.</summary>
public sealed record ArmExposure(string NodeId, string ExperimentName, string ArmId, bool First) : TurnOutput(NodeId);

/// <summary>The conversation is over.</summary>
public sealed record ConversationEnded(string NodeId, string Outcome, char Grade) : TurnOutput(NodeId);

public enum TraceKind
{
    Input,
    Recognized,
    Entered,
    Routed,
    Global,
    Retry,
    Exposure,
    Error,
    Ignored,
}

/// <summary>One step of the engine's reasoning, for the tester and the turn log.</summary>
public readonly record struct TraceEvent(TraceKind Kind, string? NodeId, string? Detail)
{
    public override string ToString() => $"{Kind} {NodeId} {Detail}".TrimEnd();
}

/// <summary>Where the conversation waits and how the channel should listen.</summary>
public sealed record WaitInfo(string NodeId, int TimeoutSeconds, bool BargeIn, IReadOnlyList<string> ExpectedIntents);

/// <summary>The result of one turn: outputs, the new state, the trace and the recognition.</summary>
public sealed class TurnResult
{
    public required IReadOnlyList<TurnOutput> Outputs { get; init; }
    public required ConversationState State { get; init; }
    public required IReadOnlyList<TraceEvent> Trace { get; init; }
    public IntentResult? Recognition { get; init; }
    public WaitInfo? Waiting { get; init; }

    public bool Ended => State.IsEnded;
    public string? Outcome => State.Outcome;
    public IEnumerable<BotMessage> Messages => Outputs.OfType<BotMessage>();
    public IEnumerable<ActionRequest> Actions => Outputs.OfType<ActionRequest>();
    public string ReplyText => string.Join(" ", Messages.Select(m => m.Text));

    /// <summary>The nodes this turn passed through, in order.</summary>
    public IEnumerable<string> Path => Trace.Where(t => t.Kind == TraceKind.Entered).Select(t => t.NodeId!);
}
