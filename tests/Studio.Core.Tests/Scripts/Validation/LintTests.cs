using Studio.Core.Scripts;
using Studio.Core.Scripts.Validation;
using static Studio.Core.Tests.Scripts.Validation.Lint;

namespace Studio.Core.Tests.Scripts.Validation;

public class VoicePromptLintTests
{
    private const string Farewell = "好的,稍后加您,再见!";

    [Fact]
    public void A_voice_prompt_longer_than_the_budget_is_a_warning()
    {
        var text = string.Concat(Enumerable.Repeat("欢迎您光临本店,", 13)) + "谢谢您啦再见"; // 13 × 8 + 6 = 110 characters
        Assert.Equal(110, text.Length);
        var json = Clean.With(Farewell, text);

        AssertOnly(Validate(json), Warning(DiagnosticCodes.LongVoicePrompt,
            "voice prompt takes about 24.4 s to speak (110 characters at ~4.5 characters/s); keep it under 20 s: shorten it or split it over two nodes",
            "$.nodes[4].message.text", "end_ok", 19));
    }

    [Fact]
    public void The_budget_comes_from_the_voice_settings()
    {
        var json = Clean
            .AddTopLevel("\"settings\": {\"voice\": {\"maxPromptSeconds\": 6}}")
            .With(Farewell, "好的,稍后加您,祝您生活愉快,工作顺利,身体健康,万事如意,再见!"); // 33 characters ≈ 7.3 s

        AssertOnly(Validate(json), Warning(DiagnosticCodes.LongVoicePrompt,
            "voice prompt takes about 7.3 s to speak (33 characters at ~4.5 characters/s); keep it under 6 s: shorten it or split it over two nodes",
            "$.nodes[4].message.text", "end_ok", 20));
    }

    [Fact]
    public void Each_variation_is_measured_and_voice_text_replaces_them_when_set()
    {
        var longText = new string('好', 100);
        var json = Clean.With("{\"text\": \"" + Farewell + "\"}", $"{{\"variations\": [\"再见\", \"{longText}\"]}}");
        var withVoice = Clean.With("{\"text\": \"" + Farewell + "\"}", $"{{\"variations\": [\"{longText}\"], \"voice\": {{\"text\": \"{longText}好\"}}}}");

        Assert.Equal("$.nodes[4].message.variations[1]", Assert.Single(Validate(json)).Path);
        Assert.Equal("$.nodes[4].message.voice.text", Assert.Single(Validate(withVoice)).Path);
    }

    [Fact]
    public void WeCom_only_scripts_are_not_measured()
    {
        var json = Clean.With("\"channels\": [\"voice\"]", "\"channels\": [\"wecom\"]").With(Farewell, new string('好', 200));

        Assert.Empty(Validate(json));
    }

    [Theory]
    [InlineData("您好", 2)]
    [InlineData("您好{{member.salutation}}", 5)] // a placeholder counts as a few characters
    [InlineData("送您{{offer.description}}", 11)] // the offer's description counts as a phrase
    [InlineData("满199减30", 9)] // 满一百九十九减三十
    [InlineData("电话 400-820-8820", 12)] // 电话 + ten digits read one by one; spaces are free
    public void Characters_are_estimated_as_spoken(string template, int characters)
    {
        Assert.Equal(characters, VoicePromptLint.EstimateCharacters(template));
    }
}

public class AbsoluteTermLintTests
{
    private const string Farewell = "好的,稍后加您,再见!";

    [Fact]
    public void An_absolute_term_is_a_warning_with_the_phrase_around_it()
    {
        var json = Clean.With(Farewell, "这是全网最低价,再见!");

        AssertOnly(Validate(json), Warning(DiagnosticCodes.AbsoluteTerm,
            "absolute advertising term '全网最低' in \"这是全网最低价,再见…\" (广告法 第九条): reword it, or add the lawful phrase to allowedTerms",
            "$.nodes[4].message.text", "end_ok", 19));
    }

    [Fact]
    public void Several_terms_in_one_text_make_one_warning()
    {
        var json = Clean.With("以后不再打扰您。", "我们是行业第一的顶级品牌。");

        AssertOnly(Validate(json), Warning(DiagnosticCodes.AbsoluteTerm,
            "absolute advertising terms '第一' in \"…们是行业第一的顶级品…\", '顶级' in \"…业第一的顶级品牌。\" (广告法 第九条): reword them, or add the lawful phrases to allowedTerms",
            "$.globalIntents[1].message.text", null, 12));
    }

