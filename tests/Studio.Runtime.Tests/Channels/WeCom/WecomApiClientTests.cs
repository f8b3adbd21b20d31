using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Studio.Runtime.Channels.WeCom;

namespace Studio.Runtime.Tests.Channels.WeCom;

/// <summary>The API client against the fake WeCom server on loopback.</summary>
public sealed class WecomApiClientTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 11, 11, 2, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private FakeWecomApi _fake = null!;
    private HttpClient _http = null!;
    private InMemoryWecomKfCursorStore _cursors = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeWecomApi.StartAsync(_time);
        _http = new HttpClient();
        _cursors = new InMemoryWecomKfCursorStore();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    private WecomApiClient Client(Action<WecomOptions>? configure = null)
    {
        var options = new WecomOptions
        {
            CorpId = FakeWecomApi.CorpId,
            CorpSecret = FakeWecomApi.CorpSecret,
            AgentId = 1000002,
            BaseUrl = _fake.BaseUrl,
        };
        configure?.Invoke(options);
        return new WecomApiClient(_http, Options.Create(options),
            new WecomRateLimiter(_time, options.ApiCallsPerMinute, options.MessagesPerMemberPerMinute, options.MessagesPerMemberPerHour),
            _cursors, new InMemoryWecomKfWindowTracker(_time, options.KfMessagesPerWindow, options.KfWindow), _time,
            NullLogger<WecomApiClient>.Instance);
    }

    [Fact]
    public async Task The_token_is_fetched_once_and_cached_until_shortly_before_expiry()
    {
        using var client = Client();
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await client.SendMessageAsync(["zhangsan"], new WecomText("hi"))).IsSuccess);
        }
        Assert.Equal(1, _fake.TokensIssued);

        _time.Advance(TimeSpan.FromSeconds(7200) - TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await client.SendMessageAsync(["zhangsan"], new WecomText("hi"));
        Assert.Equal(1, _fake.TokensIssued);

        _time.Advance(TimeSpan.FromSeconds(2)); // now inside the refresh margin
        await client.SendMessageAsync(["zhangsan"], new WecomText("hi"));
        Assert.Equal(2, _fake.TokensIssued);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_token_fetch()
    {
        using var client = Client();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAccessTokenAsync()));
        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Single(results.Select(r => r.Value).Distinct());
        Assert.Equal(1, _fake.TokensIssued);
    }

    [Fact]
    public async Task An_expired_token_40014_is_refreshed_and_the_call_retried_once()
    {
        using var client = Client();
        Assert.True((await client.SendMessageAsync(["zhangsan"], new WecomText("one"))).IsSuccess);
        _fake.ExpireTokens();
        var result = await client.SendMessageAsync(["zhangsan"], new WecomText("two"));
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(2, _fake.TokensIssued);
        var sends = _fake.CallsTo("message/send");
        Assert.Equal(3, sends.Count); // one, two (rejected), two (retried)
        Assert.Equal("two", (string?)sends[2].Body!["text"]!["content"]);
        Assert.NotEqual(sends[1].AccessToken, sends[2].AccessToken);
    }

    [Fact]
    public async Task A_500_is_surfaced_as_retryable_for_the_outbox()
    {
        using var client = Client();
        _fake.FailNext("message/send");
        var result = await client.SendMessageAsync(["zhangsan"], new WecomText("hi"));
        Assert.False(result.IsSuccess);
        Assert.True(result.IsRetryable);
        Assert.Equal(500, result.HttpStatus);
        Assert.True((await client.SendMessageAsync(["zhangsan"], new WecomText("hi"))).IsSuccess);
    }

    [Fact]
    public async Task A_gettoken_failure_is_a_result_not_an_exception()
    {
        using var client = Client(o => o.CorpSecret = "wrong");
        var result = await client.SendMessageAsync(["zhangsan"], new WecomText("hi"));
        Assert.Equal(WecomApiOutcome.ApiError, result.Outcome);
        Assert.Equal(40001, result.ErrCode);
        Assert.Empty(_fake.CallsTo("message/send"));

        using var unconfigured = Client(o => o.CorpSecret = "");
        Assert.Equal(WecomRefusal.NotConfigured, (await unconfigured.SendMessageAsync(["z"], new WecomText("hi"))).Refusal);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_transient_result()
    {
        using var client = Client(o => o.BaseUrl = new Uri("http://127.0.0.1:1/"));
        var result = await client.SendMessageAsync(["zhangsan"], new WecomText("hi"));
        Assert.Equal(WecomApiOutcome.Transient, result.Outcome);
    }

    [Fact]
    public async Task Message_send_renders_text_news_and_miniprogram_notice()
    {
        using var client = Client();
        await client.SendMessageAsync(["zhangsan", "lisi"], new WecomText("您好"));
        await client.SendMessageAsync(["zhangsan"], new WecomNews(new WecomArticle("双11", "https://example.com/a", "满199减30", "https://example.com/p.png")));
        await client.SendMessageAsync(["zhangsan"], new WecomMiniProgramNotice("wx123", "pages/index", "订单提醒", "今天", true,
            [new("订单号", "A1"), new("金额", "199")]));
        var sends = _fake.CallsTo("message/send");
        Assert.Equal("zhangsan|lisi", (string?)sends[0].Body!["touser"]);
        Assert.Equal(1000002, (int?)sends[0].Body!["agentid"]);
        Assert.Equal("news", (string?)sends[1].Body!["msgtype"]);
        Assert.Equal("https://example.com/a", (string?)sends[1].Body!["news"]!["articles"]![0]!["url"]);
        Assert.Equal("miniprogram_notice", (string?)sends[2].Body!["msgtype"]);
        Assert.Equal("wx123", (string?)sends[2].Body!["miniprogram_notice"]!["appid"]);
        Assert.Equal("金额", (string?)sends[2].Body!["miniprogram_notice"]!["content_item"]![1]!["key"]);
    }

    [Fact]
    public async Task Message_send_waits_for_the_per_member_limit_instead_of_dropping()
    {
        using var client = Client(o => o.MessagesPerMemberPerMinute = 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await client.SendMessageAsync(["zhangsan"], new WecomText("m" + i))).IsSuccess);
        }
        var fourth = client.SendMessageAsync(["zhangsan"], new WecomText("m3"));
        var other = await client.SendMessageAsync(["lisi"], new WecomText("x"));
        Assert.True(other.IsSuccess);
        await Task.Delay(100);
        Assert.False(fourth.IsCompleted);
        Assert.Equal(4, _fake.CallsTo("message/send").Count);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await fourth.WaitAsync(TimeSpan.FromSeconds(10))).IsSuccess);
        Assert.Equal(5, _fake.CallsTo("message/send").Count);
    }

    [Fact]
    public async Task Calls_per_API_wait_for_the_corp_limit()
    {
        using var client = Client(o => o.ApiCallsPerMinute = 3);
        await client.GetAccessTokenAsync(); // gettoken is its own API
        for (var i = 0; i < 3; i++)
        {
            await client.MarkTagAsync("zhangsan", "wm1", ["tag-a"], null);
        }
        var fourth = client.MarkTagAsync("zhangsan", "wm1", ["tag-b"], null);
        await Task.Delay(100);
        Assert.False(fourth.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await fourth.WaitAsync(TimeSpan.FromSeconds(10))).IsSuccess);
    }

    [Fact]
    public async Task Welcome_mark_tag_and_contact_way_send_what_WeCom_expects()
    {
        using var client = Client();
        var welcome = await client.SendWelcomeMessageAsync("WC1", "欢迎！", [new WecomArticle("领券", "https://example.com/c")], _time.GetUtcNow());
        Assert.True(welcome.IsSuccess, welcome.ToString());
        var call = _fake.CallsTo("externalcontact/send_welcome_msg").Single();
        Assert.Equal("WC1", (string?)call.Body!["welcome_code"]);
        Assert.Equal("欢迎！", (string?)call.Body!["text"]!["content"]);
        Assert.Equal("link", (string?)call.Body!["attachments"]![0]!["msgtype"]);

        Assert.True((await client.MarkTagAsync("zhangsan", "wm1", ["interested"], ["churned"])).IsSuccess);
        var tag = _fake.CallsTo("externalcontact/mark_tag").Single();
        Assert.Equal("interested", (string?)tag.Body!["add_tag"]![0]);
        Assert.Equal("churned", (string?)tag.Body!["remove_tag"]![0]);

        var way = await client.AddContactWayAsync(1, 2, "camp-1111", ["zhangsan"]);
        Assert.True(way.IsSuccess);
        Assert.Equal("cfg-camp-1111", way.Value!.ConfigId);
        Assert.Equal("camp-1111", (string?)_fake.CallsTo("externalcontact/add_contact_way").Single().Body!["state"]);
    }

    [Fact]
    public async Task A_welcome_later_than_20_seconds_after_the_event_is_refused_without_calling()
    {
        using var client = Client();
        var eventTime = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromSeconds(21));
        var result = await client.SendWelcomeMessageAsync("WC1", "欢迎", null, eventTime);
        Assert.Equal(WecomRefusal.WelcomeCodeExpired, result.Refusal);
        Assert.Empty(_fake.CallsTo("externalcontact/send_welcome_msg"));
    }

    [Fact]
    public async Task Kf_sync_loops_while_has_more_and_persists_the_cursor()
    {
        using var client = Client(o => o.KfSyncLimit = 2);
        for (var i = 0; i < 5; i++)
        {
            _fake.AddKfCustomerMessage("wk1", "wm" + i, "kf" + i, "问题" + i, _time.GetUtcNow(), origin: i == 4 ? 5 : 3);
        }
        var seen = new List<WecomKfMessage>();
        var result = await client.SyncKfMessagesAsync("cbtoken", "wk1", (page, _) =>
        {
            seen.AddRange(page);
            return ValueTask.CompletedTask;
        });
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(3, result.Value!.Pages);
        Assert.Equal(5, seen.Count);
        Assert.Equal(4, seen.Count(m => m.IsFromCustomer));
        Assert.Equal("5", await _cursors.GetAsync("wk1"));
        Assert.Equal("cbtoken", (string?)_fake.CallsTo("kf/sync_msg")[0].Body!["token"]);
        Assert.Equal("2", (string?)_fake.CallsTo("kf/sync_msg")[1].Body!["cursor"]);

        // Next sync starts from the persisted cursor: only the new message.
        _fake.AddKfCustomerMessage("wk1", "wm9", "kf9", "再问", _time.GetUtcNow());
        seen.Clear();
        await client.SyncKfMessagesAsync("cbtoken2", "wk1", (page, _) =>
        {
            seen.AddRange(page);
            return ValueTask.CompletedTask;
        });
        Assert.Equal("kf9", Assert.Single(seen).MsgId);
    }

    [Fact]
    public async Task Kf_send_refuses_a_sixth_message_and_after_48_hours_on_our_side()
    {
        using var client = Client();
        // Not yet synced: we know of no customer message.
        var early = await client.SendKfMessageAsync("wk1", "wm1", new WecomText("hi"));
        Assert.Equal(WecomRefusal.KfNoCustomerMessage, early.Refusal);

        _fake.AddKfCustomerMessage("wk1", "wm1", "kf1", "在吗", _time.GetUtcNow());
        await client.SyncKfMessagesAsync("t", "wk1", (_, _) => ValueTask.CompletedTask);
        for (var i = 0; i < 5; i++)
        {
            var ok = await client.SendKfMessageAsync("wk1", "wm1", new WecomText("回复" + i));
            Assert.True(ok.IsSuccess, ok.ToString());
        }
        var sixth = await client.SendKfMessageAsync("wk1", "wm1", new WecomText("第六条"));
        Assert.Equal(WecomApiOutcome.Refused, sixth.Outcome);
        Assert.Equal(WecomRefusal.KfQuotaExhausted, sixth.Refusal);
        Assert.Contains("5 messages", sixth.ErrMsg, StringComparison.Ordinal);
        Assert.Equal(5, _fake.CallsTo("kf/send_msg").Count); // never reached WeCom

        // The customer writes again: a new window.
        _time.Advance(TimeSpan.FromHours(1));
        _fake.AddKfCustomerMessage("wk1", "wm1", "kf2", "还有", _time.GetUtcNow());
        await client.SyncKfMessagesAsync("t", "wk1", (_, _) => ValueTask.CompletedTask);
        Assert.True((await client.SendKfMessageAsync("wk1", "wm1", new WecomText("好的"))).IsSuccess);

        _time.Advance(TimeSpan.FromHours(48) + TimeSpan.FromMinutes(1));
        var late = await client.SendKfMessageAsync("wk1", "wm1", new WecomText("迟到"));
        Assert.Equal(WecomRefusal.KfWindowExpired, late.Refusal);
        Assert.Equal(6, _fake.CallsTo("kf/send_msg").Count);
    }

    [Fact]
    public async Task The_fake_enforces_the_kf_rule_too_so_a_client_without_the_tracker_would_fail()
    {
        // A client whose tracker allows everything: WeCom (the fake) answers with an errcode, mapped to ApiError.
        using var client = new WecomApiClient(_http, Options.Create(new WecomOptions
        {
            CorpId = FakeWecomApi.CorpId,
            CorpSecret = FakeWecomApi.CorpSecret,
            BaseUrl = _fake.BaseUrl,
        }), new WecomRateLimiter(_time), _cursors, new AllowAllKfTracker(), _time, NullLogger<WecomApiClient>.Instance);
        var result = await client.SendKfMessageAsync("wk1", "wm-never", new WecomText("hi"));
        Assert.Equal(WecomApiOutcome.ApiError, result.Outcome);
        Assert.Equal(FakeWecomApi.KfWindowErrcode, result.ErrCode);
    }

    private sealed class AllowAllKfTracker : IWecomKfWindowTracker
    {
        public void RecordCustomerMessage(string openKfId, string externalUserId, DateTimeOffset sentAt)
        {
        }

        public KfSendDecision TryReserveSend(string openKfId, string externalUserId) => KfSendDecision.Allowed;

        public void Release(string openKfId, string externalUserId)
        {
        }
    }
}
