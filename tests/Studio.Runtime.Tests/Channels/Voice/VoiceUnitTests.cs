using Studio.Runtime.Conversations;
using System.Text;
using System.Text.Json;
using Studio.Core.Dialogs;
using Studio.Runtime.Channels.Voice;
using Studio.Runtime.Channels.Voice.Jambonz;

namespace Studio.Runtime.Tests.Channels.Voice;

/// <summary>The pieces without sockets: number masking, message parsing and the voice plan.</summary>
public sealed class VoiceUnitTests
{
    [Theory]
    [InlineData("13812341234", "138****1234")]
    [InlineData("+8613812341234", "138****1234")]
    [InlineData("sip:+8613812341234@10.0.0.1:5060", "138****1234")]
    [InlineData("<sip:13812341234@carrier.example.cn>", "138****1234")]
    [InlineData("02161234567", "021****4567")]
    [InlineData("1001", "****")]
    [InlineData("008613812341234", "138****1234")]
    [InlineData("8613812341234", "138****1234")]
    [InlineData("agent", "***")]
    [InlineData("", "")]
    public void Phone_numbers_are_masked(string number, string masked) => Assert.Equal(masked, PhoneMask.Mask(number));

    [Fact]
    public void Free_text_loses_every_long_digit_run()
    {
        Assert.Equal("dial 138****1234 failed (cause 486)", JambonzMessage.SafeForLog("dial +8613812341234 failed (cause 486)"));
    }

    private static JambonzMessage Parse(string json) => JambonzMessage.Parse(Encoding.UTF8.GetBytes(json))!;

    [Theory]
    [InlineData("""{"reason":"speechDetected","speech":{"alternatives":[{"transcript":" 是我 ","confidence":0.9}]}}""", "speech:是我:0.9")]
    [InlineData("""{"reason":"speechDetected","speech":{"transcripts":[{"alternatives":[{"transcript":"好的","confidence":0.7}]}]}}""", "speech:好的:0.7")]
    [InlineData("""{"reason":"speechDetected","speech":{"alternatives":[{"transcript":"好的"}]}}""", "speech:好的:")]
    [InlineData("""{"reason":"speechDetected","speech":{"alternatives":[]}}""", "none")]
    [InlineData("""{"reason":"stt-low-confidence","speech":{"alternatives":[{"transcript":"嗯","confidence":0.1}]}}""", "low:嗯:0.1")]
    [InlineData("""{"reason":"dtmfDetected","digits":"12"}""", "keys:12")]
    [InlineData("""{"reason":"timeout"}""", "none")]
    [InlineData("""{"reason":"error","details":"vendor down"}""", "none")]
    [InlineData("""{"reason":"somethingNew"}""", "none")]
    public void Gather_results_map_to_voice_inputs(string data, string expected)
    {
        var input = Parse($$"""{"type":"verb:hook","msgid":"m","call_sid":"c","hook":"/turn","data":{{data}}}""").ToVoiceInput();
        var actual = input switch
        {
            SpeechInput { LowConfidence: true } s => $"low:{s.Transcript}:{s.Confidence}",
            SpeechInput s => $"speech:{s.Transcript}:{s.Confidence}",
            DigitsInput d => "keys:" + d.Digits,
            _ => "none",
        };
        Assert.Equal(expected, actual.Replace(",", ".", StringComparison.Ordinal));
    }

    [Fact]
    public void Low_confidence_without_a_score_reaches_the_engine_as_zero_confidence()
    {
        var turn = VoiceCall.ToTurnInput(new SpeechInput("嗯", null, LowConfidence: true));
        Assert.Equal((InputKind.Text, 0.0), (turn.Kind, turn.Confidence!.Value));
    }

