using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Studio.Core.Scripts;
using Studio.Data.Outcomes;
using Studio.Data.TurnLog;
using Studio.Runtime.Operations;
using Studio.Runtime.Tests.Operations;

namespace Studio.Runtime.Tests.Events;

/// <summary>POST /api/events and GET /api/events over real HTTP with a real LiteDB file.</summary>
public sealed class EventsApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 11, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private OperationsHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await OperationsHost.StartAsync(new Dictionary<string, string?> { ["Studio:Events:MaxBodyBytes"] = "4096" }, _time);
        await _host.Get<ITurnLog>().AppendAsync(
        [
            new TurnRecord { Time = Now.AddDays(-3), Conversation = "voice:call-1", Channel = Channel.Voice, MemberId = "m-1", ScriptId = "s", Version = "v1", Experiment = "coupon-vs-gift", Arm = "gift" },
            new TurnRecord { Time = Now.AddDays(-1), Conversation = "wecom:w-1", Channel = Channel.Wecom, MemberId = "m-1", ScriptId = "s", Version = "v2" },
        ]);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string json, string? signature = null, DateTimeOffset? signedAt = null, string secret = OperationsHost.EventsSecret)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation(StudioSignature.Header, signature ?? StudioSignature.Sign(secret, signedAt ?? _time.GetUtcNow(), bytes));
        using var response = await _host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    [Fact]
    public async Task A_signed_batch_is_stored_once_and_credited_to_the_last_exposure()
    {
        const string batch = """
            [
              {"eventId": "crm-1001", "type": "order_placed", "memberId": "m-1", "time": "2026-11-11T18:30:00+08:00", "amount": 299.5, "properties": {"store": "上海来福士", "items": 2}},
              {"eventId": "crm-1002", "type": "wecom_add_accepted", "memberId": "m-2", "time": "2026-11-11T10:00:00Z"}
            ]
            """;
        var (status, body) = await PostAsync(batch);
        Assert.Equal(HttpStatusCode.OK, status);
        var results = body.GetProperty("results");
        Assert.Equal("inserted", results[0].GetProperty("status").GetString());
        var attribution = results[0].GetProperty("attribution");
        Assert.Equal(1, attribution.GetArrayLength());
        Assert.Equal("coupon-vs-gift", attribution[0].GetProperty("experiment").GetString());
        Assert.Equal("gift", attribution[0].GetProperty("arm").GetString());
        Assert.Equal("voice:call-1", attribution[0].GetProperty("conversation").GetString());
        Assert.Equal(0, results[1].GetProperty("attribution").GetArrayLength());

        var stored = await _host.Get<IOutcomeEventStore>().GetAsync("crm-1001");
        Assert.Equal(299.5m, stored!.Amount);
        Assert.Equal("2", stored.Properties["items"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 11, 10, 30, 0, TimeSpan.Zero), stored.Time);

        // Redelivered: a duplicate, nothing new stored.
        var (again, againBody) = await PostAsync(batch);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.All(againBody.GetProperty("results").EnumerateArray(), r => Assert.Equal("duplicate", r.GetProperty("status").GetString()));
        Assert.Single((await _host.Get<IOutcomeEventStore>().QueryAsync(new OutcomeQuery { MemberId = "m-1" })).Items);
    }

    [Fact]
    public async Task Events_of_a_member_are_listed_with_their_attribution_for_reviewers()
    {
        await PostAsync("""{"eventId": "e-1", "type": "coupon_redeemed", "memberId": "m-1", "time": "2026-11-11T11:00:00Z", "amount": 50}""");
        using var anonymous = await _host.Http.GetAsync("/api/events?memberId=m-1");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var response = await _host.Http.SendAsync(_host.Request(HttpMethod.Get, "/api/events?memberId=m-1", OperationsHost.ReviewerKey));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var item = Assert.Single(body.GetProperty("items").EnumerateArray());
        Assert.Equal("e-1", item.GetProperty("eventId").GetString());
        // The member saw an arm three days before (a later WeCom chat had no experiment): the arm is credited.
        var attribution = Assert.Single(item.GetProperty("attribution").EnumerateArray());
        Assert.Equal("gift", attribution.GetProperty("arm").GetString());
        using var missing = await _host.Http.SendAsync(_host.Request(HttpMethod.Get, "/api/events", OperationsHost.ReviewerKey));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task Bad_signatures_and_stale_timestamps_are_401()
    {
        const string json = """{"eventId": "e-2", "type": "sms_clicked", "memberId": "m-1", "time": "2026-11-11T11:00:00Z"}""";
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(json, secret: "a-guessed-secret")).Status);
        var (stale, staleBody) = await PostAsync(json, signedAt: _time.GetUtcNow().AddMinutes(-6));
        Assert.Equal(HttpStatusCode.Unauthorized, stale);
        Assert.Contains("more than 5 minutes", staleBody.GetProperty("error").GetString(), StringComparison.Ordinal);
        var (malformed, malformedBody) = await PostAsync(json, signature: "sha256=abc");
        Assert.Equal(HttpStatusCode.Unauthorized, malformed);
        Assert.Contains("t=<unix seconds>,v1=<hex>", malformedBody.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Null(await _host.Get<IOutcomeEventStore>().GetAsync("e-2"));
        // Within the tolerance it is accepted.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(json, signedAt: _time.GetUtcNow().AddMinutes(-4))).Status);
        Assert.NotNull(await _host.Get<IOutcomeEventStore>().GetAsync("e-2"));
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var big = "[" + string.Join(",", Enumerable.Range(0, 60).Select(i => $$"""{"eventId": "big-{{i}}", "type": "sms_clicked", "memberId": "m-1", "time": "2026-11-11T11:00:00Z"}""")) + "]";
        Assert.True(Encoding.UTF8.GetByteCount(big) > 4096);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(big)).Status);
        Assert.Null(await _host.Get<IOutcomeEventStore>().GetAsync("big-0"));
    }

    [Theory]
    [InlineData("""{"eventId": "x", "type": "order_placed", "memberId": "m-1", "time": "2026-11-11T11:00:00Z"}""", "$.amount")]
    [InlineData("""[{"eventId": "x", "type": "sms_clicked", "memberId": "m-1", "time": "2026-11-11T11:00:00Z"}, {"eventId": "y", "type": "sms_clicked", "memberId": "m-1", "time": "2026-11-11 11:00"}]""", "$[1].time")]
    [InlineData("""[{"eventId": "x", "type": "sms_clicked", "memberId": "m-1", "time": "2026-11-11T11:00:00Z", "amout": 5}]""", "$[0].amout")]
    [InlineData("""{"eventId": "x", "type": "sms_clicked", "time": "2026-11-11T11:00:00Z"}""", "$.memberId")]
    [InlineData("""{"eventId": "x", "type": "sms_clicked", "memberId": "m-1", "time": "2026-11-11T11:00:00Z", "properties": {"a": [1]}}""", "$.properties.a")]
    [InlineData("""[{"eventId": "x", "type": "sms_clicked", "memberId": "m-1", "time": "2026-11-11T11:00:00Z"}, {"eventId": "x", "type": "sms_clicked", "memberId": "m-1", "time": "2026-11-11T11:00:00Z"}]""", "$[1].eventId")]
    [InlineData("""{"eventId": "x", """, "$")]
    [InlineData("""[]""", "$")]
    public async Task Malformed_events_are_400_with_the_json_path(string json, string path)
    {
        var (status, body) = await PostAsync(json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(path, body.GetProperty("path").GetString());
        Assert.StartsWith(path + ":", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Null(await _host.Get<IOutcomeEventStore>().GetAsync("x"));
    }

    [Fact]
    public async Task Without_a_configured_secret_the_intake_is_closed()
    {
        await using var host = await OperationsHost.StartAsync(new Dictionary<string, string?> { ["Studio:Events:Secret"] = "" });
        using var response = await host.Http.PostAsync("/api/events", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Studio__Events__Secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
