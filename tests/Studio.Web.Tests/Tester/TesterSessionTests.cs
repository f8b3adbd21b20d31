using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Scripts;
using Studio.Core.Testing.Stories;
using Studio.Nlu.Pipeline;
using Studio.Web.Components.Tester;

namespace Studio.Web.Tests.Tester;

/// <summary>The tester's conversation without a UI, on the real NLU pipeline.</summary>
public sealed class TesterSessionTests
{
    private static readonly NluPipeline Nlu = new(store: new InMemoryModelStore());

    private static async Task<TesterSession> StartAsync(string file)
    {
        var loaded = await new TesterScripts(Nlu).LoadAsync(RepoPaths.LibraryText(file));
        var member = MemberProfile.FromPairs([new("id", "m-1"), new("surname", "张"), new("title", "女士")]);
        var session = new TesterSession(loaded.Compiled!, new DialogEngine(Nlu), new ConversationStart(member, Channel.Voice));
        session.Begin();
        return session;
    }

    [Fact]
    public async Task The_same_document_is_compiled_once_and_an_edit_compiles_anew()
    {
        var scripts = new TesterScripts(Nlu);
        var json = RepoPaths.LibraryText("dormant-reactivation.json");
        var first = await scripts.LoadAsync(json);
        var again = await scripts.LoadAsync(json);
        var edited = await scripts.LoadAsync(json.Replace("回归福利", "回归礼", StringComparison.Ordinal));

        Assert.Same(first.Compiled, again.Compiled);
        Assert.NotSame(first.Compiled, edited.Compiled);
        Assert.NotEqual(first.Compiled!.Version, edited.Compiled!.Version);
        Assert.Equal(2, scripts.CachedCount);
    }

    [Fact]
    public async Task The_path_grows_turn_by_turn_and_restarts_with_the_conversation()
    {
        var session = await StartAsync("dormant-reactivation.json");
        Assert.Equal(["intro", "confirm_identity"], session.Path);

        session.Say("是我");
        Assert.Equal("ask_consent", session.State!.Node);
        Assert.Contains("ask_consent", session.Path);
        Assert.True(session.Path.Count > 2);

        session.Begin();
        Assert.Equal(["intro", "confirm_identity"], session.Path);
        Assert.Single(session.Turns);
    }

    [Fact]
    public async Task After_the_end_no_more_input_is_taken_and_bad_keys_are_refused()
    {
        var session = await StartAsync("dormant-reactivation.json");
        var ex = Assert.Throws<ArgumentException>(() => session.Keys("1a"));
        Assert.Contains("0-9", ex.Message, StringComparison.Ordinal);

        session.HangUp();
        Assert.True(session.Ended);
        Assert.Equal("hangup", session.State!.Outcome);
        var ended = Assert.Throws<InvalidOperationException>(() => session.Say("喂"));
        Assert.Contains("restart", ended.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_transcript_as_a_story_replays_on_the_same_engine()
    {
        var session = await StartAsync("dormant-reactivation.json");
        session.Say("是我,什么事");
        session.Say("在开车");
        var yaml = StoryWriter.Append(null, session.ToStory("开车中"));

        var result = Assert.Single(StoryRunner.Run(StoryRunner.Parse(yaml), session.Script, "tester", Nlu));
        Assert.True(result.Passed, result.Failure);
    }
}
