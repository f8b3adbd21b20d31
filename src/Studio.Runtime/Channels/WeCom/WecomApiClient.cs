using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Studio.Runtime.Channels.WeCom;

/// <summary>
/// The WeCom server API for one self-built app: access-token cache (refreshed before expiry and on 40014/42001,
/// retried once), rate limits on our side, and every failure mapped to a <see cref="WecomApiResult"/>.
/// Logs name the API and the errcode, never recipients, contents, secrets or tokens.
/// </summary>
public sealed partial class WecomApiClient : IDisposable
{
    public const int ErrInvalidAccessToken = 40014;
    public const int ErrAccessTokenExpired = 42001;
    public const int ErrSystemBusy = -1;
    public const int ErrFrequencyLimit = 45009;

    private readonly HttpClient _http;
    private readonly WecomOptions _options;
    private readonly WecomRateLimiter _limiter;
    private readonly IWecomKfCursorStore _cursors;
    private readonly IWecomKfWindowTracker _kfWindows;
    private readonly TimeProvider _time;
    private readonly ILogger<WecomApiClient> _logger;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private readonly Uri _baseUrl;
    private volatile TokenEntry? _token;

    private sealed record TokenEntry(string Value, DateTimeOffset RefreshAt);

    public WecomApiClient(HttpClient http, IOptions<WecomOptions> options, WecomRateLimiter limiter, IWecomKfCursorStore cursors,
        IWecomKfWindowTracker kfWindows, TimeProvider time, ILogger<WecomApiClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _limiter = limiter;
        _cursors = cursors;
        _kfWindows = kfWindows;
        _time = time;
        _logger = logger;
        var b = _options.BaseUrl.ToString();
        _baseUrl = new Uri(b.EndsWith('/') ? b : b + "/", UriKind.Absolute);
    }

    public void Dispose() => _tokenLock.Dispose();

    // ---------------------------------------------------------------- access token

    /// <summary>The cached access token, fetched with gettoken when missing or near expiry (or when forced).</summary>
    public Task<WecomApiResult<string>> GetAccessTokenAsync(bool forceRefresh = false, CancellationToken cancellationToken = default) =>
        GetTokenCoreAsync(forceRefresh ? _token?.Value ?? "" : null, cancellationToken);

