using Studio.Core.Dialogs;
using Studio.Core.Members;

namespace Studio.Runtime.Conversations;

/// <summary>
/// One conversation (key: <c>ConversationKey</c> text, "voice:call-1" / "wecom:wm…"). Orleans runs one call at a
/// time per grain, so turns of a conversation never overlap; each turn is durable (state, turn log, actions) before
/// the grain answers. Inputs carry an id: a redelivered input gets the recorded turn back, never a second turn.
/// </summary>
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>Starts the script (ends and replaces an earlier, finished conversation under the same key).</summary>
    Task<ConversationTurn> StartAsync(ConversationStartRequest request);

    /// <summary>Runs one turn; <see cref="ConversationTurn.Refused"/> = "unknown" when there is no conversation to continue.</summary>
    Task<ConversationTurn> TurnAsync(ConversationInput input);

    /// <summary>The stored conversation, or null.</summary>
    Task<ConversationSnapshot?> GetAsync();
}

/// <summary>How a conversation starts: the script, the member, and the channel's routing for later messages.</summary>
[GenerateSerializer, Immutable]
public sealed record ConversationStartRequest
{
    [Id(0)] public required string ScriptId { get; init; }

    /// <summary>Identifies the delivery that started it (WeCom event identity, call id): a redelivery replays the start.</summary>
    [Id(1)] public string? InputId { get; init; }

    /// <summary>The pseudonymous member id (CRM id); the profile is loaded from the member store and merged with <see cref="Member"/>.</summary>
    [Id(2)] public string? MemberId { get; init; }

    /// <summary>Profile fields the channel knows (name, title, attributes); phone numbers masked.</summary>
    [Id(3)] public Dictionary<string, string> Member { get; init; } = [];

    [Id(4)] public Dictionary<string, string>? Variables { get; init; }
    [Id(5)] public Dictionary<string, string>? ForcedArms { get; init; }
    [Id(6)] public ulong Seed { get; init; }

    /// <summary>The bot contacts the member first (an outbound call, a proactive WeCom message): do-not-contact and calling hours apply.</summary>
    [Id(7)] public bool Outbound { get; init; }

    /// <summary>Where WeCom messages the bot sends on its own (follow-ups) go.</summary>
    [Id(8)] public WecomRoute? Wecom { get; init; }

    [Id(9)] public string? Campaign { get; init; }

    internal MemberProfile Profile()
    {
        var profile = MemberProfile.FromPairs(Member);
        if (MemberId is { Length: > 0 } id)
        {
            profile.Id = id;
        }
        return profile;
    }
}

/// <summary>WeCom routing of a conversation: the app (or 微信客服 account) and the member on it.</summary>
[GenerateSerializer, Immutable]
public sealed record WecomRoute(
    [property: Id(0)] string Source,
    [property: Id(1)] string CorpOrKfId,
    [property: Id(2)] string UserId,
    [property: Id(3)] string? ExternalUserId,
    [property: Id(4)] string? AgentId);

public enum ConversationInputKind
{
    Text,
    Dtmf,
    NoInput,
    Timer,
    HangUp,
}

/// <summary>One thing the member (or the channel) did.</summary>
[GenerateSerializer, Immutable]
public sealed record ConversationInput
{
    [Id(0)] public ConversationInputKind Kind { get; init; }

    /// <summary>The delivery's identity (WeCom MsgId hash, jambonz hook id): a redelivery gets the recorded turn.</summary>
    [Id(1)] public string? InputId { get; init; }

    [Id(2)] public string? Text { get; init; }

    /// <summary>ASR confidence of spoken text.</summary>
    [Id(3)] public double? Confidence { get; init; }

    [Id(4)] public string? Digits { get; init; }

    /// <summary>The outcome of a hang-up (hangup, dropped …) or the timer's name.</summary>
    [Id(5)] public string? Reason { get; init; }

    public static ConversationInput Say(string text, string? inputId = null, double? confidence = null) =>
        new() { Kind = ConversationInputKind.Text, Text = text, InputId = inputId, Confidence = confidence };

    public static ConversationInput From(TurnInput input, string? inputId = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ConversationInput
        {
            Kind = input.Kind switch
            {
                InputKind.Text => ConversationInputKind.Text,
                InputKind.Dtmf => ConversationInputKind.Dtmf,
                InputKind.Timer => ConversationInputKind.Timer,
                InputKind.Hangup => ConversationInputKind.HangUp,
                _ => ConversationInputKind.NoInput,
            },
            InputId = inputId,
            Text = input.Text,
            Confidence = input.Confidence,
            Digits = input.Digits,
            Reason = input.Reason,
        };
    }

    public TurnInput ToTurnInput() => Kind switch
    {
        ConversationInputKind.Text => TurnInput.Say(Text ?? "", Confidence),
        ConversationInputKind.Dtmf => TurnInput.Keys(Digits ?? ""),
        ConversationInputKind.Timer => TurnInput.TimerFired(Reason ?? "followup"),
        ConversationInputKind.HangUp => TurnInput.HangUp(Reason ?? Outcomes.Hangup),
        _ => TurnInput.Silence(),
    };
}

/// <summary>A stored conversation as the host sees it.</summary>
[GenerateSerializer, Immutable]
public sealed record ConversationSnapshot(
    [property: Id(0)] string Conversation,
    [property: Id(1)] string ScriptId,
    [property: Id(2)] string Version,
    [property: Id(3)] string? Node,
    [property: Id(4)] int Turn,
    [property: Id(5)] bool Ended,
    [property: Id(6)] string? Outcome,
    [property: Id(7)] string MemberId);
