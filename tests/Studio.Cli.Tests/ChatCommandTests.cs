namespace Studio.Cli.Tests;

public sealed class ChatCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _script;

    public ChatCommandTests() => _script = _dir.Write("mini.json", Scripts.Good);

    public void Dispose() => _dir.Dispose();

    private CliRun Chat(string input, params string[] options) => Cli.RunWithInput(input, ["chat", _script, .. options]);

    /// <summary>The lines printed after the line echoing this input.</summary>
    private static string[] After(CliRun run, string input) => run.OutLines.SkipWhile(l => l != "you> " + input).Skip(1).TakeWhile(l => !l.StartsWith("you> ", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void The_opening_turn_greets_the_member_and_shows_where_the_bot_waits()
    {
        var run = Chat("", "--member", "surname=张", "--member", "title=女士");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("bot> 您好,我是速品的智能客服小速,请问是张女士吗?", run.OutLines);
        Assert.Contains(run.OutLines, l => l.StartsWith("  · ", StringComparison.Ordinal) && l.Contains("node greet", StringComparison.Ordinal));
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void Piped_text_is_recognised_and_the_next_node_is_shown_with_the_intent()
    {
        var run = Chat("好的\n", "--arm", "A");

        var turn = After(run, "好的");
        Assert.Contains("bot> 送您一张30元无门槛优惠券,有效期30天。", turn);
        Assert.Contains("bot> 我加您企业微信把券发给您,好吗?", turn);
        var info = Assert.Single(turn, l => l.StartsWith("  · ", StringComparison.Ordinal));
        Assert.Contains("intent affirm 0.", info, StringComparison.Ordinal);
        Assert.Contains("by rule", info, StringComparison.Ordinal);
        Assert.Contains("node ask_add", info, StringComparison.Ordinal);
        Assert.Contains("arm coupon-size=A", info, StringComparison.Ordinal);
    }

    [Fact]
    public void Silence_reprompts_then_follows_the_no_input_route()
    {
        var run = Chat("/silence\n/silence\n");

        var first = After(run, "/silence");
        Assert.Contains("bot> 您好,我是速品的智能客服小速,请问是您吗?", first);
        Assert.Contains(first, l => l.Contains("no input", StringComparison.Ordinal) && l.Contains("node greet", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.Contains("ended at end_wrong", StringComparison.Ordinal) && l.Contains("outcome wrong_person · grade F", StringComparison.Ordinal));
    }

    [Fact]
    public void Hangup_ends_with_outcome_and_grade()
    {
        var run = Chat("/hangup\n");

        Assert.Equal(0, run.ExitCode);
        var info = Assert.Single(After(run, "/hangup"), l => l.StartsWith("  · ", StringComparison.Ordinal));
        Assert.Contains("outcome hangup · grade C", info, StringComparison.Ordinal);
        Assert.Contains(run.OutLines, l => l.Contains("conversation ended", StringComparison.Ordinal));
    }

    [Fact]
    public void The_whole_flow_requests_the_wecom_add_and_ends_with_grade_A()
    {
        var run = Chat("是我\n好的\n", "--arm", "coupon-size=B");

        var last = After(run, "好的");
        Assert.Contains("bot> 好的,稍后加您,再见!", last);
        var info = Assert.Single(last, l => l.StartsWith("  · ", StringComparison.Ordinal));
        Assert.Contains("action wecom_add(offer=c50)", info, StringComparison.Ordinal);
        Assert.Contains("arm coupon-size=B", info, StringComparison.Ordinal);
        Assert.Contains("outcome wecom_add_consent · grade A", info, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_are_mapped_to_intents()
    {
        var run = Chat("是的\n/dtmf 2\n");

        Assert.Contains(After(run, "/dtmf 2"), l => l.Contains("outcome refused · grade D", StringComparison.Ordinal));
    }

    [Fact]
    public void A_global_intent_is_answered_and_the_question_asked_again()
    {
        var run = Chat("你是机器人吗\n");

        var turn = After(run, "你是机器人吗");
        Assert.Contains("bot> 我是速品的智能助理小速。", turn);
        Assert.Contains(turn, l => l.Contains("intent ask_is_robot", StringComparison.Ordinal) && l.Contains("global answer", StringComparison.Ordinal) && l.Contains("node greet", StringComparison.Ordinal));
    }

    [Fact]
    public void Voice_shows_the_spoken_form_when_it_differs_and_wecom_shows_the_card()
    {
        var voice = Chat("好的\n", "--arm", "A", "--channel", "voice");
        Assert.Contains(After(voice, "好的"), l => l.Trim() == "tts: 送您一张三十元无门槛优惠券,有效期三十天。");

        var wecom = Chat("好的\n", "--arm", "A", "--channel", "wecom");
        var turn = After(wecom, "好的");
        Assert.DoesNotContain(turn, l => l.Contains("tts:", StringComparison.Ordinal));
        Assert.Contains(turn, l => l.Trim() == "[link card] 领取您的优惠券 · 点击领取 · https://example.com/coupon");
    }

    [Fact]
    public void Vars_shows_arms_offer_and_member()
    {
        var run = Chat("好的\n/vars\n", "--arm", "B", "--member", "id=m-9", "--member", "tier=VIP");

        var vars = After(run, "/vars");
        Assert.Contains("  arms: coupon-size=B", vars);
        Assert.Contains("  offer: c50 (满299减50元优惠券)", vars);
        Assert.Contains(vars, l => l.StartsWith("  member: id=m-9", StringComparison.Ordinal) && l.Contains("tier=VIP", StringComparison.Ordinal));
        Assert.Contains("  intents: affirm", vars);
    }

    [Fact]
    public void Restart_starts_over_and_quit_stops_reading()
    {
        var run = Chat("/hangup\n/restart\n/quit\n好的\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("bot> 您好,我是速品的智能客服小速,请问是您吗?", After(run, "/restart"));
        Assert.DoesNotContain("you> 好的", run.OutLines);
    }

    [Fact]
    public void Input_after_the_end_is_not_sent_and_unknown_commands_are_explained()
    {
        var run = Chat("/hangup\n好的\n/frob\n");

        Assert.Contains(After(run, "好的"), l => l.Contains("the conversation has ended (hangup)", StringComparison.Ordinal));
        Assert.Contains(After(run, "/frob"), l => l.Contains("unknown command /frob", StringComparison.Ordinal));
    }

    [Fact]
    public void Help_lists_the_chat_commands()
    {
        var help = After(Chat("/help\n"), "/help");

        foreach (var command in new[] { "/silence", "/dtmf", "/hangup", "/timer", "/restart", "/vars", "/help", "/quit" })
        {
            Assert.Contains(help, l => l.TrimStart().StartsWith(command, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_bare_arm_that_no_split_has_is_a_usage_error()
    {
        var run = Chat("", "--arm", "Z");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains("no split has an arm 'Z'", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_experiment_is_a_usage_error()
    {
        var run = Chat("", "--arm", "nope=A");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no split runs experiment 'nope'", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_option_without_equals_is_a_usage_error()
    {
        var run = Chat("", "--member", "张");

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
    }

    [Fact]
    public void A_missing_file_is_a_usage_error()
    {
        var run = Cli.Run("chat", Path.Join(_dir.Path, "missing.json"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"studio: file not found: {Path.Join(_dir.Path, "missing.json")}"], run.ErrorLines);
    }

    [Fact]
    public void Malformed_json_fails_with_the_located_problem()
    {
        var broken = _dir.Write("oops.json", Scripts.Malformed);

        var run = Cli.Run("chat", broken);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.StartsWith($"{broken}:4: error SS001 at $: malformed JSON", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }
}
