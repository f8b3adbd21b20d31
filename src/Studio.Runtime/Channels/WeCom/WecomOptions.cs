namespace Studio.Runtime.Channels.WeCom;

/// <summary>
/// One self-built WeCom app. Bound from the configuration section <c>WeCom</c>; put secrets (CorpSecret, Token,
/// EncodingAESKey) in the environment: <c>WeCom__CorpSecret</c>, <c>WeCom__Token</c>, <c>WeCom__EncodingAESKey</c>.
/// </summary>
public sealed class WecomOptions
{
    public const string SectionName = "WeCom";

    public string CorpId { get; set; } = "";
    /// <summary>The app's secret. From the environment only.</summary>
    public string CorpSecret { get; set; } = "";
    public int AgentId { get; set; }
    /// <summary>The callback Token (signature key).</summary>
    public string Token { get; set; } = "";
    /// <summary>The callback EncodingAESKey (43 characters).</summary>
    public string EncodingAESKey { get; set; } = "";
    /// <summary>WeCom API base URL; tests point it at a fake server on loopback.</summary>
    public Uri BaseUrl { get; set; } = new("https://qyapi.weixin.qq.com/");

    /// <summary>Callbacks whose timestamp is further than this from now (either way) are rejected (403).</summary>
    public TimeSpan TimestampWindow { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Largest callback body accepted; larger → 413, enforced while reading.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;
    /// <summary>How long a callback waits for the handler before answering "success" and replying through the API.
    /// WeCom gives up after about 5 s.</summary>
    public TimeSpan PassiveReplyBudget { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>How long a claimed message stays "in progress" before a redelivery may process it again
    /// (covers a host that died mid-message).</summary>
    public TimeSpan ProcessingLease { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>How long a handled message id is remembered.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Upper bound of remembered message ids (in-memory store); oldest go first.</summary>
    public int IdempotencyCapacity { get; set; } = 100_000;

    /// <summary>Refresh the access token this long before WeCom says it expires.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Timeout of one WeCom API call.</summary>
    public TimeSpan ApiTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>WeCom: per corp, per API, 10,000 calls a minute.</summary>
    public int ApiCallsPerMinute { get; set; } = 10_000;
    /// <summary>WeCom: per corp, per API, 150,000 calls an hour.</summary>
    public int ApiCallsPerHour { get; set; } = 150_000;
    /// <summary>WeCom: message/send, per member, 30 a minute (excess is silently dropped by WeCom).</summary>
    public int MessagesPerMemberPerMinute { get; set; } = 30;
    /// <summary>WeCom: message/send, per member, 1,000 an hour.</summary>
    public int MessagesPerMemberPerHour { get; set; } = 1_000;

    /// <summary>微信客服: after a customer's message we may send at most this many messages …</summary>
    public int KfMessagesPerWindow { get; set; } = 5;
    /// <summary>… within this time of it.</summary>
    public TimeSpan KfWindow { get; set; } = TimeSpan.FromHours(48);
    /// <summary>send_welcome_msg works only within 20 s of the add_external_contact event.</summary>
    public TimeSpan WelcomeCodeLifetime { get; set; } = TimeSpan.FromSeconds(20);
    /// <summary>kf/sync_msg page size (≤ 1000).</summary>
    public int KfSyncLimit { get; set; } = 1000;

    internal void Validate()
    {
        if (string.IsNullOrEmpty(CorpId))
        {
            throw new InvalidOperationException("WeCom:CorpId is not configured.");
        }
        if (string.IsNullOrEmpty(Token))
        {
            throw new InvalidOperationException("WeCom:Token is not configured (set WeCom__Token).");
        }
        if (string.IsNullOrEmpty(EncodingAESKey))
        {
            throw new InvalidOperationException("WeCom:EncodingAESKey is not configured (set WeCom__EncodingAESKey).");
        }
    }
}