    [Theory]
    [InlineData("活动最后一天,最近天气冷,最终解释权归品牌所有")]
    [InlineData("每人最多可领3张,最少消费1件")]
    [InlineData("第一次购买送小样,第一时间通知您")]
    [InlineData("请在最佳食用期内食用")]
    [InlineData("有最新消息我再联系您")]
    public void Lawful_phrases_are_allowed_by_default(string text)
    {
        var json = Clean.With(Farewell, text);

        Assert.Empty(Validate(json));
    }

    [Fact]
    public void The_script_and_the_options_can_allow_more_phrases()
    {
        var json = Clean.With(Farewell, "这是本品牌最新款,再见");

        Assert.Single(Validate(json));
        Assert.Empty(Validate(json.AddTopLevel("\"allowedTerms\": [\"本品牌最新款\"]")));
        Assert.Empty(Validate(json, new ValidationOptions { AllowedTerms = ["本品牌最新款"] }));
    }

    [Fact]
    public void Health_and_financial_claims_cannot_be_allowed()
    {
        var json = Clean.With(Farewell, "这款面霜最有效,再见").AddTopLevel("\"allowedTerms\": [\"最有效\", \"面霜最\"]");

        AssertOnly(Validate(json), Warning(DiagnosticCodes.AbsoluteTerm,
            "absolute advertising term '最' in \"这款面霜最有效,再…\" (广告法 第九条): reword it, or add the lawful phrase to allowedTerms; health, medical and financial-return claims cannot be allowlisted",
            "$.nodes[4].message.text", "end_ok", 20));
    }

    [Fact]
    public void Terms_do_not_join_across_a_placeholder_and_every_prose_field_is_checked()
    {
        // 史{{x}}上 is not 史上; the WeCom card title and an SMS body are prose too.
        var json = Clean
            .AddTopLevel("\"variables\": [{\"name\": \"x\"}]")
            .With(Farewell, "史{{x}}上再见")
            .With("{\"text\": \"我加您企业微信发给您好吗?\"}", "{\"text\": \"我加您企业微信发给您好吗?\", \"wecom\": {\"type\": \"link\", \"title\": \"独家福利\", \"url\": \"https://a.example/\"}}")
            .With("\"action\": \"wecom_add\",", "\"action\": \"sms\", \"text\": \"首选好礼\",");

        Assert.Equal(
            [("$.nodes[2].message.wecom.title", "独家"), ("$.nodes[3].text", "首选")],
            Validate(json).Select(d => (d.Path, d.Message.Split('\'')[1])));
    }

    [Fact]
    public void Finds_the_longest_term_and_skips_allowed_ones()
    {
        var findings = AbsoluteTerms.Find("最后一天,最佳选择,最好", AbsoluteTerms.DefaultAllowed);

        Assert.Equal([new AbsoluteTerms.Finding("最佳", 5, false), new AbsoluteTerms.Finding("最", 10, false)], findings);
    }
}

public class ConsentLintTests
{
    private const string Opening = "您好,我是速品的智能客服小速,请问是{{member.salutation}}吗?";

    [Fact]
    public void A_call_that_does_not_say_it_is_an_AI_before_the_first_question_is_a_warning()
    {
        var json = Clean.With(Opening, "您好,我是速品的小速,请问是{{member.salutation}}吗?");

        AssertOnly(Validate(json), Warning(DiagnosticCodes.NoAiDisclosure,
            "the call does not say it is an AI before the first question ('greet'): say so in the opening, e.g. 我是{{brand.name}}的智能客服 (人工智能生成合成内容标识办法)",
            "$.nodes[0].message", "greet", 15));
    }

    [Fact]
    public void A_disclosure_in_an_opening_say_node_counts_on_every_path()
    {
        var json = Clean
            .With(Opening, "请问是{{member.salutation}}吗?")
            .With("\"name\": \"校验测试\",", "\"name\": \"校验测试\", \"start\": \"hello\",")
            .AddNodes("""{"id": "hello", "kind": "say", "message": {"variations": ["您好,我是AI助理小速。", "您好,这里是速品的智能语音助理。"]}, "routes": {"next": "greet"}}""");

        Assert.Empty(Validate(json));
    }

