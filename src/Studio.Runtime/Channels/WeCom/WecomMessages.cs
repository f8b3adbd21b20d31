using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Studio.Runtime.Channels.WeCom;

/// <summary>Where an inbound message came from.</summary>
public enum WecomSource
{
    /// <summary>A callback to the self-built app (members of the corp, external-contact events).</summary>
    App,
    /// <summary>A customer's message to 微信客服, pulled with kf/sync_msg.</summary>
    CustomerService,
}

/// <summary>
/// A decrypted inbound message or event. Typed properties cover what the runtime uses; <see cref="Fields"/> has
/// every flat field as sent. Contains personal data (user ids, content): never log it.
/// </summary>
public sealed record WecomInboundMessage
{
    public WecomSource Source { get; init; } = WecomSource.App;
    public required string ToUserName { get; init; }
    public required string FromUserName { get; init; }
    public required long CreateTime { get; init; }
    public required string MsgType { get; init; }
    public string? Content { get; init; }
    public string? MsgId { get; init; }
    public string? AgentId { get; init; }
    public string? Event { get; init; }
    public string? EventKey { get; init; }
    public string? ChangeType { get; init; }
    public string? UserId { get; init; }
    public string? ExternalUserId { get; init; }
    public string? State { get; init; }
    public string? WelcomeCode { get; init; }
    /// <summary>kf_msg_or_event: the token for kf/sync_msg (valid 10 minutes).</summary>
    public string? Token { get; init; }
    public string? OpenKfId { get; init; }
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    public bool IsEvent => MsgType == "event";
    public bool IsText => MsgType == "text";
    public bool IsAddExternalContact => IsEvent && Event == "change_external_contact" && ChangeType == "add_external_contact";
    public bool IsEnterAgent => IsEvent && Event == "enter_agent";
    public bool IsKfMsgOrEvent => IsEvent && Event == "kf_msg_or_event";

    /// <summary>
    /// The identity used to handle this message once: MsgId for messages, the event's fields for events.
    /// Hashed, so stores and logs never hold a user id.
    /// </summary>
    public string IdempotencyKey
    {
        get
        {
            var raw = IsEvent
                ? string.Join('\u001f', "evt", ToUserName, FromUserName, CreateTime.ToString(CultureInfo.InvariantCulture), Event, ChangeType,
                    UserId, ExternalUserId, WelcomeCode, Token, OpenKfId, EventKey)
                : string.Join('\u001f', Source == WecomSource.App ? "msg" : "kf", ToUserName, MsgId);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
        }
    }

    /// <summary>Parses a decrypted callback message and checks the fields its type requires.</summary>
    public static WecomInboundMessage Parse(string xml, int maxCharacters = 1 << 20)
    {
        var f = WecomXml.ReadFlat(xml, maxCharacters);
        string Required(string name) =>
            f.TryGetValue(name, out var v) && v.Length > 0 ? v : throw new WecomXmlException($"The message has no {name}.");
        string? Optional(string name) => f.TryGetValue(name, out var v) ? v : null;

        var msgType = Required("MsgType");
        if (!long.TryParse(Required("CreateTime"), NumberStyles.None, CultureInfo.InvariantCulture, out var createTime))
        {
            throw new WecomXmlException("CreateTime is not a number.");
        }
        var message = new WecomInboundMessage
        {
            ToUserName = Required("ToUserName"),
            FromUserName = Required("FromUserName"),
            CreateTime = createTime,
            MsgType = msgType,
            Content = Optional("Content"),
            MsgId = Optional("MsgId"),
            AgentId = Optional("AgentID"),
            Event = Optional("Event"),
            EventKey = Optional("EventKey"),
            ChangeType = Optional("ChangeType"),
            UserId = Optional("UserID"),
            ExternalUserId = Optional("ExternalUserID"),
            State = Optional("State"),
            WelcomeCode = Optional("WelcomeCode"),
            Token = Optional("Token"),
            OpenKfId = Optional("OpenKfId"),
            Fields = f,
        };
        if (msgType == "event")
        {
            var evt = Required("Event");
            if (evt == "change_external_contact")
            {
                var change = Required("ChangeType");
                if (change == "add_external_contact")
                {
                    Required("UserID");
                    Required("ExternalUserID");
                }
            }
            else if (evt == "kf_msg_or_event")
            {
                Required("Token");
                Required("OpenKfId");
            }
        }
        else
        {
            Required("MsgId");
            if (msgType == "text")
            {
                // Content may legitimately be whitespace, but the element must be there.
                if (!f.ContainsKey("Content"))
                {
                    throw new WecomXmlException("The message has no Content.");
                }
            }
        }
        return message;
    }
}

/// <summary>A message the bot sends. Rendered per API (passive reply, message/send, kf/send_msg, send_welcome_msg).</summary>
public abstract record WecomOutboundMessage;

public sealed record WecomText(string Content) : WecomOutboundMessage;

/// <summary>A link card (图文). message/send and passive replies take up to 8 articles; kf and welcome take the first as a link.</summary>
public sealed record WecomNews(IReadOnlyList<WecomArticle> Articles) : WecomOutboundMessage
{
    public WecomNews(WecomArticle article) : this([article])
    {
    }
}

public sealed record WecomArticle(string Title, string Url, string? Description = null, string? PicUrl = null);

/// <summary>A mini-program notice card (message/send only).</summary>
public sealed record WecomMiniProgramNotice(
    string AppId,
    string Page,
    string Title,
    string? Description = null,
    bool EmphasisFirstItem = false,
    IReadOnlyList<KeyValuePair<string, string>>? ContentItems = null) : WecomOutboundMessage;

/// <summary>
/// The welcome for an add_external_contact event, sent with send_welcome_msg and the event's WelcomeCode.
/// </summary>
public sealed record WecomWelcome(string? Text, IReadOnlyList<WecomArticle>? Links = null) : WecomOutboundMessage;

/// <summary>What the conversation host answers for one inbound message.</summary>
public sealed record WecomHandlerResult(IReadOnlyList<WecomOutboundMessage> Replies)
{
    public static readonly WecomHandlerResult None = new([]);

    public static WecomHandlerResult Reply(params WecomOutboundMessage[] replies) => new(replies);
}

/// <summary>
/// The seam to the conversation host (Orleans grains running the engine): given a decrypted message or event,
/// return the replies. Called once per message identity. May be slow: replies that miss the passive-reply
/// budget go out through the WeCom API.
/// </summary>
public interface IWecomConversationHandler
{
    ValueTask<WecomHandlerResult> HandleAsync(WecomInboundMessage message, CancellationToken cancellationToken);
}
