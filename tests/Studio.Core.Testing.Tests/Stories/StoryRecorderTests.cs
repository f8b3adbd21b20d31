using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Core.Testing.Scripts;
using Studio.Core.Testing.Stories;

namespace Studio.Core.Testing.Tests.Stories;

public class StoryRecorderTests
{
    private static CompiledScript Dormant() =>
        CompiledScript.Compile(ScriptFile.Load(Path.Combine(RepoPaths.Library, "dormant-reactivation.json")).Script!);

    /// <summary>Plays a conversation on the engine as the tester does and records it.</summary>
    private static StoryRecorder Play(CompiledScript script, ConversationStart start, params TurnInput[] inputs)
    {
        var engine = new DialogEngine(new KeywordRecognizer());
        var recorder = new StoryRecorder(start);
        var begin = TurnInput.Begin(start);
        var result = engine.Step(script, null, begin);
        recorder.Record(begin, result);
        foreach (var input in inputs)
        {
            result = engine.Step(script, result.State, input);
            recorder.Record(input, result);
        }
        return recorder;
    }

    private static ConversationStart Zhang() =>
        new(MemberProfile.FromPairs([new("id", "m-1"), new("surname", "张"), new("title", "女士"), new("tier", "VIP")]), Channel.Voice);

    [Fact]
    public void A_recorded_conversation_written_as_yaml_passes_the_story_runner()
    {
        var script = Dormant();
        var recorder = Play(script, Zhang(), TurnInput.Say("是我,什么事"), TurnInput.Say("好的"));
        var yaml = StoryWriter.Append(null, recorder.ToStory("张女士同意加微"));

        Assert.Contains("user: 是我,什么事", yaml, StringComparison.Ordinal);
        Assert.Contains("surname: 张", yaml, StringComparison.Ordinal);
        var results = StoryRunner.Run(StoryRunner.Parse(yaml), script, "recorded", new KeywordRecognizer());
        var result = Assert.Single(results);
        Assert.True(result.Passed, result.Failure);
    }

    [Fact]
    public void The_story_records_intents_nodes_arms_actions_and_the_outcome()
    {
        var recorder = Play(Dormant(), Zhang(), TurnInput.Say("是我,什么事"), TurnInput.Say("好的"));
        var story = recorder.ToStory("加微");

        Assert.Equal(3, story.Steps.Count);
        Assert.Null(story.Steps[0].User);
        Assert.Equal("confirm_identity", story.Steps[0].Node);
        Assert.Equal("affirm", story.Steps[1].Intent);
        Assert.Equal("ask_consent", story.Steps[1].Node);
        Assert.NotNull(story.Arms);
        Assert.Equal(story.Arms["dormant-framing"], story.Steps[1].Arm);
        Assert.Contains("wecom_add", story.Steps[2].Actions ?? []);
        Assert.Equal("wecom_add_consent", story.Outcome);
        Assert.Equal("A", story.Grade);
    }

    [Fact]
    public void Silence_keys_and_a_hang_up_become_steps_that_replay()
    {
        var script = Dormant();
        var recorder = Play(script, Zhang(), TurnInput.Silence(), TurnInput.Keys("1"), TurnInput.HangUp());
        var story = recorder.ToStory("挂断");
        Assert.True(story.Steps[1].NoInput);
        Assert.Equal("1", story.Steps[2].Dtmf);
        Assert.True(story.Steps[3].Hangup);
        Assert.True(story.Steps[3].Ended);

        var yaml = StoryWriter.Append(null, story);
        var result = Assert.Single(StoryRunner.Run(StoryRunner.Parse(yaml), script, "recorded", new KeywordRecognizer()));
        Assert.True(result.Passed, result.Failure);
    }

    [Fact]
    public void A_recorded_story_fails_once_the_script_says_something_else()
    {
        var script = Dormant();
        var yaml = StoryWriter.Append(null, Play(script, Zhang(), TurnInput.Say("是我,什么事")).ToStory("身份确认"));

        var changed = ScriptFile.Load(Path.Combine(RepoPaths.Library, "dormant-reactivation.json")).Script!;
        var intro = changed.Nodes.OfType<SayNode>().Single(n => n.Id == "intro");
        intro.Message.Text = "喂,您好,这里是客服中心。";
        var result = Assert.Single(StoryRunner.Run(StoryRunner.Parse(yaml), CompiledScript.Compile(changed), "recorded", new KeywordRecognizer()));
        Assert.False(result.Passed);
        Assert.Contains("step 1", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Appending_keeps_existing_stories_and_numbers_a_taken_name()
    {
        var recorder = Play(Dormant(), Zhang(), TurnInput.Say("是我"));
        var once = StoryWriter.Append(null, recorder.ToStory("用例"));
        var twice = StoryWriter.Append(once, recorder.ToStory("用例"));
        var file = StoryRunner.Parse(twice);
        Assert.Equal(["用例", "用例 2"], file.Stories.Select(s => s.Name));
    }

    [Fact]
    public void A_long_message_is_cut_to_an_excerpt_at_a_sentence_end()
    {
        Assert.Equal("您好", StoryRecorder.Excerpt("  您好  "));
        Assert.Equal("您好,我是速品会员中心的智能客服", StoryRecorder.Excerpt("您好,我是速品会员中心的智能客服,请问是张女士吗?"));
        Assert.Equal(StoryRecorder.BotExcerptLength, StoryRecorder.Excerpt(new string('好', 50)).Length);
    }
}
