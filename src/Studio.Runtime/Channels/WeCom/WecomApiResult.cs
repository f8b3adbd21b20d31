namespace Studio.Runtime.Channels.WeCom;

public enum WecomApiOutcome
{
    Ok,
    /// <summary>WeCom answered with a non-zero errcode that retrying will not fix (see ErrCode / ErrMsg).</summary>
    ApiError,
    /// <summary>HTTP 5xx or 429, a network error, a timeout, errcode -1 (busy) or 45009 (frequency): retry later (outbox).</summary>
    Transient,
    /// <summary>Refused on our side before calling WeCom (see <see cref="WecomApiResult.Refusal"/>).</summary>
    Refused,
}

public enum WecomRefusal
{
    None,
    /// <summary>kf/send_msg: the customer has not written to us.</summary>
    KfNoCustomerMessage,
    /// <summary>kf/send_msg: more than 48 h since the customer's last message.</summary>
    KfWindowExpired,
    /// <summary>kf/send_msg: already 5 messages since the customer's last message.</summary>
    KfQuotaExhausted,
    /// <summary>send_welcome_msg: more than 20 s since the add_external_contact event.</summary>
    WelcomeCodeExpired,
    /// <summary>send_welcome_msg: the add_external_contact event carried no WelcomeCode (a welcome is set in WeCom's admin).</summary>
    NoWelcomeCode,
    /// <summary>The message type cannot go through this API.</summary>
    UnsupportedMessage,
    /// <summary>The app's credentials are not configured.</summary>
    NotConfigured,
}

/// <summary>The result of one WeCom API call; never an exception for WeCom's or the network's failures.</summary>
public record WecomApiResult(string Api, WecomApiOutcome Outcome, int ErrCode = 0, string ErrMsg = "ok", int? HttpStatus = null,
    WecomRefusal Refusal = WecomRefusal.None)
{
    public bool IsSuccess => Outcome == WecomApiOutcome.Ok;
    /// <summary>The outbox should try again later.</summary>
    public bool IsRetryable => Outcome == WecomApiOutcome.Transient;

    public override string ToString() =>
        $"{Api}: {Outcome} errcode={ErrCode} errmsg={ErrMsg}" + (HttpStatus is { } s ? $" http={s}" : "") +
        (Refusal != WecomRefusal.None ? $" refusal={Refusal}" : "");
}

public sealed record WecomApiResult<T>(string Api, WecomApiOutcome Outcome, T? Value, int ErrCode = 0, string ErrMsg = "ok",
    int? HttpStatus = null, WecomRefusal Refusal = WecomRefusal.None)
    : WecomApiResult(Api, Outcome, ErrCode, ErrMsg, HttpStatus, Refusal)
{
    public static WecomApiResult<T> From(WecomApiResult r, T? value = default) =>
        new(r.Api, r.Outcome, value, r.ErrCode, r.ErrMsg, r.HttpStatus, r.Refusal);
}

/// <summary>message/send: recipients WeCom could not deliver to.</summary>
public sealed record WecomSendResult(string? MsgId, string? InvalidUser, string? InvalidParty, string? InvalidTag, string? UnlicensedUser);

/// <summary>add_contact_way: the 联系我 configuration.</summary>
public sealed record WecomContactWay(string ConfigId, string? QrCode);

/// <summary>One message pulled by kf/sync_msg.</summary>
public sealed record WecomKfMessage(string MsgId, string OpenKfId, string? ExternalUserId, long SendTime, int Origin, string MsgType, string? Text)
{
    /// <summary>origin 3: sent by the customer (4: system, 5: a human servicer).</summary>
    public bool IsFromCustomer => Origin == 3;
}

public sealed record WecomKfSyncResult(int Pages, int Messages, string? Cursor);
