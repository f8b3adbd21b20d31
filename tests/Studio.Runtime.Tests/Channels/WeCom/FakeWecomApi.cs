using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Studio.Runtime.Tests.Channels.WeCom;

/// <summary>One call the fake WeCom API received.</summary>
internal sealed record FakeWecomCall(string Api, string? AccessToken, JsonObject? Body, DateTimeOffset At);

/// <summary>
/// A fake WeCom server API on 127.0.0.1 (real Kestrel, port 0): issues access tokens, checks them, records every call,
/// can expire tokens (→ 40014), fail with HTTP 500, serve 微信客服 messages through kf/sync_msg with cursors, and
/// enforces the 48 h / 5-message rule on kf/send_msg itself.
/// </summary>
internal sealed class FakeWecomApi : IAsyncDisposable
{
    public const string CorpId = "wwfakecorp0000001";
    public const string CorpSecret = "fake-secret-0123456789";
    /// <summary>The fake's errcode for a kf/send_msg outside the customer's window.</summary>
    public const int KfWindowErrcode = 95026;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeWecomCall> _calls = new();
    private readonly ConcurrentDictionary<string, byte> _validTokens = new();
    private readonly ConcurrentDictionary<string, int> _failNext = new();
    private readonly Lock _kfLock = new();
    private readonly List<JsonObject> _kfMessages = [];
    private readonly Dictionary<(string, string), (DateTimeOffset Last, int Sent)> _kfWindows = new();
    private readonly TimeProvider _time;
    private int _tokenCounter;

