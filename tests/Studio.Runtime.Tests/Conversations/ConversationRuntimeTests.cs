using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Studio.Core.Scripts;
using Studio.Data.Compliance;
using Studio.Data.Conversations;
using Studio.Data.Outbox;
using Studio.Data.TurnLog;
using Studio.Runtime.Channels.WeCom;
using Studio.Runtime.Conversations;
using Studio.Runtime.Outbox;
using Studio.Runtime.Tests.Channels.Voice;
using Studio.Runtime.Tests.Channels.WeCom;
using Studio.Voice.Emulator;

namespace Studio.Runtime.Tests.Conversations;

/// <summary>
/// Conversations on the hosted runtime: a real Orleans silo inside a Kestrel host on 127.0.0.1, the real engine with
/// the NLU pipeline, published scripts, LiteDB files in a temporary directory that survives host restarts.
/// </summary>
public sealed class ConversationRuntimeTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "studio-runtime-host", Guid.NewGuid().ToString("N"));
    private RuntimeTestHost? _host;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<RuntimeTestHost> StartAsync(Uri? wecomApi = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        _host = await RuntimeTestHost.StartAsync(_dir, wecomApi, settings);
        return _host;
    }

    private static ConversationStartRequest Dormant(string memberId, string arm = "A", bool outbound = true) => new()
    {
        ScriptId = "dormant-reactivation",
        InputId = "start",
        MemberId = memberId,
        Member = new() { ["surname"] = "张", ["title"] = "女士", ["tier"] = "VIP" },
        ForcedArms = new() { ["dormant-framing"] = arm },
        Outbound = outbound,
    };

    private async Task<IReadOnlyList<TurnRecord>> TurnsOfAsync(string conversation) =>
        [.. (await _host!.Services.GetRequiredService<ITurnLog>().QueryAsync(new TurnQuery { Conversation = conversation, Take = 100 })).Items.OrderBy(t => t.Turn)];

    private async Task<IReadOnlyList<OutboxItem>> OutboxAsync() =>
        await _host!.Services.GetRequiredService<IOutbox>().LeaseAsync("test", 1000, TimeSpan.FromMinutes(5));

    [Fact]
    public async Task A_call_through_the_jambonz_endpoint_runs_on_a_grain_and_logs_every_turn_before_it_answers()
    {
        var host = await StartAsync();
        await host.PublishAsync("dormant-reactivation.json");
        var setup = CallSetup.Outbound("dormant-reactivation", "dr-3001", "2026-11-dormant",
            member: new Dictionary<string, string> { ["surname"] = "张", ["title"] = "女士", ["tier"] = "VIP" },
            arms: new Dictionary<string, string> { ["dormant-framing"] = "A" });

        var call = await host.Emulator().PlaceCallAsync(setup, new ScriptedCaller([CallerAction.Say("是我,什么事"), CallerAction.Say("是的,你加吧")]));

        Assert.Empty(call.Violations);
        Assert.True(call.HungUpByApp);
        Assert.Contains("张女士", call.Gathers[0].Prompt);
        Assert.Contains("顾问马上加您", call.Heard[^1].Text);

        var conversation = "voice:" + setup.CallSid;
        var turns = await TurnsOfAsync(conversation);
        Assert.Equal([0, 1, 2], turns.Select(t => t.Turn));
        Assert.All(turns, t => Assert.Equal("dr-3001", t.MemberId));
        Assert.Null(turns[0].Arm); // the split comes after the identity question
        Assert.All(turns.Skip(1), t => Assert.Equal(("dormant-framing", "A"), (t.Experiment, t.Arm)));
        Assert.Equal("是我,什么事", turns[1].MemberText);
        Assert.NotNull(turns[1].Intent);
        Assert.NotNull(turns[1].DecidedBy);
        Assert.Equal(("wecom_add_consent", "A"), (turns[2].Outcome, turns[2].Grade));

        var snapshot = await host.Conversation(Channel.Voice, setup.CallSid).GetAsync();
        Assert.True(snapshot!.Ended);
        var outbox = await OutboxAsync();
        Assert.Contains(outbox, i => i.Type == "wecom_add" && i.Conversation == conversation);
        var ended = Assert.Single(outbox, i => i.Type == OutboxTypes.ConversationEnded && i.Conversation == conversation);
        Assert.Equal("wecom_add_consent", JsonDocument.Parse(ended.Payload).RootElement.GetProperty("outcome").GetString());
        host.Logs.AssertNoneContains("13812341234", "8613812341234");
    }

    [Fact]
    public async Task A_conversation_resumes_at_its_node_on_a_new_host_and_a_redelivered_input_runs_once()
    {
        var first = await StartAsync();
        await first.PublishAsync("dormant-reactivation.json");
        var grain = first.Conversation(Channel.Voice, "call-resume");
        var opening = await grain.StartAsync(Dormant("dr-3002"));
        Assert.Equal("confirm_identity", opening.Waiting?.NodeId);
        var turn = await grain.TurnAsync(ConversationInput.Say("是我,什么事", "hook-1"));
        var waitingAt = turn.Waiting!.NodeId;
        Assert.False(turn.Replayed);

        // The same delivery again (e.g. a retry after a timeout): the recorded turn, nothing runs.
        var again = await grain.TurnAsync(ConversationInput.Say("是我,什么事", "hook-1"));
        Assert.True(again.Replayed);
        Assert.Equal(turn.ReplyText, again.ReplyText);

        // A new process on the same database: the conversation is where it was, and still remembers the delivery.
        var second = await StartAsync();
        var resumed = second.Conversation(Channel.Voice, "call-resume");
        var snapshot = await resumed.GetAsync();
        Assert.Equal((waitingAt, false), (snapshot!.Node, snapshot.Ended));
        Assert.True((await resumed.TurnAsync(ConversationInput.Say("是我,什么事", "hook-1"))).Replayed);

        var end = await resumed.TurnAsync(ConversationInput.Say("是的,你加吧", "hook-2"));
        Assert.Equal((true, "wecom_add_consent"), (end.Ended, end.Outcome));
        Assert.Equal([0, 1, 2], (await TurnsOfAsync("voice:call-resume")).Select(t => t.Turn));
    }

    [Fact]
    public async Task Opting_out_lists_the_member_in_the_same_turn_and_no_outbound_conversation_starts_again()
    {
        var host = await StartAsync();
        await host.PublishAsync("dormant-reactivation.json");
        var grain = host.Conversation(Channel.Voice, "call-optout");
        await grain.StartAsync(Dormant("dr-3003", "B"));
        await grain.TurnAsync(ConversationInput.Say("是", "h1"));

        var end = await grain.TurnAsync(ConversationInput.Say("别再打了,我不买", "h2"));

        Assert.Equal((true, "opt_out", "opt_out"), (end.Ended, end.Outcome, end.Intent));
        Assert.Contains("以后不会再给您打电话了", end.ReplyText);
        var dnc = host.Services.GetRequiredService<IDoNotContactList>();
        Assert.True(await dnc.IsListedAsync("dr-3003", DateTimeOffset.UtcNow));

        var again = await host.Conversation(Channel.Voice, "call-optout-2").StartAsync(Dormant("dr-3003"));
        Assert.Equal("opted_out", again.Refused);
        Assert.Empty(again.Messages);
        Assert.Null(await host.Conversation(Channel.Voice, "call-optout-2").GetAsync());
    }

    [Fact]
    public async Task An_outbound_call_outside_calling_hours_does_not_start_but_an_inbound_one_does()
    {
        // A one-hour window that is certainly not now (China time).
        var hour = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Hour;
        var window = hour < 12 ? "20:00-21:00" : "02:00-03:00";
        var host = await StartAsync(settings: new Dictionary<string, string?>
        {
            ["Studio:Compliance:CallingHours:Weekdays"] = window,
            ["Studio:Compliance:CallingHours:Weekends"] = window,
            ["Studio:Compliance:CallingHours:HolidayWindow"] = window,
        });
        await host.PublishAsync("dormant-reactivation.json");

        var outbound = await host.Conversation(Channel.Voice, "call-late").StartAsync(Dormant("dr-3005"));
        Assert.Equal("outside_calling_hours", outbound.Refused);
        Assert.Null(await host.Conversation(Channel.Voice, "call-late").GetAsync());

        var inbound = await host.Conversation(Channel.Voice, "call-inbound").StartAsync(Dormant("dr-3005", outbound: false));
        Assert.Null(inbound.Refused);
        Assert.Equal("confirm_identity", inbound.Waiting?.NodeId);
    }

    [Fact]
    public async Task A_member_keeps_the_arm_of_their_first_exposure_in_later_conversations()
    {
        var host = await StartAsync();
        await host.PublishAsync("dormant-reactivation.json");
        await host.Grains.GetGrain<IMemberGrain>("dr-3004").RecordExposureAsync("dormant-framing", "B", DateTimeOffset.UtcNow);

        var request = Dormant("dr-3004") with { ForcedArms = null };
        var grain = host.Conversation(Channel.Voice, "call-sticky");
        await grain.StartAsync(request);
        var turn = await grain.TurnAsync(ConversationInput.Say("是我", "h1"));

        Assert.Equal(("dormant-framing", "B"), (turn.Experiment, turn.Arm));
        Assert.Equal("B", await host.Grains.GetGrain<IMemberGrain>("dr-3004").RecordExposureAsync("dormant-framing", "A", DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Wecom_add_starts_the_bound_script_with_a_welcome_replies_once_per_message_and_follows_up_when_the_member_is_silent()
    {
        await using var api = await FakeWecomApi.StartAsync();
        var host = await StartAsync(api.BaseUrl, new Dictionary<string, string?>
        {
            ["Studio:Conversations:FollowUpMinute"] = "00:00:00.100",
            ["Studio:Outbox:Enabled"] = "true", // replies and follow-ups reach the fake WeCom API through the outbox
            ["Studio:Conversations:FollowUpRetryPeriod"] = "00:00:02",
            ["Studio:Orleans:Reminders:MinimumReminderPeriod"] = "00:00:01",
        });
        // First follow-up after 0.1 s, the second (which closes the conversation) only after 10 minutes.
        await host.PublishAsync("birthday-care-wecom.json", json =>
        {
            const string Delays = "\"followUpDelaysMinutes\": [180, 1440]";
            Assert.Contains(Delays, json);
            return json.Replace(Delays, "\"followUpDelaysMinutes\": [1, 6000]", StringComparison.Ordinal);
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var wecom = new SimulatedWecom(http, host.WecomCallback, new WxBizMsgCrypt(RuntimeTestHost.WecomToken, RuntimeTestHost.WecomAesKey, FakeWecomApi.CorpId));

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var add = $"<xml><ToUserName><![CDATA[{FakeWecomApi.CorpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>{now}</CreateTime>" +
                  "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>" +
                  "<ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[advisor01]]></UserID>" +
                  "<ExternalUserID><![CDATA[wmBIRTHDAY01]]></ExternalUserID><State><![CDATA[birthday]]></State>" +
                  "<WelcomeCode><![CDATA[WELCOME-BD-1]]></WelcomeCode></xml>";
        Assert.Equal((200, "success"), await wecom.SendAsync(wecom.Prepare(add)));
        await WaitUntilAsync(() => api.CallsTo("externalcontact/send_welcome_msg").Count >= 1);
        var welcome = Assert.Single(api.CallsTo("externalcontact/send_welcome_msg"));
        Assert.Contains("生日快乐", (string?)welcome.Body!["text"]!["content"]);

        // The member is silent: the first follow-up fires (settings.wecom.followUpDelaysMinutes, shortened here).
        await WaitUntilAsync(async () => (await TurnsOfAsync("wecom:wmBIRTHDAY01")).Count >= 2);
        var followUp = (await TurnsOfAsync("wecom:wmBIRTHDAY01"))[1];
        Assert.Null(followUp.MemberText);
        // The follow-up goes out through the outbox to the member.
        await WaitUntilAsync(() => api.CallsTo("message/send").Any(c => c.Body!.ToJsonString().Contains("wmBIRTHDAY01", StringComparison.Ordinal)));
        var beforeAnswer = api.CallsTo("message/send").Count;

        // The member answers; the same message delivered three times gets one turn and one set of replies (the
        // claim card is a mini-program notice, which goes out through message/send rather than passively).
        var delivery = wecom.Prepare(SimulatedWecom.TextMessage(FakeWecomApi.CorpId, "wmBIRTHDAY01", "领取", "7001001"));
        Assert.Equal((200, "success"), await wecom.SendAsync(delivery));
        await WaitUntilAsync(() => api.CallsTo("message/send").Count > beforeAnswer);
        await host.Services.GetRequiredService<WecomInboundProcessor>().WhenIdleAsync();
        var sent = api.CallsTo("message/send").Count;
        Assert.Equal((200, "success"), await wecom.SendAsync(delivery));
        Assert.Equal((200, "success"), await wecom.SendAsync(delivery));
        await host.Services.GetRequiredService<WecomInboundProcessor>().WhenIdleAsync();
        Assert.Equal(sent, api.CallsTo("message/send").Count);
        Assert.Contains(api.CallsTo("message/send"), c => c.Body!.ToJsonString().Contains("wmBIRTHDAY01", StringComparison.Ordinal));
        var turns = await TurnsOfAsync("wecom:wmBIRTHDAY01");
        Assert.Single(turns, t => t.MemberText == "领取");
        Assert.Equal("claim", turns.Single(t => t.MemberText == "领取").Intent);
        host.Logs.AssertNoneContains("wmBIRTHDAY01", "WELCOME-BD-1");
    }

    [Fact]
    public async Task A_follow_up_waits_for_silence_since_the_members_last_message_and_turns_do_not_rewrite_the_reminder()
    {
        var host = await StartAsync(settings: new Dictionary<string, string?>
        {
            ["Studio:Conversations:FollowUpMinute"] = "00:00:00.100",
            ["Studio:Conversations:FollowUpRetryPeriod"] = "00:00:02",
            ["Studio:Orleans:Reminders:MinimumReminderPeriod"] = "00:00:01",
        });
        // The first follow-up after 4 s of silence.
        await host.PublishAsync("birthday-care-wecom.json",
            json => json.Replace("\"followUpDelaysMinutes\": [180, 1440]", "\"followUpDelaysMinutes\": [40, 6000]", StringComparison.Ordinal));
        var grain = host.Conversation(Channel.Wecom, "wmQUIET01");
        await grain.StartAsync(new ConversationStartRequest { ScriptId = "birthday-care-wecom", InputId = "add", MemberId = "bd-quiet" });
        var reminders = host.Services.GetRequiredService<IReminderTable>();
        var armed = await reminders.ReadRow(grain.GetGrainId(), ConversationGrain.FollowUpReminder);
        Assert.NotNull(armed);

        // The member writes before the follow-up is due: each turn moves the due time, none rewrites the reminder.
        await Task.Delay(1500);
        foreach (var (text, id) in new[] { ("谢谢", "m1"), ("谢谢你", "m2") })
        {
            Assert.Equal("ask_claim", (await grain.TurnAsync(ConversationInput.Say(text, id))).Waiting?.NodeId);
        }
        Assert.Equal(armed.ETag, (await reminders.ReadRow(grain.GetGrainId(), ConversationGrain.FollowUpReminder))?.ETag);

        // The reminder ticks 4 s after the start and defers itself; the follow-up comes 4 s after the last message.
        await WaitUntilAsync(async () => (await TurnsOfAsync("wecom:wmQUIET01")).Any(t => t.MemberText is null && t.Turn > 0));
        var turns = await TurnsOfAsync("wecom:wmQUIET01");
        var lastMessage = turns.Last(t => t.MemberText is not null);
        var followUp = turns.Single(t => t.MemberText is null && t.Turn > 0);
        Assert.True(followUp.Time - lastMessage.Time >= TimeSpan.FromSeconds(4) - TimeSpan.FromMilliseconds(50),
            $"follow-up {(followUp.Time - lastMessage.Time).TotalMilliseconds:0} ms after the member's last message");
        Assert.Equal("ask_claim", followUp.Node);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // Generous: the machine may be busy; this waits for an event, it does not time one.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 60 s");
            await Task.Delay(50);
        }
    }
}
