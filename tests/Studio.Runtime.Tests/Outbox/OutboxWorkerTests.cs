using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Studio.Core.Scripts;
using Studio.Data.Compliance;
using Studio.Data.Conversations;
using Studio.Data.Members;
using Studio.Data.Outbox;
using Studio.Data.Outcomes;
using Studio.Data.TurnLog;
using Studio.Runtime.Channels.WeCom;
using Studio.Runtime.Operations;
using Studio.Runtime.Outbox;
using Studio.Runtime.Tests.Channels.WeCom;
using Studio.Runtime.Tests.Operations;

namespace Studio.Runtime.Tests.Outbox;

/// <summary>
/// The outbox worker and its performers against real LiteDB, real HTTP receivers on loopback and the fake WeCom server.
/// Rounds are run by hand (<see cref="OutboxWorker.RunOnceAsync"/>) with a fake clock, except where the hosted loop is the point.
/// </summary>
public sealed class OutboxWorkerTests : IAsyncLifetime
{
    private const string WebhookSecret = "webhook-secret-for-tests-0123456789";
    private static readonly DateTimeOffset Start = new(2026, 11, 11, 2, 0, 0, TimeSpan.Zero); // 10:00 China time
    private readonly FakeTimeProvider _time = new(Start);
    private LoopbackReceiver _receiver = null!;
    private FakeWecomApi _wecom = null!;
    private OperationsHost _host = null!;

