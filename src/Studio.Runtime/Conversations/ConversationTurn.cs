using System.Reflection;
using System.Text.Json.Serialization;
using Studio.Core.Dialogs;
using Studio.Core.Scripts;

namespace Studio.Runtime.Conversations;

/// <summary>
/// What one turn of a conversation produced, as channels need it: the messages to say or send, the actions the
/// host performs, where the conversation waits and whether it ended. Channel-neutral and serialisable, so it can
/// cross a grain boundary; the engine's own <see cref="TurnResult"/> (state, trace) stays inside the host.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConversationTurn
{
    /// <summary>The conversation key ("voice:call-1", "wecom:wm…").</summary>
    [Id(0)] public required string Conversation { get; init; }
    [Id(1)] public string ScriptId { get; init; } = "";
    [Id(2)] public string Version { get; init; } = "";

    /// <summary>Turn number within the conversation (0 = start).</summary>
    [Id(3)] public int Turn { get; init; }

    [Id(4)] public ConversationMessage[] Messages { get; init; } = [];
    [Id(5)] public ConversationAction[] Actions { get; init; } = [];

    /// <summary>The question the conversation waits at; null when it ended.</summary>
    [Id(6)] public ConversationWait? Waiting { get; init; }

    /// <summary>The node the turn ended at.</summary>
    [Id(7)] public string? Node { get; init; }

    [Id(8)] public bool Ended { get; init; }
    [Id(9)] public string? Outcome { get; init; }
    [Id(10)] public string? Grade { get; init; }
    [Id(11)] public string? Intent { get; init; }
    [Id(12)] public double? Confidence { get; init; }
    [Id(13)] public string? DecidedBy { get; init; }

    /// <summary>The input was delivered before: this is the turn recorded then, nothing ran again.</summary>
    [Id(14)] public bool Replayed { get; init; }

    /// <summary>Nodes entered in this turn, in order (for path highlighting and tests).</summary>
    [Id(15)] public string[] Path { get; init; } = [];

    /// <summary>Why the conversation did not run (do_not_contact, opted_out, outside_calling_hours, no_active_version, unknown, ended); null when it ran.</summary>
    [Id(16)] public string? Refused { get; init; }

    [Id(17)] public string? Experiment { get; init; }
    [Id(18)] public string? Arm { get; init; }

    [JsonIgnore]
    public string ReplyText => string.Join(" ", Messages.Select(m => m.Text));

    public static ConversationTurn Refusal(string conversation, string reason) =>
        new() { Conversation = conversation, Ended = true, Outcome = reason, Refused = reason };

    /// <summary>Maps an engine turn. Actions keep their JSON names (tag, wecom_add, sms, webhook, transfer, callback).</summary>
    public static ConversationTurn From(string conversation, TurnResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var state = result.State;
        var exposure = result.Outputs.OfType<ArmExposure>().LastOrDefault();
        return new ConversationTurn
        {
            Conversation = conversation,
            ScriptId = state.ScriptId,
            Version = state.Version,
            Turn = state.Turn,
            Messages = [.. result.Messages.Select(ConversationMessage.From)],
            Actions = [.. result.Actions.Select(ConversationAction.From)],
            Waiting = result.Waiting is { } w && !result.Ended ? new ConversationWait(w.NodeId, w.TimeoutSeconds, w.BargeIn) : null,
            Node = state.Node,
            Ended = result.Ended,
            Outcome = state.Outcome,
            Grade = state.Grade?.ToString(),
            Intent = result.Recognition?.Intent,
            Confidence = result.Recognition?.Confidence,
            DecidedBy = result.Recognition?.DecidedBy,
            Path = [.. result.Path],
            Experiment = exposure?.ExperimentName ?? state.Experiment,
            Arm = exposure?.ArmId ?? (state.Experiment is { } e && state.Arms.TryGetValue(e, out var arm) ? arm : null),
        };
    }
}

/// <summary>A message of a turn: the text for WeCom, the spoken form for voice, an optional WeCom card.</summary>
[GenerateSerializer, Immutable]
public sealed record ConversationMessage
{
    [Id(0)] public required string NodeId { get; init; }
    [Id(1)] public required string Text { get; init; }
    [Id(2)] public required string SpokenText { get; init; }
    [Id(3)] public bool BargeIn { get; init; }
    [Id(4)] public MessageCard? Card { get; init; }
    [Id(5)] public string? IncentiveId { get; init; }
    [Id(6)] public bool IsGlobal { get; init; }

    public static ConversationMessage From(BotMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new()
        {
            NodeId = m.NodeId,
            Text = m.Text,
            SpokenText = m.SpokenText,
            BargeIn = m.BargeIn,
            Card = m.Card is { } c ? new MessageCard(JsonNameOf(c.Type), c.Title, c.Description, c.Url, c.ImageUrl, c.AppId, c.Page) : null,
            IncentiveId = m.IncentiveId,
            IsGlobal = m.IsGlobal,
        };
    }

    internal static string JsonNameOf<T>(T value) where T : struct, Enum => JsonNames<T>.Of(value);

    /// <summary>The names scripts use for enum values (their JsonStringEnumMemberName), computed once per type.</summary>
    private static class JsonNames<T> where T : struct, Enum
    {
        private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v, v =>
            typeof(T).GetField(v.ToString())?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? v.ToString().ToLowerInvariant());

        public static string Of(T value) => Names.TryGetValue(value, out var name) ? name : value.ToString();
    }
}

/// <summary>A WeCom card: type (news, miniprogram …) and its fields.</summary>
[GenerateSerializer, Immutable]
public sealed record MessageCard(
    [property: Id(0)] string Type,
    [property: Id(1)] string? Title,
    [property: Id(2)] string? Description,
    [property: Id(3)] string? Url,
    [property: Id(4)] string? ImageUrl,
    [property: Id(5)] string? AppId,
    [property: Id(6)] string? Page);

/// <summary>An action of a turn for the host to perform (through the outbox; a transfer also by the voice gateway).</summary>
[GenerateSerializer, Immutable]
public sealed record ConversationAction(
    [property: Id(0)] string NodeId,
    [property: Id(1)] string Type,
    [property: Id(2)] Dictionary<string, string> Parameters)
{
    public const string Transfer = "transfer";

    public static ConversationAction From(ActionRequest a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.NodeId, ConversationMessage.JsonNameOf(a.Type), new Dictionary<string, string>(a.Parameters, StringComparer.Ordinal));
    }
}

/// <summary>The question a conversation waits at: voice listens this long, with or without barge-in.</summary>
[GenerateSerializer, Immutable]
public sealed record ConversationWait(
    [property: Id(0)] string NodeId,
    [property: Id(1)] int TimeoutSeconds,
    [property: Id(2)] bool BargeIn);