    /// <summary>Returns a valid token; when <paramref name="rejected"/> is given, a token other than that one.</summary>
    private async Task<WecomApiResult<string>> GetTokenCoreAsync(string? rejected, CancellationToken cancellationToken)
    {
        var current = _token;
        if (rejected is null && current is not null && _time.GetUtcNow() < current.RefreshAt)
        {
            return new WecomApiResult<string>("gettoken", WecomApiOutcome.Ok, current.Value);
        }
        await _tokenLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Someone else may have refreshed while we waited.
            var again = _token;
            if (again is not null && _time.GetUtcNow() < again.RefreshAt && (rejected is null || again.Value != rejected))
            {
                return new WecomApiResult<string>("gettoken", WecomApiOutcome.Ok, again.Value);
            }
            _token = null;
            if (string.IsNullOrEmpty(_options.CorpId) || string.IsNullOrEmpty(_options.CorpSecret))
            {
                return new WecomApiResult<string>("gettoken", WecomApiOutcome.Refused, null, ErrMsg: "CorpId or CorpSecret not configured",
                    Refusal: WecomRefusal.NotConfigured);
            }
            var path = "cgi-bin/gettoken?corpid=" + Uri.EscapeDataString(_options.CorpId) + "&corpsecret=" + Uri.EscapeDataString(_options.CorpSecret);
            var (result, body) = await SendAsync("gettoken", HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                return WecomApiResult<string>.From(result);
            }
            var token = body.TryGetProperty("access_token", out var t) ? t.GetString() : null;
            if (string.IsNullOrEmpty(token))
            {
                return new WecomApiResult<string>("gettoken", WecomApiOutcome.Transient, null, -2, "no access_token in the answer", result.HttpStatus);
            }
            var expiresIn = body.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? s : 7200;
            var lifetime = TimeSpan.FromSeconds(expiresIn);
            var margin = _options.TokenRefreshMargin < lifetime / 2 ? _options.TokenRefreshMargin : lifetime / 2;
            _token = new TokenEntry(token, _time.GetUtcNow() + lifetime - margin);
            LogTokenRefreshed(expiresIn);
            return new WecomApiResult<string>("gettoken", WecomApiOutcome.Ok, token);
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    // ---------------------------------------------------------------- message/send

    /// <summary>message/send to members of the corp (user ids; several joined by '|'). Text, news (link card), miniprogram_notice.</summary>
    public async Task<WecomApiResult<WecomSendResult>> SendMessageAsync(IReadOnlyList<string> toUsers, WecomOutboundMessage message,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(toUsers);
        ArgumentNullException.ThrowIfNull(message);
        const string api = "message/send";
        var body = new JsonObject { ["touser"] = string.Join('|', toUsers) };
        switch (message)
        {
            case WecomText text:
                body["msgtype"] = "text";
                body["agentid"] = _options.AgentId;
                body["text"] = new JsonObject { ["content"] = text.Content };
                break;
            case WecomNews news when news.Articles.Count is > 0 and <= 8:
                body["msgtype"] = "news";
                body["agentid"] = _options.AgentId;
                var articles = new JsonArray();
                foreach (var a in news.Articles)
                {
                    articles.Add(new JsonObject { ["title"] = a.Title, ["description"] = a.Description, ["url"] = a.Url, ["picurl"] = a.PicUrl });
                }
                body["news"] = new JsonObject { ["articles"] = articles };
                break;
            case WecomMiniProgramNotice notice:
                body["msgtype"] = "miniprogram_notice";
                var items = new JsonArray();
                foreach (var (key, value) in notice.ContentItems ?? [])
                {
                    items.Add(new JsonObject { ["key"] = key, ["value"] = value });
                }
                body["miniprogram_notice"] = new JsonObject
                {
                    ["appid"] = notice.AppId,
                    ["page"] = notice.Page,
                    ["title"] = notice.Title,
                    ["description"] = notice.Description,
                    ["emphasis_first_item"] = notice.EmphasisFirstItem,
                    ["content_item"] = items,
                };
                break;
            default:
                return new WecomApiResult<WecomSendResult>(api, WecomApiOutcome.Refused, null, ErrMsg: "message/send takes text, news or miniprogram_notice",
                    Refusal: WecomRefusal.UnsupportedMessage);
        }

        await _limiter.AcquireMemberAsync(toUsers, cancellationToken).ConfigureAwait(false);
        var (result, response) = await PostAsync(api, "cgi-bin/message/send", body, cancellationToken).ConfigureAwait(false);
        if (result.Outcome is WecomApiOutcome.Ok or WecomApiOutcome.ApiError && response.ValueKind == JsonValueKind.Object)
        {
            return WecomApiResult<WecomSendResult>.From(result, new WecomSendResult(
                Str(response, "msgid"), Str(response, "invaliduser"), Str(response, "invalidparty"), Str(response, "invalidtag"),
                Str(response, "unlicenseduser")));
        }
        return WecomApiResult<WecomSendResult>.From(result);
    }

    // ---------------------------------------------------------------- external contacts

    /// <summary>
    /// send_welcome_msg with the WelcomeCode of an add_external_contact event: text plus up to 9 link attachments.
    /// Refused on our side when more than 20 s have passed since <paramref name="eventTime"/> (WeCom would reject it).
    /// </summary>
    public async Task<WecomApiResult> SendWelcomeMessageAsync(string welcomeCode, string? text, IReadOnlyList<WecomArticle>? links = null,
        DateTimeOffset? eventTime = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(welcomeCode);
        const string api = "externalcontact/send_welcome_msg";
        if (eventTime is { } at && _time.GetUtcNow() - at > _options.WelcomeCodeLifetime)
        {
            return new WecomApiResult(api, WecomApiOutcome.Refused, ErrMsg: "the welcome code is older than 20 s", Refusal: WecomRefusal.WelcomeCodeExpired);
        }
        var body = new JsonObject { ["welcome_code"] = welcomeCode };
        if (!string.IsNullOrEmpty(text))
        {
            body["text"] = new JsonObject { ["content"] = text };
        }
        if (links is { Count: > 0 })
        {
            var attachments = new JsonArray();
            foreach (var a in links.Take(9))
            {
                attachments.Add(new JsonObject
                {
                    ["msgtype"] = "link",
                    ["link"] = new JsonObject { ["title"] = a.Title, ["picurl"] = a.PicUrl, ["desc"] = a.Description, ["url"] = a.Url },
                });
            }
            body["attachments"] = attachments;
        }
        var (result, _) = await PostAsync(api, "cgi-bin/externalcontact/send_welcome_msg", body, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>mark_tag: add and remove 企业标签 on an external contact of a member.</summary>
    public async Task<WecomApiResult> MarkTagAsync(string userId, string externalUserId, IReadOnlyList<string>? addTags,
        IReadOnlyList<string>? removeTags, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["userid"] = userId,
            ["external_userid"] = externalUserId,
            ["add_tag"] = new JsonArray((addTags ?? []).Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            ["remove_tag"] = new JsonArray((removeTags ?? []).Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
        };
        var (result, _) = await PostAsync("externalcontact/mark_tag", "cgi-bin/externalcontact/mark_tag", body, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// add_contact_way (联系我): type 1 single / 2 multi, scene 1 mini-program / 2 QR code; <paramref name="state"/> comes back
    /// in the add_external_contact event and identifies the script/campaign.
    /// </summary>
    public async Task<WecomApiResult<WecomContactWay>> AddContactWayAsync(int type, int scene, string? state, IReadOnlyList<string> users,
        bool skipVerify = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        const string api = "externalcontact/add_contact_way";
        var body = new JsonObject
        {
            ["type"] = type,
            ["scene"] = scene,
            ["state"] = state,
            ["user"] = new JsonArray(users.Select(u => (JsonNode?)JsonValue.Create(u)).ToArray()),
            ["skip_verify"] = skipVerify,
        };
        var (result, response) = await PostAsync(api, "cgi-bin/externalcontact/add_contact_way", body, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return WecomApiResult<WecomContactWay>.From(result);
        }
        var configId = Str(response, "config_id");
        return configId is null
            ? new WecomApiResult<WecomContactWay>(api, WecomApiOutcome.Transient, null, -2, "no config_id in the answer", result.HttpStatus)
            : WecomApiResult<WecomContactWay>.From(result, new WecomContactWay(configId, Str(response, "qr_code")));
    }

    // ---------------------------------------------------------------- 微信客服

    /// <summary>
    /// kf/sync_msg from the persisted cursor, page after page while has_more. Every page goes to <paramref name="onPage"/>
    /// before its next_cursor is persisted (at-least-once; the caller dedupes by msgid). Customer messages (origin 3) also
    /// open the 48 h window of <see cref="IWecomKfWindowTracker"/>.
    /// </summary>
    public async Task<WecomApiResult<WecomKfSyncResult>> SyncKfMessagesAsync(string callbackToken, string openKfId,
        Func<IReadOnlyList<WecomKfMessage>, CancellationToken, ValueTask> onPage, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(openKfId);
        ArgumentNullException.ThrowIfNull(onPage);
        const string api = "kf/sync_msg";
        var cursor = await _cursors.GetAsync(openKfId, cancellationToken).ConfigureAwait(false);
        var pages = 0;
        var count = 0;
        while (true)
        {
            var body = new JsonObject
            {
                ["token"] = callbackToken,
                ["limit"] = Math.Clamp(_options.KfSyncLimit, 1, 1000),
                ["open_kfid"] = openKfId,
            };
            if (!string.IsNullOrEmpty(cursor))
            {
                body["cursor"] = cursor;
            }
            var (result, response) = await PostAsync(api, "cgi-bin/kf/sync_msg", body, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                return WecomApiResult<WecomKfSyncResult>.From(result, new WecomKfSyncResult(pages, count, cursor));
            }
            var messages = new List<WecomKfMessage>();
            if (response.TryGetProperty("msg_list", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var m in list.EnumerateArray())
                {
                    var msg = new WecomKfMessage(
                        Str(m, "msgid") ?? "",
                        Str(m, "open_kfid") ?? openKfId,
                        Str(m, "external_userid"),
                        m.TryGetProperty("send_time", out var st) && st.TryGetInt64(out var sendTime) ? sendTime : 0,
                        m.TryGetProperty("origin", out var o) && o.TryGetInt32(out var origin) ? origin : 0,
                        Str(m, "msgtype") ?? "",
                        m.TryGetProperty("text", out var tx) && tx.ValueKind == JsonValueKind.Object ? Str(tx, "content") : null);
                    if (msg.IsFromCustomer && msg.ExternalUserId is not null)
                    {
                        _kfWindows.RecordCustomerMessage(msg.OpenKfId, msg.ExternalUserId, DateTimeOffset.FromUnixTimeSeconds(msg.SendTime));
                    }
                    messages.Add(msg);
                }
            }
            pages++;
            count += messages.Count;
            await onPage(messages, cancellationToken).ConfigureAwait(false);
            var next = Str(response, "next_cursor");
            if (!string.IsNullOrEmpty(next))
            {
                cursor = next;
                await _cursors.SetAsync(openKfId, next, cancellationToken).ConfigureAwait(false);
            }
            var hasMore = response.TryGetProperty("has_more", out var hm) && (hm.ValueKind == JsonValueKind.True ||
                (hm.ValueKind == JsonValueKind.Number && hm.TryGetInt32(out var h) && h != 0));
            if (!hasMore || string.IsNullOrEmpty(next))
            {
                return new WecomApiResult<WecomKfSyncResult>(api, WecomApiOutcome.Ok, new WecomKfSyncResult(pages, count, cursor));
            }
        }
    }

    /// <summary>
    /// kf/send_msg (text) to a customer, only within 48 h of the customer's last message and at most 5 times since it:
    /// otherwise refused here with <see cref="WecomRefusal.KfWindowExpired"/> / <see cref="WecomRefusal.KfQuotaExhausted"/>.
    /// </summary>
    public async Task<WecomApiResult<string>> SendKfMessageAsync(string openKfId, string externalUserId, WecomOutboundMessage message,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        const string api = "kf/send_msg";
        if (message is not WecomText text)
        {
            return new WecomApiResult<string>(api, WecomApiOutcome.Refused, null, ErrMsg: "kf/send_msg takes text here",
                Refusal: WecomRefusal.UnsupportedMessage);
        }
        var decision = _kfWindows.TryReserveSend(openKfId, externalUserId);
        if (decision != KfSendDecision.Allowed)
        {
            var refusal = decision switch
            {
                KfSendDecision.NoCustomerMessage => WecomRefusal.KfNoCustomerMessage,
                KfSendDecision.WindowExpired => WecomRefusal.KfWindowExpired,
                _ => WecomRefusal.KfQuotaExhausted,
            };
            LogRefused(api, refusal);
            return new WecomApiResult<string>(api, WecomApiOutcome.Refused, null, ErrMsg: decision switch
            {
                KfSendDecision.NoCustomerMessage => "the customer has not written to this 客服 account",
                KfSendDecision.WindowExpired => "more than 48 h since the customer's last message",
                _ => "already 5 messages since the customer's last message",
            }, Refusal: refusal);
        }
        var body = new JsonObject
        {
            ["touser"] = externalUserId,
            ["open_kfid"] = openKfId,
            ["msgtype"] = "text",
            ["text"] = new JsonObject { ["content"] = text.Content },
        };
        var (result, response) = await PostAsync(api, "cgi-bin/kf/send_msg", body, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            _kfWindows.Release(openKfId, externalUserId);
            return WecomApiResult<string>.From(result);
        }
        return WecomApiResult<string>.From(result, Str(response, "msgid"));
    }

    // ---------------------------------------------------------------- plumbing

    /// <summary>POST with the access token; on 40014/42001 the token is refreshed and the call retried once.</summary>
    private async Task<(WecomApiResult Result, JsonElement Body)> PostAsync(string api, string path, JsonObject body, CancellationToken cancellationToken)
    {
        var json = body.ToJsonString();
        string? rejected = null;
        for (var attempt = 0; ; attempt++)
        {
            var token = await GetTokenCoreAsync(rejected, cancellationToken).ConfigureAwait(false);
            if (!token.IsSuccess)
            {
                return (new WecomApiResult(api, token.Outcome, token.ErrCode, token.ErrMsg, token.HttpStatus, token.Refusal), default);
            }
            var (result, response) = await SendAsync(api, HttpMethod.Post, path + "?access_token=" + Uri.EscapeDataString(token.Value!), json,
                cancellationToken).ConfigureAwait(false);
            if (attempt == 0 && result.ErrCode is ErrInvalidAccessToken or ErrAccessTokenExpired)
            {
                rejected = token.Value;
                LogTokenRejected(api, result.ErrCode);
                continue;
            }
            return (result, response);
        }
    }

    private async Task<(WecomApiResult Result, JsonElement Body)> SendAsync(string api, HttpMethod method, string pathAndQuery, string? json,
        CancellationToken cancellationToken)
    {
        await _limiter.AcquireApiAsync(api, cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ApiTimeout);
        using var request = new HttpRequestMessage(method, new Uri(_baseUrl, pathAndQuery));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTransport(api, "timeout");
            return (new WecomApiResult(api, WecomApiOutcome.Transient, -3, "timeout"), default);
        }
        catch (HttpRequestException ex)
        {
            LogTransport(api, ex.HttpRequestError.ToString());
            return (new WecomApiResult(api, WecomApiOutcome.Transient, -3, "network error: " + ex.HttpRequestError), default);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                LogHttpFailure(api, status);
                return (new WecomApiResult(api, WecomApiOutcome.Transient, -2, "HTTP " + status.ToString(CultureInfo.InvariantCulture), status), default);
            }
            string text;
            try
            {
                text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                LogTransport(api, "body");
                return (new WecomApiResult(api, WecomApiOutcome.Transient, -3, "the answer could not be read", status), default);
            }
            JsonElement root;
            try
            {
                using var doc = JsonDocument.Parse(text);
                root = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                LogHttpFailure(api, status);
                return (new WecomApiResult(api, status >= 400 ? WecomApiOutcome.ApiError : WecomApiOutcome.Transient, -2, "the answer is not JSON", status),
                    default);
            }
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (new WecomApiResult(api, WecomApiOutcome.Transient, -2, "the answer is not a JSON object", status), default);
            }
            var errcode = root.TryGetProperty("errcode", out var ec) && ec.TryGetInt32(out var c) ? c : 0;
            var errmsg = Str(root, "errmsg") ?? (errcode == 0 ? "ok" : "");
            if (errcode == 0 && status < 400)
            {
                return (new WecomApiResult(api, WecomApiOutcome.Ok, 0, errmsg, status), root);
            }
            LogApiError(api, errcode, status);
            var outcome = errcode is ErrSystemBusy or ErrFrequencyLimit ? WecomApiOutcome.Transient : WecomApiOutcome.ApiError;
            return (new WecomApiResult(api, outcome, errcode, errmsg, status), root);
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            }
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "WeCom access token refreshed (expires_in {ExpiresIn} s)")]
    private partial void LogTokenRefreshed(int expiresIn);

    [LoggerMessage(Level = LogLevel.Information, Message = "WeCom {Api}: access token rejected (errcode {ErrCode}), refreshing and retrying once")]
    private partial void LogTokenRejected(string api, int errCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeCom {Api}: errcode {ErrCode} (HTTP {Status})")]
    private partial void LogApiError(string api, int errCode, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeCom {Api}: HTTP {Status}")]
    private partial void LogHttpFailure(string api, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeCom {Api}: transport failure ({Reason})")]
    private partial void LogTransport(string api, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "WeCom {Api}: refused locally ({Refusal})")]
    private partial void LogRefused(string api, WecomRefusal refusal);
}
