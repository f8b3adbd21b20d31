using Studio.Core.Recognition;
using Studio.Nlu.Normalization;
using Studio.Nlu.Rules;

namespace Studio.Nlu.Tests.Rules;

public class RuleRecognizerTests
{
    private static readonly RuleSet ScriptRules = RuleSet.ForScript(TestNlu.Script);

    private static RuleOutcome R(string text, RuleSet? rules = null, params string[] expected) =>
        RuleRecognizer.Recognize(TextNormalizer.Default.Normalize(text), rules ?? RuleSet.System, expected);

    [Theory]
    [InlineData("需要", SystemIntents.Affirm)]
    [InlineData("不需要", SystemIntents.Deny)]
    [InlineData("我真的不需要", SystemIntents.Deny)]
    [InlineData("没兴趣", SystemIntents.Deny)]
    [InlineData("不感兴趣", SystemIntents.Deny)]
    [InlineData("感兴趣", SystemIntents.Affirm)]
    [InlineData("是我", SystemIntents.Affirm)]
    [InlineData("不是我", SystemIntents.Deny)]
    public void A_negation_is_not_its_positive(string text, string expected) => Assert.Equal(expected, R(text).Intent);

    [Theory]
    [InlineData("不太需要")]
    [InlineData("不是很需要")]
    [InlineData("没有需要")]
    public void A_negator_before_a_yes_word_makes_a_no(string text)
    {
        var outcome = R(text);
        Assert.Equal(SystemIntents.Deny, outcome.Intent);
        Assert.Contains("negated", outcome.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("不是不要")]
    [InlineData("不是不需要")]
    [InlineData("也不是不想")]
    public void A_double_negation_is_a_yes(string text)
    {
        var outcome = R(text);
        Assert.Equal(SystemIntents.Affirm, outcome.Intent);
        Assert.Contains("double negation", outcome.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_double_negation_with_a_reason_gives_the_reason()
    {
        Assert.Equal(SystemIntents.Busy, R("不是不需要，是现在没空").Intent);
    }

    [Theory]
    [InlineData("要不要钱", SystemIntents.AskPrice)]
    [InlineData("你是不是机器人", SystemIntents.AskIsRobot)]
    [InlineData("贵不贵", SystemIntents.AskPrice)]
    public void An_a_not_a_question_is_not_a_negation(string text, string expected)
    {
        var outcome = R(text);
        Assert.Equal(expected, outcome.Intent);
        Assert.DoesNotContain(outcome.Matches, m => m.Intent == SystemIntents.Deny);
    }

    [Theory]
    [InlineData("不好意思，我不需要", SystemIntents.Deny)]
    [InlineData("对不起，你们是哪里", SystemIntents.AskIdentity)]
    public void Neutral_phrases_do_not_count_as_yes_or_no(string text, string expected)
    {
        var outcome = R(text);
        Assert.Equal(expected, outcome.Intent);
        Assert.DoesNotContain(outcome.Matches, m => m.Rule.Text is "不好" or "对");
    }

    [Theory]
    [InlineData("别再打了，我不买", SystemIntents.OptOut)]
    [InlineData("好的，不过我在开车", SystemIntents.Busy)]
    [InlineData("不用了，我已经加了", SystemIntents.AlreadyDone)]
    [InlineData("你是机器人吧，我不需要", SystemIntents.AskIsRobot)]
    [InlineData("不去，最近没空逛街", SystemIntents.Deny)]
    [InlineData("天天打电话烦死了，我要投诉", SystemIntents.Complaint)]
    public void Priority_orders_intents_said_together(string text, string expected) => Assert.Equal(expected, R(text).Intent);

    [Theory]
    [InlineData("谢谢，不用了", SystemIntents.Deny)]
    [InlineData("好的，谢谢", SystemIntents.Affirm)]
    [InlineData("好，你晚点打吧", SystemIntents.Busy)]
    public void Courtesy_words_decide_only_alone(string text, string expected) => Assert.Equal(expected, R(text).Intent);

    [Theory]
    [InlineData("可以，手机号就是微信", "same_number")]
    [InlineData("可以，不过微信不是这个号", "other_wechat")]
    [InlineData("对，就是这个号", "same_number")]
    public void Script_keywords_are_more_specific_than_a_yes(string text, string expected) => Assert.Equal(expected, R(text, ScriptRules).Intent);

    [Fact]
    public void A_script_example_said_exactly_is_a_phrase_match()
    {
        var outcome = R("我的微信是别的号码!", ScriptRules);
        Assert.Equal("other_wechat", outcome.Intent);
        Assert.Equal(RuleRecognizer.PhraseConfidence, outcome.Confidence);
        Assert.Equal(RuleKind.Phrase, outcome.Decisive!.Rule.Kind);
    }

    [Fact]
    public void A_negated_script_keyword_does_not_count()
    {
        var rules = RuleSet.Create([new IntentRule("claim", RuleKind.Keyword, "领取", SystemRules.ScriptPriority, RuleSource.Script)], TextNormalizer.Default);
        Assert.Equal("claim", R("我要领取", rules).Intent);
        var negated = R("不想领取", rules);
        Assert.NotEqual("claim", negated.Intent);
        Assert.Contains("negates claim", negated.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_explanation_names_the_rule_that_decided()
    {
        var outcome = R("不要再打了");
        Assert.Equal(SystemIntents.OptOut, outcome.Intent);
        Assert.StartsWith("rule: system keyword '不要再打' → opt_out", outcome.Explanation, StringComparison.Ordinal);
        Assert.Equal("不要再打", outcome.Decisive!.Rule.Text);
    }

    [Fact]
    public void Patterns_match_word_orders_keywords_miss()
    {
        var outcome = R("把我的号码从你们系统删掉");
        Assert.Equal(SystemIntents.OptOut, outcome.Intent);
        Assert.Equal(RuleKind.Pattern, outcome.Decisive!.Rule.Kind);
    }

    [Fact]
    public void An_expected_intent_wins_over_one_the_question_cannot_use()
    {
        var rules = RuleSet.Create([new IntentRule("callback_weekend", RuleKind.Keyword, "周末", SystemRules.ScriptPriority, RuleSource.Script)], TextNormalizer.Default);
        Assert.Equal("callback_weekend", R("好啊，我周末过去", rules).Intent);
        var inContext = R("好啊，我周末过去", rules, SystemIntents.Affirm, SystemIntents.Deny);
        Assert.Equal(SystemIntents.Affirm, inContext.Intent);
        Assert.Contains("preferred expected 'affirm'", inContext.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_whole_utterance_matched_is_surer_than_a_word_in_a_long_sentence()
    {
        var whole = R("不需要");
        var part = R("我这个人吧其实一般来说不需要");
        Assert.Equal(SystemIntents.Deny, part.Intent);
        Assert.True(whole.Confidence > part.Confidence, $"{whole.Confidence} vs {part.Confidence}");
    }

    [Theory]
    [InlineData("今天天气怎么样")]
    [InlineData("")]
    public void Nothing_matches_unrelated_text(string text) => Assert.Null(R(text).Intent);

    [Fact]
    public void Every_canonical_system_intent_but_out_of_scope_has_rules()
    {
        foreach (var intent in SystemIntents.All.Where(i => i != SystemIntents.OutOfScope))
        {
            Assert.Contains(SystemRules.All, r => r.Intent == intent);
        }
    }
}