    [Fact]
    public void Session_new_yields_call_info_with_masked_numbers_and_customer_data()
    {
        var info = Parse("""
            {"type":"session:new","msgid":"m1","call_sid":"c1","data":{"direction":"outbound","from":"+864008860520","to":"+8613812341234",
             "customerData":{"memberId":"dr-1","scriptId":"dormant-reactivation","campaign":"c-11","seed":7,
               "member":{"surname":"张","title":"女士","tier":"VIP"},"arms":{"dormant-framing":"B"},"variables":{"wecom_link":"https://x"}}}}
            """).ToCallInfo();
        Assert.Equal("c1", info.CallSid);
        Assert.Equal(("138****1234", "400****0520"), (info.MaskedTo, info.MaskedFrom));
        Assert.Equal(("dr-1", "dormant-reactivation", "c-11"), (info.MemberId, info.ScriptId, info.Campaign));
        Assert.Equal(("dr-1", "张女士", "VIP", "138****1234"), (info.Member.Id, info.Member.Salutation, info.Member.Tier, info.Member.Phone));
        Assert.Equal("B", info.ForcedArms!["dormant-framing"]);
        Assert.Equal("https://x", info.Variables!["wecom_link"]);
        Assert.Equal(7UL, info.Seed);
        Assert.DoesNotContain("13812341234", JsonSerializer.Serialize(info.Member), StringComparison.Ordinal);
    }

    [Fact]
    public void Not_a_jambonz_message_is_not_parsed()
    {
        Assert.Null(JambonzMessage.Parse("[1,2]"u8));
        Assert.Null(JambonzMessage.Parse("{\"msgid\":\"x\"}"u8));
        Assert.Null(JambonzMessage.Parse("not json"u8));
    }

    private static ConversationTurn Turn(WaitInfo? waiting, bool ended, params TurnOutput[] outputs) => ConversationTurn.From("voice:test", new TurnResult
    {
        Outputs = outputs,
        State = new ConversationState { Status = ended ? ConversationStatus.Ended : ConversationStatus.Waiting },
        Trace = [],
        Waiting = waiting,
    });

    private static BotMessage Message(string node, string text, bool bargeIn = true) => new(node, text) { SpokenText = text, BargeIn = bargeIn };

    [Fact]
    public void The_plan_speaks_statements_and_asks_the_waiting_question_with_its_barge_in()
    {
        var plan = VoicePlanner.Plan(Turn(new WaitInfo("ask", 7, true, []), false,
            Message("intro", "您好,我是AI客服。", bargeIn: true), Message("ask", "请问是张女士吗?", bargeIn: false)), new VoiceOptions());
        Assert.Equal([new SpeakInstruction("您好,我是AI客服。"), new ListenInstruction("请问是张女士吗?", 7, false)], plan);
    }

    [Fact]
    public void A_waiting_turn_without_a_question_still_listens()
    {
        var plan = VoicePlanner.Plan(Turn(new WaitInfo("ask", 5, true, []), false, Message("other", "好的。")), new VoiceOptions());
        Assert.Equal([new SpeakInstruction("好的。"), new ListenInstruction(null, 5, true)], plan);
    }

    [Fact]
    public void An_ended_turn_says_its_farewell_transfers_then_hangs_up_and_skips_an_unconfigured_transfer()
    {
        var transfer = new ActionRequest("act", Studio.Core.Scripts.ActionType.Transfer, new Dictionary<string, string> { ["queue"] = "q1" });
        var turn = Turn(null, true, transfer, Message("end", "正在为您转接。"), new ConversationEnded("end", "transferred_to_human", 'B'));

        var withTarget = new VoiceOptions { TransferTargets = { ["q1"] = new VoiceTransferTarget { Type = "sip", SipUri = "sip:q1@pbx" } } };
        var plan = VoicePlanner.Plan(turn, withTarget);
        Assert.Equal(3, plan.Count);
        Assert.IsType<SpeakInstruction>(plan[0]);
        Assert.Equal("sip:q1@pbx", Assert.IsType<TransferInstruction>(plan[1]).Target!.SipUri);
        Assert.IsType<HangUpInstruction>(plan[2]);

        var verbs = JambonzVerbs.Build(VoicePlanner.Plan(turn, new VoiceOptions()), new JambonzOptions(), new VoiceOptions());
        Assert.Equal(["say", "hangup"], verbs.Select(v => v!["verb"]!.GetValue<string>()));
    }

    [Fact]
    public void Gather_waits_for_hash_when_dtmf_digits_are_unbounded()
    {
        var gather = JambonzVerbs.Gather(new ListenInstruction("请输入", 8, true), new JambonzOptions { DtmfDigits = 0 });
        Assert.Equal("#", gather["finishOnKey"]!.GetValue<string>());
        Assert.Null(gather["numDigits"]);
    }
}
