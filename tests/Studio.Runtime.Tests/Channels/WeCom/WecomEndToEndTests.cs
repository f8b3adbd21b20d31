using System.Globalization;
using Studio.Runtime.Channels.WeCom;

namespace Studio.Runtime.Tests.Channels.WeCom;

/// <summary>
/// End to end over real Kestrel on 127.0.0.1: a simulated WeCom posts encrypted callbacks to the runtime, the in-test
/// handler answers, replies come back passively or through the fake WeCom API — exactly once under redelivery.
/// </summary>
public sealed class WecomEndToEndTests : IAsyncLifetime
{
    private const string Token = "e2eToken123";
    private static readonly string AesKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray())[..43];
    private const string Member = "zhangsan";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private FakeWecomApi _api = null!;
    private readonly List<WecomTestHost> _hosts = [];

    public async Task InitializeAsync() => _api = await FakeWecomApi.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
        _http.Dispose();
        await _api.DisposeAsync();
    }

    private async Task<(WecomTestHost Host, SimulatedWecom Wecom)> StartAsync(TestHandler handler, TimeSpan? passiveBudget = null)
    {
        var host = await WecomTestHost.StartAsync(handler, o =>
        {
            o.CorpId = FakeWecomApi.CorpId;
            o.CorpSecret = FakeWecomApi.CorpSecret;
            o.AgentId = 1000002;
            o.Token = Token;
            o.EncodingAESKey = AesKey;
            o.BaseUrl = _api.BaseUrl;
            o.PassiveReplyBudget = passiveBudget ?? TimeSpan.FromSeconds(3);
        });
        _hosts.Add(host);
        return (host, new SimulatedWecom(_http, host.CallbackUrl, new WxBizMsgCrypt(Token, AesKey, FakeWecomApi.CorpId)));
    }

    private static string NewMsgId() => Random.Shared.NextInt64(1_000_000_000_000, long.MaxValue).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_text_message_delivered_three_times_is_handled_once_and_answered_with_the_same_passive_reply()
    {
        var handler = new TestHandler(m => WecomHandlerResult.Reply(new WecomText("您好，双11满199减30的券已经为您预留。")));
        var (host, wecom) = await StartAsync(handler);
        var msgId = NewMsgId();
        var delivery = wecom.Prepare(SimulatedWecom.TextMessage(FakeWecomApi.CorpId, Member, "有什么优惠吗", msgId));

        var replies = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            var (status, body) = await wecom.SendAsync(delivery);
            Assert.Equal(200, status);
            replies.Add(wecom.OpenReply(body));
        }

        Assert.Equal(1, handler.Calls);
        Assert.Equal("有什么优惠吗", handler.Messages[0].Content);
        Assert.All(replies, r => Assert.Equal(replies[0], r));
        var fields = WecomXml.ReadFlat(replies[0]!);
        Assert.Equal("您好，双11满199减30的券已经为您预留。", fields["Content"]);
        Assert.Equal(Member, fields["ToUserName"]);
        await host.Processor.WhenIdleAsync();
        Assert.Empty(_api.CallsTo("message/send"));
        host.Logs.AssertNoneContains(Member, "有什么优惠吗", msgId, "您好");
    }

    [Fact]
    public async Task Three_concurrent_deliveries_call_the_handler_once_and_all_carry_the_same_reply()
    {
        var handler = new TestHandler(m => WecomHandlerResult.Reply(new WecomText("回复 " + m.Content)), delay: TimeSpan.FromMilliseconds(300));
        var (host, wecom) = await StartAsync(handler);
        var delivery = wecom.Prepare(SimulatedWecom.TextMessage(FakeWecomApi.CorpId, Member, "并发", NewMsgId()));

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => wecom.SendAsync(delivery)));

        Assert.Equal(1, handler.Calls);
        Assert.All(results, r => Assert.Equal(200, r.Status));
        var replies = results.Select(r => wecom.OpenReply(r.Body)).ToArray();
        Assert.All(replies, r => Assert.Equal("回复 并发", WecomXml.ReadFlat(r!)["Content"]));
        await host.Processor.WhenIdleAsync();
        Assert.Empty(_api.CallsTo("message/send"));
    }

    [Fact]
    public async Task A_slow_handler_gets_success_first_and_the_reply_goes_through_message_send_exactly_once()
    {
        var handler = new TestHandler(m => WecomHandlerResult.Reply(new WecomText("稍等，已为您查询")), delay: TimeSpan.FromMilliseconds(1500));
        var (host, wecom) = await StartAsync(handler, passiveBudget: TimeSpan.FromMilliseconds(200));
        var delivery = wecom.Prepare(SimulatedWecom.TextMessage(FakeWecomApi.CorpId, Member, "查订单", NewMsgId()));

        // WeCom redelivers while the first is still being handled, and once more after.
        var first = await wecom.SendAsync(delivery);
        var concurrent = await Task.WhenAll(wecom.SendAsync(delivery), wecom.SendAsync(delivery));
        Assert.Equal((200, "success"), first);
        Assert.All(concurrent, r => Assert.Equal((200, "success"), r));

        await WaitUntilAsync(() => _api.CallsTo("message/send").Count >= 1);
        await host.Processor.WhenIdleAsync();
        var late = await wecom.SendAsync(delivery);
        Assert.Equal((200, "success"), late);

        Assert.Equal(1, handler.Calls);
        var send = Assert.Single(_api.CallsTo("message/send"));
        Assert.Equal(Member, (string?)send.Body!["touser"]);
        Assert.Equal("稍等，已为您查询", (string?)send.Body!["text"]!["content"]);
        Assert.Equal(1000002, (int?)send.Body!["agentid"]);
    }

    [Fact]
    public async Task Several_replies_go_out_in_order_through_the_API()
    {
        var handler = new TestHandler(_ => WecomHandlerResult.Reply(
            new WecomText("第一条"),
            new WecomNews(new WecomArticle("领券", "https://example.com/coupon")),
            new WecomMiniProgramNotice("wx123", "pages/coupon", "券已到账")));
        var (host, wecom) = await StartAsync(handler);
        var (status, body) = await wecom.SendAsync(wecom.Prepare(SimulatedWecom.TextMessage(FakeWecomApi.CorpId, Member, "券", NewMsgId())));
        Assert.Equal((200, "success"), (status, body));
        await WaitUntilAsync(() => _api.CallsTo("message/send").Count >= 3);
        await host.Processor.WhenIdleAsync();
        Assert.Equal(new[] { "text", "news", "miniprogram_notice" }, _api.CallsTo("message/send").Select(c => (string)c.Body!["msgtype"]!).ToArray());
    }

    [Fact]
    public async Task Add_external_contact_with_state_reaches_the_handler_and_the_welcome_goes_through_send_welcome_msg_once()
    {
        var handler = new TestHandler(m => WecomHandlerResult.Reply(
            new WecomWelcome($"欢迎！您的专属券来自活动 {m.State}", [new WecomArticle("领取", "https://example.com/c")])));
        var (host, wecom) = await StartAsync(handler);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var xml = $"<xml><ToUserName><![CDATA[{FakeWecomApi.CorpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>{now}</CreateTime>" +
                  "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>" +
                  "<ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID>" +
                  "<ExternalUserID><![CDATA[wmEXT001]]></ExternalUserID><State><![CDATA[camp-1111]]></State>" +
                  "<WelcomeCode><![CDATA[WELCOME-CODE-1]]></WelcomeCode></xml>";
        var delivery = wecom.Prepare(xml);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal((200, "success"), await wecom.SendAsync(delivery));
        }
        await WaitUntilAsync(() => _api.CallsTo("externalcontact/send_welcome_msg").Count >= 1);
        await host.Processor.WhenIdleAsync();

        Assert.Equal(1, handler.Calls);
        var evt = handler.Messages[0];
        Assert.True(evt.IsAddExternalContact);
        Assert.Equal("camp-1111", evt.State);
        Assert.Equal("wmEXT001", evt.ExternalUserId);
        var welcome = Assert.Single(_api.CallsTo("externalcontact/send_welcome_msg"));
        Assert.Equal("WELCOME-CODE-1", (string?)welcome.Body!["welcome_code"]);
        Assert.Equal("欢迎！您的专属券来自活动 camp-1111", (string?)welcome.Body!["text"]!["content"]);
        Assert.Equal("https://example.com/c", (string?)welcome.Body!["attachments"]![0]!["link"]!["url"]);
        host.Logs.AssertNoneContains("wmEXT001", "WELCOME-CODE-1", "camp-1111");
    }

    [Fact]
    public async Task An_add_external_contact_without_a_welcome_code_is_handled_but_no_welcome_is_attempted()
    {
        var handler = new TestHandler(_ => WecomHandlerResult.Reply(new WecomWelcome("欢迎")));
        var (host, wecom) = await StartAsync(handler);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var xml = $"<xml><ToUserName>{FakeWecomApi.CorpId}</ToUserName><FromUserName>sys</FromUserName><CreateTime>{now}</CreateTime>" +
                  "<MsgType>event</MsgType><Event>change_external_contact</Event><ChangeType>add_external_contact</ChangeType>" +
                  "<UserID>zhangsan</UserID><ExternalUserID>wmEXT002</ExternalUserID></xml>";
        Assert.Equal((200, "success"), await wecom.SendAsync(wecom.Prepare(xml)));
        await WaitUntilAsync(() => handler.Calls == 1);
        await host.Processor.WhenIdleAsync();
        Assert.Empty(_api.CallsTo("externalcontact/send_welcome_msg"));
        Assert.Contains(host.Logs.Lines, l => l.Contains("NoWelcomeCode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_API_send_never_reruns_the_turn_on_redelivery()
    {
        var handler = new TestHandler(_ => WecomHandlerResult.Reply(new WecomText("a"), new WecomText("b")));
        var (host, wecom) = await StartAsync(handler);
        _api.FailNext("message/send", times: 1);
        var delivery = wecom.Prepare(SimulatedWecom.TextMessage(FakeWecomApi.CorpId, Member, "x", NewMsgId()));
        Assert.Equal((200, "success"), await wecom.SendAsync(delivery));
        await WaitUntilAsync(() => _api.CallsTo("message/send").Count >= 2);
        await host.Processor.WhenIdleAsync();
        Assert.Equal((200, "success"), await wecom.SendAsync(delivery));
        await host.Processor.WhenIdleAsync();
        Assert.Equal(1, handler.Calls);
        Assert.Equal(2, _api.CallsTo("message/send").Count); // "a" failed with 500 (for the outbox to retry), "b" went out
        Assert.Contains(host.Logs.Lines, l => l.Contains("Transient", StringComparison.Ordinal) && l.Contains("message/send", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enter_agent_gets_a_passive_reply()
    {
        var handler = new TestHandler(m => m.IsEnterAgent ? WecomHandlerResult.Reply(new WecomText("欢迎回来")) : WecomHandlerResult.None);
        var (_, wecom) = await StartAsync(handler);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var xml = $"<xml><ToUserName>{FakeWecomApi.CorpId}</ToUserName><FromUserName>{Member}</FromUserName><CreateTime>{now}</CreateTime>" +
                  "<MsgType>event</MsgType><Event>enter_agent</Event><EventKey></EventKey><AgentID>1000002</AgentID></xml>";
        var (status, body) = await wecom.SendAsync(wecom.Prepare(xml));
        Assert.Equal(200, status);
        Assert.Equal("欢迎回来", WecomXml.ReadFlat(wecom.OpenReply(body)!)["Content"]);
    }

    [Fact]
    public async Task A_kf_event_pulls_customer_messages_and_replies_through_kf_send_msg_once_each()
    {
        var handler = new TestHandler(m => WecomHandlerResult.Reply(new WecomText("客服回复：" + m.Content)));
        var (host, wecom) = await StartAsync(handler);
        var now = DateTimeOffset.UtcNow;
        _api.AddKfCustomerMessage("wkKF1", "wmCUST1", "kfmsg-1", "发货了吗", now);
        _api.AddKfCustomerMessage("wkKF1", "wmCUST1", "kfmsg-2", "servicer says hi", now, origin: 5);
        var xml = $"<xml><ToUserName>{FakeWecomApi.CorpId}</ToUserName><CreateTime>{now.ToUnixTimeSeconds()}</CreateTime><MsgType>event</MsgType>" +
                  "<Event>kf_msg_or_event</Event><Token>ENCTOKEN1</Token><OpenKfId>wkKF1</OpenKfId><FromUserName>sys</FromUserName></xml>";
        var delivery = wecom.Prepare(xml);
        Assert.Equal((200, "success"), await wecom.SendAsync(delivery));
        await WaitUntilAsync(() => _api.CallsTo("kf/send_msg").Count >= 1);
        await host.Processor.WhenIdleAsync();
        // A redelivered event and a second event with a new token: nothing new to handle.
        Assert.Equal((200, "success"), await wecom.SendAsync(delivery));
        var xml2 = xml.Replace("ENCTOKEN1", "ENCTOKEN2", StringComparison.Ordinal);
        Assert.Equal((200, "success"), await wecom.SendAsync(wecom.Prepare(xml2)));
        await Task.Delay(200);
        await host.Processor.WhenIdleAsync();

        Assert.Equal(1, handler.Calls);
        Assert.Equal(WecomSource.CustomerService, handler.Messages[0].Source);
        Assert.Equal("发货了吗", handler.Messages[0].Content);
        var sent = Assert.Single(_api.CallsTo("kf/send_msg"));
        Assert.Equal("wmCUST1", (string?)sent.Body!["touser"]);
        Assert.Equal("wkKF1", (string?)sent.Body!["open_kfid"]);
        Assert.Equal("客服回复：发货了吗", (string?)sent.Body!["text"]!["content"]);
        Assert.Equal("ENCTOKEN1", (string?)_api.CallsTo("kf/sync_msg")[0].Body!["token"]);
        Assert.Equal("ENCTOKEN2", (string?)_api.CallsTo("kf/sync_msg")[^1].Body!["token"]);
        host.Logs.AssertNoneContains("wmCUST1", "发货了吗", "ENCTOKEN1");
    }

    [Fact]
    public async Task The_logs_of_a_run_hold_no_secret_and_no_access_token()
    {
        var handler = new TestHandler(_ => WecomHandlerResult.Reply(new WecomText("a"), new WecomText("b")));
        var (host, wecom) = await StartAsync(handler);
        await wecom.SendAsync(wecom.Prepare(SimulatedWecom.TextMessage(FakeWecomApi.CorpId, Member, "x", NewMsgId())));
        await WaitUntilAsync(() => _api.CallsTo("message/send").Count >= 2);
        await host.Processor.WhenIdleAsync();
        var token = _api.CallsTo("message/send")[0].AccessToken!;
        // HttpClient's own request logging is on (Trace level) and must not leak the query strings either.
        Assert.Contains(host.Logs.Lines, l => l.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal) && l.Contains("gettoken", StringComparison.Ordinal));
        host.Logs.AssertNoneContains(FakeWecomApi.CorpSecret, token, AesKey, Member);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the condition");
            await Task.Delay(25);
        }
    }
}