    [Fact]
    public void Every_variation_of_the_opening_must_disclose()
    {
        var json = Clean.With("{\"text\": \"" + Opening + "\"}", "{\"variations\": [\"" + Opening + "\", \"您好,请问是{{member.salutation}}吗?\"]}");

        Assert.Equal(DiagnosticCodes.NoAiDisclosure, Assert.Single(Validate(json)).Code);
    }

    [Fact]
    public void AI_must_stand_as_a_word()
    {
        Assert.True(ConsentLints.Discloses("我是AI客服"));
        Assert.True(ConsentLints.Discloses("ai助理"));
        Assert.False(ConsentLints.Discloses("请查收MAIL"));
    }

    [Fact]
    public void WeCom_scripts_need_no_voice_disclosure()
    {
        var json = Clean.With("\"channels\": [\"voice\"]", "\"channels\": [\"wecom\"]").With(Opening, "您好,请问是{{member.salutation}}吗?");

        Assert.Empty(Validate(json));
    }

    [Fact]
    public void Without_an_opt_out_global_intent_every_ask_without_an_opt_out_route_is_a_warning()
    {
        var json = Clean
            .With(",\n    {\"intent\": \"opt_out\", \"message\": {\"text\": \"好的,以后不再打扰您。\"}, \"then\": \"end_optout\"}", "")
            .With("\"deny\": \"end_wrong\"", "\"deny\": \"end_wrong\", \"opt_out\": \"end_optout\"");

        AssertOnly(Validate(json), Warning(DiagnosticCodes.OptOutUnreachable,
            "the member cannot opt out here: add an 'opt_out' route, or a global intent opt_out that ends the conversation (个人信息保护法 第二十四条)",
            "$.nodes[2].routes", "ask_add", 16));
    }

    [Fact]
    public void An_opt_out_that_returns_to_the_question_is_a_warning()
    {
        var json = Clean.With("\"then\": \"end_optout\"", "\"then\": \"return\"");

        var diagnostics = Validate(json);

        AssertHas(diagnostics, Warning(DiagnosticCodes.OptOutNotHonoured,
            "opting out returns to the question instead of ending the conversation: set 'then' to an end node (outcome opt_out)", "$.globalIntents[1].then", null, 12));
        Assert.Equal(DiagnosticCodes.UnreachableNode, Assert.Single(diagnostics, d => d.IsError).Code); // end_optout lost its only way in
    }

    [Fact]
    public void An_opt_out_route_that_asks_again_is_a_warning()
    {
        var json = Clean.With("\"deny\": \"end_wrong\"", "\"deny\": \"end_wrong\", \"opt_out\": \"ask_add\"");

        AssertOnly(Validate(json), Warning(DiagnosticCodes.OptOutNotHonoured,
            "opting out leads to the question 'ask_add' instead of ending the conversation: route opt_out to an end node (outcome opt_out)",
            "$.nodes[0].routes.opt_out", "greet", 15));
    }

    [Fact]
    public void A_voice_script_without_an_honest_robot_answer_is_a_warning()
    {
        var json = Clean.With("\n    {\"intent\": \"ask_is_robot\", \"message\": {\"text\": \"是的,我是{{brand.name}}的智能客服{{brand.assistant}}。\"}},", "");

        AssertOnly(Validate(json), Warning(DiagnosticCodes.NoRobotAnswer,
            "nothing answers 'are you a robot?' (ask_is_robot): add a global intent ask_is_robot whose message says the member is talking to an AI, e.g. 是的,我是{{brand.name}}的智能客服",
            "$.globalIntents", null, 10));
    }

    [Fact]
    public void A_robot_answer_that_dodges_the_question_is_a_warning()
    {
        var json = Clean.With("是的,我是{{brand.name}}的智能客服{{brand.assistant}}。", "我是{{brand.name}}的{{brand.assistant}}呀。");

        AssertOnly(Validate(json), Warning(DiagnosticCodes.NoRobotAnswer,
            "the answer to 'are you a robot?' (ask_is_robot) does not say the bot is an AI: answer honestly, e.g. 是的,我是{{brand.name}}的智能客服",
            "$.globalIntents[0].message", null, 11));
    }
}
