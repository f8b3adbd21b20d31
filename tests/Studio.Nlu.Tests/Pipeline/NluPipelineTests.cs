using Studio.Core.Dialogs;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Core.Testing.Dialogs;
using Studio.Nlu.Entities;
using Studio.Nlu.Pipeline;

namespace Studio.Nlu.Tests.Pipeline;

public class NluPipelineTests
{
    private static IntentResult R(string text, params string[] expected) => TestNlu.Pipeline.Recognize(TestNlu.System, text, expected);

    [Fact]
    public void A_result_carries_intent_confidence_decider_alternatives_entities_and_normalised_text()
    {
        var result = R("我在開車呢，明天下午三點再打吧");
        Assert.Equal(SystemIntents.Busy, result.Intent);
        Assert.Contains(result.DecidedBy, new[] { DecidedBy.Rule, DecidedBy.Ml });
        Assert.InRange(result.Confidence, 0.6, 1);
        Assert.Equal("我在开车 明天下午3点再打吧", result.NormalizedText);
        Assert.Equal(3, result.Alternatives.Count);
        Assert.DoesNotContain(result.Alternatives, a => a.Intent == result.Intent);
        Assert.True(result.Entities.ContainsKey(EntityNames.CallbackTime));
        Assert.Contains("system keyword '在开车' → busy", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_answer_that_is_all_keyword_is_decided_by_the_rule()
    {
        var result = R("我在開車呢");
        Assert.Equal((SystemIntents.Busy, DecidedBy.Rule), (result.Intent, result.DecidedBy));
        Assert.InRange(result.Confidence, 0.95, 0.99);
        Assert.StartsWith("rule: system keyword '在开车' → busy", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_rule_the_classifier_decides_with_a_calibrated_probability()
    {
        var result = R("这个月手头有点紧");
        Assert.Equal(DecidedBy.Ml, result.DecidedBy);
        Assert.StartsWith("ml", result.Explanation, StringComparison.Ordinal);
        Assert.InRange(result.Confidence, 0, 1);
    }

    [Theory]
    [InlineData("你是机器人吗", SystemIntents.AskIsRobot)]
    [InlineData("以后别给我打电话了", SystemIntents.OptOut)]
    [InlineData("不需要，谢谢", SystemIntents.Deny)]
    [InlineData("好的呀", SystemIntents.Affirm)]
    [InlineData("嗯", SystemIntents.Affirm)]
    [InlineData("你们怎么有我电话的", SystemIntents.AskHowGotNumber)]
    [InlineData("打错了，没这个人", SystemIntents.WrongPerson)]
    [InlineData("多少钱", SystemIntents.AskPrice)]
    [InlineData("你再说一遍", SystemIntents.AskRepeat)]
    [InlineData("已经加过了", SystemIntents.AlreadyDone)]
    [InlineData("天天打电话烦死了，我要投诉", SystemIntents.Complaint)]
    [InlineData("具体是什么活动", SystemIntents.AskDetail)]
    [InlineData("你是哪个公司的", SystemIntents.AskIdentity)]
    [InlineData("我在开会", SystemIntents.Busy)]
    public void Recognises_the_system_intents(string text, string expected) => Assert.Equal(expected, R(text).Intent);

    [Theory]
    [InlineData("今天天气怎么样")]
    [InlineData("股票今天涨了吗")]
    [InlineData("")]
    public void Unrelated_talk_is_out_of_scope(string text) => Assert.Equal(SystemIntents.OutOfScope, R(text).Intent);

    [Fact]
    public void An_unsure_classifier_is_rejected_as_out_of_scope()
    {
        var strict = new NluPipeline(new NluOptions { RejectBelow = 0.999, RuleDecisiveConfidence = 1.1 });
        var loose = new NluPipeline(new NluOptions { RejectBelow = 0, RejectUnsupportedBelow = 0, RuleDecisiveConfidence = 1.1 });
        const string text = "你几岁了"; // the classifier's best guess is an in-domain intent
        Assert.NotEqual(SystemIntents.OutOfScope, loose.Recognize(TestNlu.System, text).Intent);
        var result = strict.Recognize(TestNlu.System, text);
        Assert.Equal(SystemIntents.OutOfScope, result.Intent);
        Assert.StartsWith("rejected", result.Explanation, StringComparison.Ordinal);
        Assert.NotEmpty(result.Alternatives);
    }

    [Fact]
    public void A_classifier_guess_no_keyword_supports_needs_more_confidence()
    {
        var lenient = new NluPipeline(new NluOptions { RejectUnsupportedBelow = 0 });
        const string text = "我家那只最近不爱动"; // the classifier leans to deny, but no word of any intent is in it
        var guess = lenient.Recognize(TestNlu.System, text);
        Assert.NotEqual(SystemIntents.OutOfScope, guess.Intent);
        Assert.InRange(guess.Confidence, NluOptions.Default.RejectBelow, NluOptions.Default.RejectUnsupportedBelow);
        var result = R(text);
        Assert.Equal(SystemIntents.OutOfScope, result.Intent);
        Assert.Contains("no rule supports it", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Phone_numbers_are_masked_in_every_output()
    {
        var result = R("我微信是13812345678，你加吧");
        Assert.DoesNotContain("12345678", result.NormalizedText, StringComparison.Ordinal);
        Assert.DoesNotContain("12345678", result.Explanation ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(result.Entities.Values, v => v.Contains("12345678", StringComparison.Ordinal));
        Assert.Equal("138****5678", result.Entities[EntityNames.Phone]);
        Assert.Contains("138****5678", result.NormalizedText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_typed_keypad_digit_answers_a_yes_no_question()
    {
        var yes = R("1", SystemIntents.Affirm, SystemIntents.Deny);
        Assert.Equal((SystemIntents.Affirm, DecidedBy.Dtmf), (yes.Intent, yes.DecidedBy));
        Assert.Equal(SystemIntents.Deny, R("2", SystemIntents.Affirm, SystemIntents.Deny).Intent);
        Assert.NotEqual(DecidedBy.Dtmf, R("1").DecidedBy); // no yes/no question: a digit is just a digit
    }

    [Fact]
    public void Close_scores_go_to_an_intent_the_question_expects()
    {
        var loose = new NluPipeline(new NluOptions { ExpectedMargin = 2.0, RuleDecisiveConfidence = 1.1, RejectBelow = 0, RejectUnsupportedBelow = 0 });
        var free = loose.Recognize(TestNlu.System, "我在开车");
        Assert.Equal(SystemIntents.Busy, free.Intent);
        var target = free.Alternatives.First(a => a.Intent != SystemIntents.OutOfScope).Intent;
        var constrained = loose.Recognize(TestNlu.System, "我在开车", [target]);
        Assert.Equal(target, constrained.Intent);
        Assert.Contains("preferred expected", constrained.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_intents_are_recognised_through_the_engine_interface()
    {
        var pipeline = new NluPipeline();
        var request = new RecognitionRequest("可以啊，我手机号就是微信", null, TestNlu.Script, ["affirm", "same_number", "other_wechat", "deny"], Channel.Voice);
        var result = ((IIntentRecognizer)pipeline).Recognize(request);
        Assert.Equal("same_number", result.Intent);
        Assert.Equal("other_wechat", pipeline.Recognize(request with { Text = "微信号跟手机号不一样的" }).Intent);
    }

    [Fact]
    public void The_engine_runs_a_conversation_with_the_pipeline()
    {
        var flow = new DialogTestFlow(TestNlu.Script, new NluPipeline());
        flow.Start().Send("你是機器人嗎").AssertIntent("ask_is_robot").AssertGlobal().AssertNode("ask")
            .Send("对，就是这个号").AssertIntent("same_number").AssertNode("bye");
    }

    [Fact]
    public void A_script_version_is_prepared_once_and_its_model_reused()
    {
        var store = new InMemoryModelStore();
        var pipeline = new NluPipeline(store: store);
        var script = CompiledScript.Compile(ScriptJson.Read(TestNlu.ScriptJsonText).Script!);
        var first = pipeline.Prepare(script);
        Assert.Same(first, pipeline.Prepare(script));
        Assert.False(first.LoadedFromStore);
        Assert.Equal(1, store.Count);

        // the same document compiled again (another process, a restart): loaded, not retrained
        var again = pipeline.Prepare(CompiledScript.Compile(ScriptJson.Read(TestNlu.ScriptJsonText).Script!));
        Assert.True(again.LoadedFromStore);
        Assert.Equal(first.Key, again.Key);
    }

    [Fact]
    public void Published_model_bytes_load_in_a_fresh_store()
    {
        var bytes = ScriptNlu.TrainForPublish(TestNlu.Script);
        var store = new InMemoryModelStore();
        var key = Studio.Nlu.Classification.IntentModel.ReadKey(bytes)!;
        store.Save(key, bytes);
        var nlu = new NluPipeline(store: store).Prepare(CompiledScript.Compile(ScriptJson.Read(TestNlu.ScriptJsonText).Script!));
        Assert.True(nlu.LoadedFromStore);
        Assert.Contains("same_number", nlu.Model.Labels);
    }

    [Fact]
    public void A_file_store_keeps_models_between_processes()
    {
        var directory = Path.Combine(Path.GetTempPath(), "studio-nlu-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new FileModelStore(directory);
            Assert.Null(store.Load("k"));
            store.Save("k", [1, 2, 3]);
            Assert.Equal([1, 2, 3], new FileModelStore(directory).Load("k"));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void A_stale_model_in_the_store_is_retrained()
    {
        var store = new InMemoryModelStore();
        var script = CompiledScript.Compile(ScriptJson.Read(TestNlu.ScriptJsonText).Script!);
        var key = new NluPipeline(store: new InMemoryModelStore()).Prepare(script).Key;
        store.Save(key, [9, 9, 9]);
        var nlu = new NluPipeline(store: store).Prepare(CompiledScript.Compile(ScriptJson.Read(TestNlu.ScriptJsonText).Script!));
        Assert.False(nlu.LoadedFromStore);
        Assert.Equal(key, IntentModelKey(store.Load(key)!));
    }

    private static string? IntentModelKey(byte[] bytes) => Studio.Nlu.Classification.IntentModel.ReadKey(bytes);
}