    private FakeWecomApi(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    public Uri BaseUrl { get; private set; } = null!;
    public int ExpiresIn { get; set; } = 7200;
    public IReadOnlyList<FakeWecomCall> Calls => _calls.ToArray();
    public int TokensIssued => Volatile.Read(ref _tokenCounter);

    public IReadOnlyList<FakeWecomCall> CallsTo(string api) => _calls.Where(c => c.Api == api).ToArray();

    public static async Task<FakeWecomApi> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeWecomApi(app, time ?? TimeProvider.System);
        fake.Map();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address + "/");
        return fake;
    }

    /// <summary>Every token issued so far becomes invalid (the next call with one gets 40014).</summary>
    public void ExpireTokens() => _validTokens.Clear();

    /// <summary>The next <paramref name="times"/> calls to <paramref name="api"/> answer HTTP 500.</summary>
    public void FailNext(string api, int times = 1) => _failNext[api] = times;

    /// <summary>Queues a customer (origin 3) text for kf/sync_msg.</summary>
    public void AddKfCustomerMessage(string openKfId, string externalUserId, string msgId, string text, DateTimeOffset sentAt, int origin = 3)
    {
        lock (_kfLock)
        {
            _kfMessages.Add(new JsonObject
            {
                ["msgid"] = msgId,
                ["open_kfid"] = openKfId,
                ["external_userid"] = externalUserId,
                ["send_time"] = sentAt.ToUnixTimeSeconds(),
                ["origin"] = origin,
                ["msgtype"] = "text",
                ["text"] = new JsonObject { ["content"] = text },
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map()
    {
        _app.MapGet("/cgi-bin/gettoken", (HttpContext ctx) =>
        {
            Record("gettoken", null, null);
            if (Fail("gettoken"))
            {
                return Results.StatusCode(500);
            }
            if (ctx.Request.Query["corpid"] != CorpId || ctx.Request.Query["corpsecret"] != CorpSecret)
            {
                return Error(40001, "invalid credential");
            }
            var token = "fake-token-" + Interlocked.Increment(ref _tokenCounter);
            _validTokens[token] = 0;
            return Results.Json(new { errcode = 0, errmsg = "ok", access_token = token, expires_in = ExpiresIn });
        });

        Post("message/send", body => Results.Json(new
        {
            errcode = 0,
            errmsg = "ok",
            invaliduser = "",
            msgid = "msg-" + Guid.NewGuid().ToString("N"),
        }));
        Post("externalcontact/send_welcome_msg", body =>
            string.IsNullOrEmpty((string?)body?["welcome_code"]) ? Error(41051, "welcome_code missing") : Ok());
        Post("externalcontact/mark_tag", _ => Ok());
        Post("externalcontact/add_contact_way", body => Results.Json(new
        {
            errcode = 0,
            errmsg = "ok",
            config_id = "cfg-" + (string?)body?["state"],
            qr_code = "https://fake.qr/" + (string?)body?["state"],
        }));
        Post("kf/sync_msg", SyncMsg);
        Post("kf/send_msg", SendKf);
    }

    private void Post(string api, Func<JsonObject?, IResult> answer)
    {
        _app.MapPost("/cgi-bin/" + api, async (HttpContext ctx) =>
        {
            var token = ctx.Request.Query["access_token"].ToString();
            JsonObject? body;
            try
            {
                body = await System.Text.Json.JsonSerializer.DeserializeAsync<JsonObject>(ctx.Request.Body);
            }
            catch (System.Text.Json.JsonException)
            {
                return Error(47001, "data format error");
            }
            Record(api, token, body);
            if (Fail(api))
            {
                return Results.StatusCode(500);
            }
            if (!_validTokens.ContainsKey(token))
            {
                return Error(40014, "invalid access_token");
            }
            return answer(body);
        });
    }

    private IResult SyncMsg(JsonObject? body)
    {
        var cursor = int.TryParse((string?)body?["cursor"], out var c) ? c : 0;
        var limit = (int?)body?["limit"] ?? 1000;
        var openKfId = (string?)body?["open_kfid"];
        lock (_kfLock)
        {
            var forKf = _kfMessages.Where(m => (string?)m["open_kfid"] == openKfId).ToList();
            var page = forKf.Skip(cursor).Take(limit).ToList();
            foreach (var m in page.Where(m => (int?)m["origin"] == 3))
            {
                var key = ((string)m["open_kfid"]!, (string)m["external_userid"]!);
                var at = DateTimeOffset.FromUnixTimeSeconds((long)m["send_time"]!);
                if (!_kfWindows.TryGetValue(key, out var w) || at > w.Last)
                {
                    _kfWindows[key] = (at, 0);
                }
            }
            var next = cursor + page.Count;
            var list = new JsonArray(page.Select(m => (JsonNode?)m.DeepClone()).ToArray());
            return Results.Json(new JsonObject
            {
                ["errcode"] = 0,
                ["errmsg"] = "ok",
                ["next_cursor"] = next.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["has_more"] = next < forKf.Count ? 1 : 0,
                ["msg_list"] = list,
            });
        }
    }

    private IResult SendKf(JsonObject? body)
    {
        var key = ((string?)body?["open_kfid"] ?? "", (string?)body?["touser"] ?? "");
        lock (_kfLock)
        {
            if (!_kfWindows.TryGetValue(key, out var w) || _time.GetUtcNow() - w.Last > TimeSpan.FromHours(48) || w.Sent >= 5)
            {
                return Error(KfWindowErrcode, "outside the 48 h / 5 message window");
            }
            _kfWindows[key] = (w.Last, w.Sent + 1);
        }
        return Results.Json(new { errcode = 0, errmsg = "ok", msgid = "kfmsg-" + Guid.NewGuid().ToString("N") });
    }

    private void Record(string api, string? token, JsonObject? body) => _calls.Enqueue(new FakeWecomCall(api, token, body, _time.GetUtcNow()));

    private bool Fail(string api)
    {
        while (_failNext.TryGetValue(api, out var n) && n > 0)
        {
            if (_failNext.TryUpdate(api, n - 1, n))
            {
                return true;
            }
        }
        return false;
    }

    private static IResult Ok() => Results.Json(new { errcode = 0, errmsg = "ok" });

    private static IResult Error(int code, string message) => Results.Json(new { errcode = code, errmsg = message });
}
