using Studio.Core.Dialogs;
using Studio.Core.Scripts;
using Studio.Runtime.Channels.Voice;
using Studio.Voice.Emulator;

namespace Studio.Runtime.Tests.Channels.Voice;

/// <summary>
/// Full calls of scripts-library/dormant-reactivation.json over a real Kestrel and real WebSockets, driven by the
/// jambonz emulator, with the real dialog engine behind the endpoint.
/// </summary>
public sealed class DormantReactivationCallTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private VoiceTestHost _host = null!;

    public async Task InitializeAsync() => _host = await VoiceTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static CallSetup Zhang(string script = VoiceScripts.Dormant, string arm = "A") => CallSetup.Outbound(
        script, "dr-2001", "2026-11-dormant",
        member: new Dictionary<string, string> { ["surname"] = "张", ["title"] = "女士", ["tier"] = "VIP" },
        arms: new Dictionary<string, string> { ["dormant-framing"] = arm });

    private async Task<(CallRecord Call, EngineCall Conversation)> CallAsync(CallSetup setup, params CallerAction[] caller)
    {
        var record = await _host.Emulator().PlaceCallAsync(setup, new ScriptedCaller(caller));
        var conversation = await _host.Handler.WaitForEndAsync(setup.CallSid, Wait);
        return (record, conversation);
    }

    [Fact]
    public async Task Happy_path_opens_with_the_disclosure_asks_and_ends_with_wecom_add_and_hangup()
    {
        var (call, conversation) = await CallAsync(Zhang(), CallerAction.Say("是我,什么事"), CallerAction.Say("是的,你加吧"));

        // The opening: session config, the AI disclosure as a plain say (never interruptible), then the question.
        var opening = call.Acks[0]["data"]!.AsArray().Select(v => v!["verb"]!.GetValue<string>()).ToList();
        Assert.Equal(["config", "say", "gather"], opening);
        Assert.Contains("智能客服小速", call.Heard[0].Text);
        Assert.False(call.Heard[0].InGather);
        var first = call.Gathers[0];
        Assert.Contains("张女士", first.Prompt);
        Assert.Equal(6, first.Timeout); // settings.voice.noInputTimeoutSeconds of the script
        Assert.True(first.BargeIn);
        Assert.Equal(["speech", "digits"], first.Input);
        Assert.Equal("/turn", first.ActionHook);

        // The offer is spoken with numbers read out (SpokenText), then the consent question.
        Assert.Contains(call.Heard, h => h.Text.Contains("三十元无门槛", StringComparison.Ordinal));
        Assert.Contains("微信", call.Gathers[1].Prompt);

        // The end: the farewell, then hangup, in the same ack.
        Assert.Equal(["say", "hangup"], call.VerbNames.TakeLast(2));
        Assert.Contains("顾问马上加您", call.Heard[^1].Text);
        Assert.True(call.HungUpByApp);
        Assert.Equal("app-hangup", call.EndedBy);
        Assert.Empty(call.Violations);

        Assert.Equal("wecom_add_consent", conversation.Outcome);
        Assert.Contains(conversation.Actions, a => a.Type == ActionType.WecomAdd);
        Assert.Equal(3, call.Latencies.Count);
        Assert.Equal("session:new", call.Latencies[0].MessageType);
        Assert.All(call.Latencies, l => Assert.True(l.Elapsed < TimeSpan.FromSeconds(2), $"{l.MessageType} acked after {l.Elapsed}"));
    }

    [Fact]
    public async Task Both_speech_result_shapes_reach_the_engine_with_their_confidence()
    {
        // The emulator alternates the shapes: turn 0 nests the result in transcripts[0], turn 1 uses alternatives[0].
        var (_, conversation) = await CallAsync(Zhang(), CallerAction.Say("是我,什么事", 0.81), CallerAction.Say("是的,你加吧", 0.77));

        var spoken = conversation.Turns.Where(t => t.Input.Kind == InputKind.Text).Select(t => t.Input).ToList();
        Assert.Equal(2, spoken.Count);
        Assert.Equal(("是我,什么事", 0.81), (spoken[0].Text, spoken[0].Confidence));
        Assert.Equal(("是的,你加吧", 0.77), (spoken[1].Text, spoken[1].Confidence));
        Assert.Equal("wecom_add_consent", conversation.Outcome);
    }

    [Fact]
    public async Task Opt_out_in_the_middle_ends_the_call_in_the_same_turn()
    {
        var (call, conversation) = await CallAsync(Zhang(arm: "B"), CallerAction.Say("是我"), CallerAction.Say("别再打了,我不买"));

        Assert.Equal("opt_out", conversation.Outcome);
        Assert.Equal(2, call.Gathers.Count); // no further question after the refusal
        var last = call.Acks[^1]["data"]!.AsArray().Select(v => v!["verb"]!.GetValue<string>()).ToList();
        Assert.Equal(["say", "hangup"], last);
        Assert.Contains("以后不会再给您打电话了", call.Heard[^1].Text);
        Assert.Equal("app-hangup", call.EndedBy);
    }

    [Fact]
    public async Task Silence_reprompts_then_follows_the_no_input_route()
    {
        var (call, conversation) = await CallAsync(Zhang(), CallerAction.Silence(), CallerAction.Silence());

        Assert.Equal(2, call.Gathers.Count);
        Assert.Contains("能听到吗", call.Gathers[1].Prompt);
        Assert.Equal("no_response", conversation.Outcome);
        Assert.Equal(["say", "hangup"], call.VerbNames.TakeLast(2));
        Assert.Equal(2, conversation.Turns.Count(t => t.Input.Kind == InputKind.NoInput));
        // Both timeouts passed on the virtual clock (6 s each), in milliseconds of real time.
        Assert.True(call.Clock >= TimeSpan.FromSeconds(12), $"virtual clock {call.Clock}");
    }

    [Fact]
    public async Task Dtmf_reaches_the_engine_as_keys()
    {
        var (call, conversation) = await CallAsync(Zhang(), CallerAction.Keys("5"), CallerAction.HangUp());

        Assert.Contains(conversation.Turns, t => t.Input.Kind == InputKind.Dtmf && t.Input.Digits == "5");
        Assert.Contains("没听清", call.Gathers[1].Prompt); // no key is mapped at the identity question: no match, re-prompt
        Assert.Equal(1, call.Gathers[0].Verb["numDigits"]!.GetValue<int>());
    }

    [Fact]
    public async Task Dtmf_menu_keys_drive_a_script_that_maps_them()
    {
        var setup = CallSetup.Outbound("store-gift-pickup", "jy-4001", "pickup-reminder",
            member: new Dictionary<string, string> { ["surname"] = "王", ["title"] = "女士", ["store"] = "金缘珠宝万象城店" });
        var (call, conversation) = await CallAsync(setup, CallerAction.Say("是我"), CallerAction.Keys("1"), CallerAction.Keys("2"));

        Assert.Equal("will_visit_store", conversation.Outcome);
        Assert.Equal(["ask_sms_address"], conversation.Turns.Where(t => t.Input.Digits == "1").Select(t => t.Result.Waiting?.NodeId));
        Assert.True(call.HungUpByApp);
    }

    [Fact]
    public async Task Barge_in_is_allowed_when_the_script_allows_it()
    {
        var (call, conversation) = await CallAsync(Zhang(), CallerAction.Interrupt("是我,什么事"), CallerAction.Say("是的,你加吧"));

        var question = call.Heard.First(h => h.InGather);
        Assert.True(question.BargeInAllowed);
        Assert.True(question.Interrupted);
        Assert.True(call.Gathers[0].Verb["listenDuringPrompt"]!.GetValue<bool>());
        Assert.True(call.Gathers[0].DtmfBargeIn);
        Assert.Equal("wecom_add_consent", conversation.Outcome);
    }

    [Fact]
    public async Task Barge_in_is_refused_when_the_script_turns_it_off()
    {
        var (call, conversation) = await CallAsync(Zhang(VoiceScripts.DormantNoBargeIn), CallerAction.Interrupt("是我,什么事"), CallerAction.Say("是的,你加吧"));

        Assert.All(call.Gathers, g =>
        {
            Assert.False(g.BargeIn);
            Assert.False(g.DtmfBargeIn);
            Assert.False(g.ListenDuringPrompt);
            Assert.Null(g.Verb["minBargeinWordCount"]);
        });
        var question = call.Heard.First(h => h.InGather);
        Assert.False(question.Interrupted); // the prompt played in full
        Assert.Equal("wecom_add_consent", conversation.Outcome);
    }

    [Fact]
    public async Task Transfer_dials_the_queue_target_after_the_farewell_then_hangs_up()
    {
        var (call, conversation) = await CallAsync(Zhang(VoiceScripts.DormantWithTransfer), CallerAction.Say("是我"), CallerAction.Say("我要转人工"));

        Assert.Equal("transferred_to_human", conversation.Outcome);
        Assert.Contains(conversation.Actions, a => a.Type == ActionType.Transfer && a.Parameters["queue"] == "vip_advisor");
        var dial = Assert.Single(call.Dials);
        Assert.Equal("sip", dial.FirstTarget!["type"]!.GetValue<string>());
        Assert.Equal("sip:vip-advisors@pbx.example.cn", dial.FirstTarget!["sipUri"]!.GetValue<string>());
        Assert.Equal(["say", "dial", "hangup"], call.VerbNames.TakeLast(3));
        Assert.Contains("转接", call.Heard[^1].Text);
        Assert.Equal("app-hangup", call.EndedBy);
        Assert.Equal(4, call.Latencies.Count); // session:new, two gathers, the dial's result
    }

    [Fact]
    public async Task A_transfer_nobody_answers_gets_an_apology_and_a_hangup()
    {
        var emulator = _host.Emulator(o => new() { Endpoint = o.Endpoint, Username = o.Username, Password = o.Password, DialResult = "no-answer" });
        var setup = Zhang(VoiceScripts.DormantWithUnknownQueue);
        var call = await emulator.PlaceCallAsync(setup, new ScriptedCaller(CallerAction.Say("是我"), CallerAction.Say("帮我找顾问")));

        var dial = Assert.Single(call.Dials);
        Assert.Equal("phone", dial.FirstTarget!["type"]!.GetValue<string>()); // no target for night_shift: the default
        Assert.Equal("+864008860520", dial.FirstTarget!["number"]!.GetValue<string>());
        Assert.Contains("顾问暂时无法接听", call.Heard[^1].Text);
        Assert.True(call.HungUpByApp);
    }

    [Fact]
    public async Task A_gateway_disconnect_mid_call_ends_the_conversation_as_dropped()
    {
        var (call, conversation) = await CallAsync(Zhang(), CallerAction.Say("是我"), CallerAction.Drop());

        Assert.Equal("dropped", call.EndedBy);
        Assert.Equal(Outcomes.Dropped, conversation.Outcome);
        Assert.Equal(InputKind.Hangup, conversation.Turns[^1].Input.Kind);
        await WaitUntil(() => _host.Gateway.ActiveCalls == 0);
    }

    [Fact]
    public async Task Call_status_completed_mid_call_ends_with_hangup_and_failed_with_dropped()
    {
        var (_, hungUp) = await CallAsync(Zhang(), CallerAction.Say("是我"), CallerAction.HangUp());
        Assert.Equal(Outcomes.Hangup, hungUp.Outcome);

        var (_, failed) = await CallAsync(Zhang(), CallerAction.LineStatus("failed"));
        Assert.Equal(Outcomes.Dropped, failed.Outcome);
        await WaitUntil(() => _host.Gateway.ActiveCalls == 0);
    }

    [Fact]
    public async Task A_reconnect_resumes_the_same_call_where_it_was()
    {
        var (call, conversation) = await CallAsync(Zhang(), CallerAction.Say("是我"), CallerAction.Reconnect(), CallerAction.Say("是的,你加吧"));

        Assert.Equal(1, call.Reconnects);
        Assert.Equal("wecom_add_consent", conversation.Outcome);
        Assert.Single(conversation.Turns, t => t.Input.Kind == InputKind.Start);
        Assert.Contains(call.Latencies, l => l.MessageType == "session:reconnect");
        await Task.Delay(500); // longer than the reconnect grace: the old socket's close must not drop the call
        Assert.Equal("wecom_add_consent", conversation.Outcome);
    }

    [Fact]
    public async Task A_jambonz_error_is_logged_and_the_call_goes_on()
    {
        var (call, conversation) = await CallAsync(Zhang(), CallerAction.GatewayError("tts failed for 13812341234"), CallerAction.Say("是我"), CallerAction.Say("是的,你加吧"));

        Assert.Equal("wecom_add_consent", conversation.Outcome);
        Assert.Contains(_host.Logs.Lines, l => l.Text.Contains("jambonz reported an error", StringComparison.Ordinal) && l.Text.Contains("138****1234", StringComparison.Ordinal));
        Assert.Empty(call.Violations);
    }

    [Fact]
    public async Task Low_confidence_speech_and_recogniser_errors_become_no_match_and_no_input()
    {
        var (call, conversation) = await CallAsync(Zhang(), CallerAction.Mumble("是我", 0.12), CallerAction.RecognizerError(), CallerAction.HangUp());

        var lowConfidence = conversation.Turns.Single(t => t.Input.Kind == InputKind.Text).Input;
        Assert.Equal(0.12, lowConfidence.Confidence);
        Assert.Contains("没听清", call.Gathers[1].Prompt); // below the script's minimum confidence: no match
        Assert.Contains(conversation.Turns, t => t.Input.Kind == InputKind.NoInput);
        Assert.Contains(_host.Logs.Lines, l => l.Text.Contains("gather error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_log_line_carries_the_callers_number()
    {
        var setup = Zhang();
        await CallAsync(setup, CallerAction.Say("是我"), CallerAction.GatewayError("no route to +8613812341234"), CallerAction.Say("别再打了"));

        var logs = _host.Logs.All;
        Assert.Contains("138****1234", logs);
        Assert.DoesNotContain("13812341234", logs);
        Assert.DoesNotContain("4008860520", logs);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