    public async Task InitializeAsync()
    {
        _receiver = await LoopbackReceiver.StartAsync();
        _wecom = await FakeWecomApi.StartAsync(_time);
        _host = await OperationsHost.StartAsync(new Dictionary<string, string?>
        {
            ["Studio:Webhooks:Secret"] = WebhookSecret,
            ["Studio:Webhooks:Endpoints:crm:Url"] = _receiver.Url("crm").ToString(),
            ["Studio:Webhooks:Endpoints:tags:Url"] = _receiver.Url("tags").ToString(),
            ["Studio:Sms:GatewayUrl"] = _receiver.Url("sms").ToString(),
            ["Studio:WecomAdd:Url"] = _receiver.Url("wecom-add").ToString(),
            ["Studio:Tagging:Rules:0:Intents:0"] = "ask_detail",
            ["Studio:Tagging:Rules:0:Tag"] = "interested:{entity.category}",
            ["Studio:Tagging:Rules:1:Outcomes:0"] = "refused",
            ["Studio:Tagging:Rules:1:Tag"] = "churned",
            ["Studio:Tagging:Rules:2:Grades:0"] = "A",
            ["Studio:Tagging:Rules:2:Tag"] = "hot_lead",
            ["Studio:Tagging:Wecom:Enabled"] = "true",
            ["Studio:Tagging:Wecom:TagIds:0:Tag"] = "hot_lead",
            ["Studio:Tagging:Wecom:TagIds:0:Id"] = "etHOT001",
            ["Studio:Tagging:Wecom:TagIds:1:Tag"] = "interested:连衣裙",
            ["Studio:Tagging:Wecom:TagIds:1:Id"] = "etDRESS01",
        }, _time, services => services.AddWecomChannel(configure: o =>
        {
            o.CorpId = FakeWecomApi.CorpId;
            o.CorpSecret = FakeWecomApi.CorpSecret;
            o.AgentId = 1000002;
            o.BaseUrl = _wecom.BaseUrl;
        }));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _wecom.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private IOutbox Outbox => _host.Get<IOutbox>();
    private OutboxWorker Worker => _host.Get<OutboxWorker>();

    private static ActionPayload Payload(Dictionary<string, string>? parameters = null, string member = "m-1") => new()
    {
        Conversation = "voice:call-1",
        MemberId = member,
        ScriptId = "dormant-reactivation",
        Version = "v1",
        Node = "n-action",
        Experiment = "coupon-vs-gift",
        Arm = "gift",
        Parameters = parameters ?? [],
    };

    private Task<OutboxItem> EnqueueAsync(string type, ActionPayload payload) => Outbox.EnqueueAsync(new OutboxMessage(type, payload.ToJson()) { MemberId = payload.MemberId });

    private Task<OutboxItem> GetAsync(OutboxItem item) => Outbox.GetAsync(item.Id)!;

    private static JsonObject Json(ReceivedRequest request) => JsonNode.Parse(request.Body)!.AsObject();

    [Fact]
    public async Task A_webhook_action_is_posted_signed_with_a_stable_delivery_id()
    {
        var item = await EnqueueAsync("webhook", Payload(new() { ["webhook"] = "crm", ["payload.coupon"] = "满299减50", ["payload.level"] = "A" }));
        Assert.Equal(1, await Worker.RunOnceAsync());

        Assert.Equal(OutboxStatus.Done, (await GetAsync(item)).Status);
        var request = Assert.Single(_receiver.Received);
        Assert.Equal("/crm", request.Path);
        Assert.Equal(item.Id, request.Headers[WebhookSender.DeliveryHeader]);
        Assert.Equal(SignatureCheck.Valid, StudioSignature.Verify(request.Headers[StudioSignature.Header], [WebhookSecret], request.Body, _time.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.Equal(SignatureCheck.Mismatch, StudioSignature.Verify(request.Headers[StudioSignature.Header], ["another-secret"], request.Body, _time.GetUtcNow(), TimeSpan.FromMinutes(5)));
        var body = Json(request);
        Assert.Equal("action.webhook", (string?)body["event"]);
        Assert.Equal("m-1", (string?)body["memberId"]);
        Assert.Equal("gift", (string?)body["arm"]);
        Assert.Equal("满299减50", (string?)body["payload"]!["coupon"]);
        Assert.Equal("A", (string?)body["payload"]!["level"]);
    }

    [Fact]
    public async Task A_5xx_is_retried_with_backoff_and_a_4xx_is_dead_lettered_at_once()
    {
        var retried = await EnqueueAsync("webhook", Payload(new() { ["webhook"] = "crm" }));
        _receiver.AnswerNext(503);
        await Worker.RunOnceAsync();
        var pending = await GetAsync(retried);
        Assert.Equal(OutboxStatus.Pending, pending.Status);
        Assert.Equal("crm: HTTP 503", pending.LastError);
        Assert.InRange((pending.NextAttemptAt - _time.GetUtcNow()).TotalSeconds, 4, 6);
        Assert.Equal(0, await Worker.RunOnceAsync()); // not due yet

        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await Worker.RunOnceAsync());
        Assert.Equal(OutboxStatus.Done, (await GetAsync(retried)).Status);
        Assert.Equal(2, _receiver.Received.Count);
        Assert.Equal(_receiver.Received[0].Headers[WebhookSender.DeliveryHeader], _receiver.Received[1].Headers[WebhookSender.DeliveryHeader]);

        var refused = await EnqueueAsync("webhook", Payload(new() { ["webhook"] = "crm" }));
        _receiver.AnswerNext(422);
        await Worker.RunOnceAsync();
        var dead = await GetAsync(refused);
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Equal(1, dead.Attempts);
        Assert.Equal("crm: HTTP 422", dead.LastError);
    }

    [Fact]
    public async Task Retry_after_from_the_receiver_sets_the_next_attempt()
    {
        var item = await EnqueueAsync("webhook", Payload(new() { ["webhook"] = "crm" }));
        _receiver.AnswerNext(429, "120");
        await Worker.RunOnceAsync();
        Assert.Equal(_time.GetUtcNow().AddSeconds(120), (await GetAsync(item)).NextAttemptAt);
    }

    [Fact]
    public async Task Unknown_types_unknown_endpoints_and_malformed_payloads_are_dead_letters_with_a_reason()
    {
        var unknown = await Outbox.EnqueueAsync(new OutboxMessage("fax", "{}"));
        var noEndpoint = await EnqueueAsync("webhook", Payload(new() { ["webhook"] = "erp" }));
        var malformed = await Outbox.EnqueueAsync(new OutboxMessage("tag", "{not json"));
        await Worker.RunOnceAsync();
        Assert.Equal("no performer for outbox type 'fax'", (await GetAsync(unknown)).LastError);
        Assert.Contains("no webhook endpoint 'erp'", (await GetAsync(noEndpoint)).LastError, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", (await GetAsync(malformed)).LastError, StringComparison.Ordinal);
        Assert.Equal(3, (await Outbox.ListDeadAsync()).Count);
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task A_tag_action_tags_the_member_and_tells_the_crm()
    {
        await _host.Get<IMemberStore>().UpsertAsync(new MemberInput { Id = "m-1", Tags = ["vip"] });
        var item = await EnqueueAsync("tag", Payload(new() { ["tags"] = "加微意向,618关注" }));
        await Worker.RunOnceAsync();
        Assert.Equal(OutboxStatus.Done, (await GetAsync(item)).Status);
        Assert.Equal(["vip", "加微意向", "618关注"], (await _host.Get<IMemberStore>().GetAsync("m-1"))!.Tags);
        var body = Json(Assert.Single(_receiver.Received, r => r.Path == "/tags"));
        Assert.Equal("member.tagged", (string?)body["event"]);
        Assert.Equal(["加微意向", "618关注"], body["tags"]!.AsArray().Select(t => (string?)t));
    }

    [Fact]
    public async Task An_sms_goes_to_the_gateway_with_the_full_number_and_never_to_a_listed_member()
    {
        var members = _host.Get<IMemberStore>();
        await members.UpsertAsync(new MemberInput { Id = "m-1", Phone = "13812345678" });
        await members.UpsertAsync(new MemberInput { Id = "m-2", Phone = "13987654321" });
        await _host.Get<IDoNotContactList>().AddAsync("m-2", null, DoNotContactReasons.OptOut, _time.GetUtcNow());

        var sent = await EnqueueAsync("sms", Payload(new() { ["template"] = "SMS_618", ["text"] = "张女士，您的50元券已到账" }));
        var refused = await EnqueueAsync("sms", Payload(new() { ["template"] = "SMS_618" }, member: "m-2"));
        await Worker.RunOnceAsync();

        Assert.Equal(OutboxStatus.Done, (await GetAsync(sent)).Status);
        var request = Assert.Single(_receiver.Received);
        Assert.Equal("/sms", request.Path);
        Assert.Equal("13812345678", (string?)Json(request)["to"]);
        Assert.Equal(SignatureCheck.Valid, StudioSignature.Verify(request.Headers[StudioSignature.Header], [WebhookSecret], request.Body, _time.GetUtcNow(), TimeSpan.FromMinutes(5)));

        var dead = await GetAsync(refused);
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Contains("opted out", dead.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("13987654321", dead.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_sms_outside_calling_hours_waits_for_nine_oclock()
    {
        await _host.Get<IMemberStore>().UpsertAsync(new MemberInput { Id = "m-1", Phone = "13812345678" });
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 11, 14, 30, 0, TimeSpan.Zero)); // 22:30 China time
        var item = await EnqueueAsync("sms", Payload(new() { ["template"] = "SMS_618" }));
        await Worker.RunOnceAsync();
        var deferred = await GetAsync(item);
        Assert.Equal(OutboxStatus.Pending, deferred.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 12, 9, 0, 0, TimeSpan.FromHours(8)), deferred.NextAttemptAt);
        Assert.Empty(_receiver.Received);

        _time.SetUtcNow(new DateTimeOffset(2026, 11, 12, 1, 0, 0, TimeSpan.Zero));
        await Worker.RunOnceAsync();
        Assert.Equal(OutboxStatus.Done, (await GetAsync(item)).Status);
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task A_wecom_add_is_recorded_as_requested_and_posted_once_even_when_performed_twice()
    {
        var item = await EnqueueAsync("wecom_add", Payload(new() { ["text"] = "稍后添加您的企业微信" }));
        await Worker.RunOnceAsync();
        Assert.Equal(OutboxStatus.Done, (await GetAsync(item)).Status);
        var request = Assert.Single(_receiver.Received);
        Assert.Equal("/wecom-add", request.Path);
        Assert.Null(Json(request)["phone"]);

        // Performed again (a crash after the post): the recorded event is not duplicated.
        var performer = _host.Services.GetServices<IActionPerformer>().Single(p => p.Type == "wecom_add");
        Assert.Equal(ActionPerformStatus.Done, (await performer.PerformAsync((await GetAsync(item))!, default)).Status);
        var events = await _host.Get<IOutcomeEventStore>().QueryAsync(new OutcomeQuery { MemberId = "m-1" });
        var requested = Assert.Single(events.Items);
        Assert.Equal(WecomAddPerformer.RequestedEvent, requested.Type);
        Assert.Equal("gift", requested.Properties["arm"]);
    }

    [Fact]
    public async Task A_conversation_end_tags_the_member_from_its_turns_in_the_store_the_crm_and_wecom()
    {
        await _host.Get<IMemberStore>().UpsertAsync(new MemberInput
        {
            Id = "m-1",
            Attributes = new Dictionary<string, string> { ["wecomUserId"] = "guide-li", ["wecomExternalUserId"] = "wmEXT0001" },
        });
        TurnRecord Turn(int n, string? intent, string? text, Dictionary<string, string>? entities = null, string? outcome = null, string? grade = null) => new()
        {
            Conversation = "voice:call-1",
            Channel = Channel.Voice,
            MemberId = "m-1",
            ScriptId = "dormant-reactivation",
            Version = "v1",
            Turn = n,
            Intent = intent,
            MemberText = text,
            Entities = entities ?? [],
            Outcome = outcome,
            Grade = grade,
        };
        await _host.Get<ITurnLog>().AppendAsync(
        [
            Turn(0, null, null),
            Turn(1, "ask_detail", "连衣裙有什么新款", new() { ["category"] = "连衣裙" }),
            Turn(2, "affirm", "好的加我微信", outcome: "wecom_added", grade: "A"),
        ]);
        // Another conversation of the member must not count.
        var other = Turn(1, "deny", "不要", outcome: "refused", grade: "E");
        other.Conversation = "voice:call-0";
        await _host.Get<ITurnLog>().AppendAsync([other]);

        var item = await Outbox.EnqueueAsync(ActionPayload.ForEnd(new Studio.Core.Dialogs.ConversationEnded("n-end", "wecom_added", 'A'),
            "voice:call-1", "m-1", "dormant-reactivation", "v1"));
        await Worker.RunOnceAsync();

        Assert.Equal(OutboxStatus.Done, (await GetAsync(item)).Status);
        Assert.Equal(["interested:连衣裙", "hot_lead"], (await _host.Get<IMemberStore>().GetAsync("m-1"))!.Tags);
        var body = Json(Assert.Single(_receiver.Received, r => r.Path == "/tags"));
        Assert.Equal(["interested:连衣裙", "hot_lead"], body["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("wecom_added", (string?)body["outcome"]);
        var mark = Assert.Single(_wecom.CallsTo("externalcontact/mark_tag"));
        Assert.Equal("guide-li", (string?)mark.Body!["userid"]);
        Assert.Equal("wmEXT0001", (string?)mark.Body!["external_userid"]);
        Assert.Equal(["etDRESS01", "etHOT001"], mark.Body!["add_tag"]!.AsArray().Select(t => (string?)t));
    }

    [Fact]
    public async Task A_wecom_outage_is_retried_until_the_reply_is_delivered()
    {
        var inbound = new WecomInboundMessage { ToUserName = FakeWecomApi.CorpId, FromUserName = "zhangsan", CreateTime = Start.ToUnixTimeSeconds(), MsgType = "text", MsgId = "m1" };
        var sender = new OutboxWecomReplySender(Outbox, _host.Services);
        var queued = await sender.SendAsync(inbound, [new WecomText("您好，这是您的50元券"), new WecomText("点击领取")], default);
        Assert.All(queued, r => Assert.True(r.IsSuccess));
        // A redelivered callback enqueues nothing new.
        await sender.SendAsync(inbound, [new WecomText("您好，这是您的50元券"), new WecomText("点击领取")], default);

        _wecom.FailNext("message/send", 3);
        var id = "d:wecom_reply:" + inbound.IdempotencyKey;
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(1, await Worker.RunOnceAsync());
            var waiting = (await Outbox.GetAsync(id))!;
            Assert.Equal(OutboxStatus.Pending, waiting.Status);
            Assert.Contains("Transient", waiting.LastError, StringComparison.Ordinal);
            _time.Advance(TimeSpan.FromMinutes(5));
        }
        Assert.Equal(1, await Worker.RunOnceAsync());
        Assert.Equal(OutboxStatus.Done, (await Outbox.GetAsync(id))!.Status);
        var sends = _wecom.CallsTo("message/send");
        Assert.Equal(5, sends.Count); // three refused by the outage, then both messages once
        Assert.Equal(["您好，这是您的50元券", "点击领取"], sends.Skip(3).Select(c => (string?)c.Body!["text"]!["content"]));
        Assert.All(sends, c => Assert.Equal("zhangsan", (string?)c.Body!["touser"]));
    }

    [Fact]
    public async Task A_retried_reply_sends_only_the_messages_not_yet_sent()
    {
        var inbound = new WecomInboundMessage { ToUserName = FakeWecomApi.CorpId, FromUserName = "lisi", CreateTime = Start.ToUnixTimeSeconds(), MsgType = "text", MsgId = "m2" };
        var item = await Outbox.EnqueueAsync(WecomReplyPayload.From(inbound, [new WecomText("第一条"), new WecomText("第二条")]).ToOutboxMessage("reply-2"));
        // As if the first message went out before the worker died.
        await _host.Get<IKeyValueStore>().WriteAsync(WecomDelivery.ProgressNamespace, item.Id, "1", null);
        await Worker.RunOnceAsync();
        Assert.Equal(OutboxStatus.Done, (await GetAsync(item)).Status);
        Assert.Equal(["第二条"], _wecom.CallsTo("message/send").Select(c => (string?)c.Body!["text"]!["content"]));
        Assert.Null(await _host.Get<IKeyValueStore>().ReadAsync(WecomDelivery.ProgressNamespace, item.Id));
    }

    [Fact]
    public async Task A_reply_wecom_refuses_is_dead_lettered_not_retried()
    {
        // 微信客服 without a customer message in the last 48 h: WeCom (the fake) refuses.
        var inbound = new WecomInboundMessage
        {
            Source = WecomSource.CustomerService, ToUserName = "wkKF001", FromUserName = "wmCUST01", ExternalUserId = "wmCUST01", OpenKfId = "wkKF001",
            CreateTime = Start.ToUnixTimeSeconds(), MsgType = "text", MsgId = "kf-1",
        };
        var item = await Outbox.EnqueueAsync(WecomReplyPayload.From(inbound, [new WecomText("您好")]).ToOutboxMessage("reply-kf"));
        await Worker.RunOnceAsync();
        var dead = await GetAsync(item);
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Contains("kf/send_msg", dead.LastError, StringComparison.Ordinal);
    }
}

/// <summary>The grain's own WeCom messages (follow-ups) in the shape the conversation grain writes them.</summary>
public sealed class WecomSendTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 11, 2, 0, 0, TimeSpan.Zero));
    private FakeWecomApi _wecom = null!;
    private OperationsHost _host = null!;

    public async Task InitializeAsync()
    {
        _wecom = await FakeWecomApi.StartAsync(_time);
        _host = await OperationsHost.StartAsync(time: _time, services: services => services.AddWecomChannel(configure: o =>
        {
            o.CorpId = FakeWecomApi.CorpId;
            o.CorpSecret = FakeWecomApi.CorpSecret;
            o.AgentId = 1000002;
            o.BaseUrl = _wecom.BaseUrl;
        }));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _wecom.DisposeAsync();
    }

    private Task<OutboxItem> EnqueueFollowUpAsync(string member) => _host.Get<IOutbox>().EnqueueAsync(new OutboxMessage(
        Studio.Runtime.Conversations.ConversationGrain.WecomSendAction,
        JsonSerializer.Serialize(new Studio.Runtime.Conversations.WecomSendPayload("wecom:" + member, member,
            new Studio.Runtime.Conversations.WecomRoute("app", FakeWecomApi.CorpId, member, null, "1000002"),
            [new Studio.Runtime.Conversations.ConversationMessage { NodeId = "ask", Text = "张女士，50元券还没用哦", SpokenText = "" }]), new JsonSerializerOptions(JsonSerializerDefaults.Web))));

    [Fact]
    public async Task A_follow_up_goes_out_in_hours_waits_at_night_and_never_reaches_an_opted_out_member()
    {
        var day = await EnqueueFollowUpAsync("zhangsan");
        await _host.Get<OutboxWorker>().RunOnceAsync();
        Assert.Equal(OutboxStatus.Done, (await _host.Get<IOutbox>().GetAsync(day.Id))!.Status);
        var send = Assert.Single(_wecom.CallsTo("message/send"));
        Assert.Equal("zhangsan", (string?)send.Body!["touser"]);
        Assert.Equal("张女士，50元券还没用哦", (string?)send.Body!["text"]!["content"]);

        await _host.Get<IDoNotContactList>().AddAsync("lisi", null, DoNotContactReasons.OptOut, _time.GetUtcNow());
        var optedOut = await EnqueueFollowUpAsync("lisi");
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 11, 15, 0, 0, TimeSpan.Zero)); // 23:00 China time
        var night = await EnqueueFollowUpAsync("wangwu");
        await _host.Get<OutboxWorker>().RunOnceAsync();
        Assert.Equal(OutboxStatus.Dead, (await _host.Get<IOutbox>().GetAsync(optedOut.Id))!.Status);
        var deferred = (await _host.Get<IOutbox>().GetAsync(night.Id))!;
        Assert.Equal(OutboxStatus.Pending, deferred.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 12, 9, 0, 0, TimeSpan.FromHours(8)), deferred.NextAttemptAt);
        Assert.Single(_wecom.CallsTo("message/send"));
    }
}

/// <summary>The worker as a hosted service: a nudge performs a fresh item at once, not at the next poll.</summary>
public sealed class OutboxNudgeTests
{
    [Fact]
    public async Task A_nudge_performs_a_fresh_item_long_before_the_poll_interval()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await OperationsHost.StartAsync(new Dictionary<string, string?>
        {
            ["Studio:Outbox:Enabled"] = "true",
            ["Studio:Outbox:PollInterval"] = "01:00:00",
            ["Studio:Webhooks:Endpoints:crm:Url"] = receiver.Url("crm").ToString(),
        });
        // Let the worker reach its wait.
        await Task.Delay(300);
        var payload = new ActionPayload { Conversation = "voice:call-9", MemberId = "m-9", Parameters = new() { ["webhook"] = "crm" } };
        var item = await host.Get<IOutbox>().EnqueueAsync(new OutboxMessage("webhook", payload.ToJson()));
        host.Get<OutboxWorker>().Nudge();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await host.Get<IOutbox>().GetAsync(item.Id))!.Status != OutboxStatus.Done && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(OutboxStatus.Done, (await host.Get<IOutbox>().GetAsync(item.Id))!.Status);
        Assert.Single(receiver.Received);
    }
}
