using System.Text.Json;
using Studio.Data.Outbox;
using Studio.Runtime.Channels.WeCom;

namespace Studio.Runtime.Outbox;

/// <summary>
/// The payload of a <c>wecom_reply</c> outbox item: where the reply goes (the routing fields of the inbound
/// <see cref="WecomInboundMessage"/> it answers) and the messages, in order. Holds WeCom user ids and content:
/// stored in the outbox, never logged.
/// </summary>
public sealed record WecomReplyPayload
{
    public WecomSource Source { get; init; }
    public string ToUserName { get; init; } = "";
    public string FromUserName { get; init; } = "";
    public long CreateTime { get; init; }
    public string MsgType { get; init; } = "";
    public string? Event { get; init; }
    public string? ChangeType { get; init; }
    public string? UserId { get; init; }
    public string? ExternalUserId { get; init; }
    public string? WelcomeCode { get; init; }
    public string? OpenKfId { get; init; }
    public string? AgentId { get; init; }

    /// <summary>The conversation ("wecom:…") and member, for the outbox's own columns.</summary>
    public string? Conversation { get; init; }

    public string? MemberId { get; init; }

    public List<WecomReplyMessage> Messages { get; init; } = [];

    public static WecomReplyPayload From(WecomInboundMessage inReplyTo, IEnumerable<WecomOutboundMessage> replies, string? conversation = null,
        string? memberId = null)
    {
        ArgumentNullException.ThrowIfNull(inReplyTo);
        ArgumentNullException.ThrowIfNull(replies);
        return new WecomReplyPayload
        {
            Source = inReplyTo.Source,
            ToUserName = inReplyTo.ToUserName,
            FromUserName = inReplyTo.FromUserName,
            CreateTime = inReplyTo.CreateTime,
            MsgType = inReplyTo.MsgType,
            Event = inReplyTo.Event,
            ChangeType = inReplyTo.ChangeType,
            UserId = inReplyTo.UserId,
            ExternalUserId = inReplyTo.ExternalUserId,
            WelcomeCode = inReplyTo.WelcomeCode,
            OpenKfId = inReplyTo.OpenKfId,
            AgentId = inReplyTo.AgentId,
            Conversation = conversation,
            MemberId = memberId,
            Messages = [.. replies.Select(WecomReplyMessage.From)],
        };
    }

    /// <summary>The inbound message as far as routing a reply needs it.</summary>
    public WecomInboundMessage ToInbound() => new()
    {
        Source = Source,
        ToUserName = ToUserName,
        FromUserName = FromUserName,
        CreateTime = CreateTime,
        MsgType = MsgType,
        Event = Event,
        ChangeType = ChangeType,
        UserId = UserId,
        ExternalUserId = ExternalUserId,
        WelcomeCode = WelcomeCode,
        OpenKfId = OpenKfId,
        AgentId = AgentId,
    };

    public IReadOnlyList<WecomOutboundMessage> ToReplies() => [.. Messages.Select(m => m.ToMessage())];

    public string ToJson() => JsonSerializer.Serialize(this, ActionPayload.Json);

    public static WecomReplyPayload Read(OutboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            var payload = JsonSerializer.Deserialize<WecomReplyPayload>(item.Payload, ActionPayload.Json);
            if (payload is null || string.IsNullOrEmpty(payload.FromUserName) || payload.Messages is not { Count: > 0 })
            {
                throw new OutboxPayloadException("the wecom_reply payload has no recipient or no messages");
            }
            _ = payload.ToReplies();
            return payload;
        }
        catch (JsonException ex)
        {
            throw new OutboxPayloadException($"the wecom_reply payload is not valid JSON ({ex.Path}: {ex.Message})");
        }
    }

    /// <summary>The outbox message; the dedup key (e.g. the inbound message's idempotency key) makes a redelivery enqueue once.</summary>
    public OutboxMessage ToOutboxMessage(string? dedupKey) =>
        new(OutboxTypes.WecomReply, ToJson()) { DedupKey = dedupKey, Conversation = Conversation, MemberId = MemberId };
}

/// <summary>One reply message in a serialisable shape: <see cref="Kind"/> text | news | miniprogram_notice | welcome.</summary>
public sealed record WecomReplyMessage
{
    public string Kind { get; init; } = "";
    public string? Content { get; init; }
    public List<WecomArticle>? Articles { get; init; }
    public string? AppId { get; init; }
    public string? Page { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public bool EmphasisFirstItem { get; init; }
    public List<KeyValuePair<string, string>>? ContentItems { get; init; }

    public static WecomReplyMessage From(WecomOutboundMessage message) => message switch
    {
        WecomText t => new WecomReplyMessage { Kind = "text", Content = t.Content },
        WecomNews n => new WecomReplyMessage { Kind = "news", Articles = [.. n.Articles] },
        WecomMiniProgramNotice m => new WecomReplyMessage
        {
            Kind = "miniprogram_notice",
            AppId = m.AppId,
            Page = m.Page,
            Title = m.Title,
            Description = m.Description,
            EmphasisFirstItem = m.EmphasisFirstItem,
            ContentItems = m.ContentItems is null ? null : [.. m.ContentItems],
        },
        WecomWelcome w => new WecomReplyMessage { Kind = "welcome", Content = w.Text, Articles = w.Links is null ? null : [.. w.Links] },
        _ => throw new ArgumentException($"no outbox form for {message.GetType().Name}", nameof(message)),
    };

    public WecomOutboundMessage ToMessage() => Kind switch
    {
        "text" => new WecomText(Content ?? ""),
        "news" => new WecomNews(Articles ?? []),
        "miniprogram_notice" => new WecomMiniProgramNotice(AppId ?? "", Page ?? "", Title ?? "", Description, EmphasisFirstItem, ContentItems),
        "welcome" => new WecomWelcome(Content, Articles),
        _ => throw new OutboxPayloadException($"unknown WeCom reply kind '{Kind}'"),
    };
}
