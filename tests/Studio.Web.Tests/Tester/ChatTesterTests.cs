using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Studio.Core.Dialogs;
using Studio.Core.Recognition;
using Studio.Core.Testing.Stories;
using Studio.Data.Members;
using Studio.Data.Scripts;
using Studio.Data.Storage;
using Studio.Nlu.Pipeline;
using Studio.Web.Components.Tester;
using Studio.Web.Tts;

namespace Studio.Web.Tests.Tester;

/// <summary>
/// The chat tester in bUnit, on the real engine and NLU pipeline, real LiteDB stores in a temp directory and the
/// real espeak-ng.
/// </summary>
public sealed class ChatTesterTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("studio-tester-");
    private readonly StudioDatabase _db;
    private readonly LiteDbScriptStoryStore _stories;
    private readonly LiteDbMemberStore _members;
    private readonly NluPipeline _nlu = new(store: new InMemoryModelStore());

    public ChatTesterTests()
    {
        _db = new StudioDatabase(Path.Combine(_dir.FullName, "studio.db"));
        _stories = new LiteDbScriptStoryStore(_db);
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var Services = _ctx.Services;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton<IIntentRecognizer>(_nlu);
        Services.AddSingleton(new DialogEngine(_nlu));
        Services.AddSingleton<TesterScripts>();
        Services.AddSingleton<IScriptStoryStore>(_stories);
        _members = new LiteDbMemberStore(_db);
        Services.AddSingleton<IMemberStore>(_members);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        _db.Dispose();
        _dir.Delete(recursive: true);
    }

    private void UseTts(string? espeakPath = null) =>
        _ctx.Services.AddSingleton<ITtsProvider>(new CachingTtsProvider(
            new EspeakNgTtsProvider(new TtsOptions { EspeakPath = espeakPath ?? "espeak-ng" }), Path.Combine(_dir.FullName, "tts"), "cmn-latn-pinyin"));

    private IRenderedComponent<ChatTester> RenderTester(string document, Action<IReadOnlyList<string>>? onPath = null)
    {
        _ctx.Render<MudPopoverProvider>();
        var cut = _ctx.Render<ChatTester>(p =>
        {
            p.Add(x => x.Document, document);
            if (onPath is not null)
            {
                p.Add(x => x.OnPathChanged, onPath);
            }
        });
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=chat-tester]").GetAttribute("data-ready")), TimeSpan.FromSeconds(30));
        return cut;
    }

    private static void Say(IRenderedComponent<ChatTester> cut, string text)
    {
        cut.Find("[data-testid=reply] input").Input(text);
        cut.Find("button[data-testid=send]").Click();
    }

    private static IElement LastTurn(IRenderedComponent<ChatTester> cut) => cut.FindAll("[data-testid=turn]")[^1];

    [Fact]
    public void Sending_text_shows_the_members_bubble_the_intent_the_node_and_the_bots_reply()
    {
        IReadOnlyList<string>? path = null;
        var cut = RenderTester(RepoPaths.LibraryText("dormant-reactivation.json"), p => path = p);
        Assert.Contains("张女士", cut.Find("[data-testid=transcript]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(path);
        Assert.Equal(["intro", "confirm_identity"], path);

        Say(cut, "是我,什么事");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=turn]").Count));
        var turn = LastTurn(cut);
        Assert.Contains("是我,什么事", turn.QuerySelector("[data-testid=user-bubble]")!.TextContent, StringComparison.Ordinal);
        var intent = turn.QuerySelector("[data-testid=intent]")!.TextContent;
        Assert.Contains("affirm", intent, StringComparison.Ordinal);
        Assert.Contains("规则", intent, StringComparison.Ordinal); // decided by the rules
        Assert.Contains("ask_consent", turn.QuerySelector("[data-testid=node]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("回归福利", turn.QuerySelector("[data-testid=bot-bubble]")!.TextContent, StringComparison.Ordinal);
        // Voice: the spoken rendering of the offer (30元 → 三十元, 1-99元 → 一到九十九元) is shown under its text.
        Assert.Matches("三十元|一到九十九元", turn.QuerySelector("[data-testid=spoken]")!.TextContent);
        Assert.Contains("ask_consent", path);
        Assert.Contains("current-arm", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_answer_a_question_and_bad_keys_are_explained()
    {
        var cut = RenderTester(RepoPaths.LibraryText("store-gift-pickup.json"));
        Say(cut, "对");
        cut.WaitForAssertion(() => Assert.Contains("ask_visit", LastTurn(cut).QuerySelector("[data-testid=node]")!.TextContent, StringComparison.Ordinal));

        cut.Find("[data-testid=keys-field] input").Input("x");
        cut.Find("button[data-testid=keys]").Click();
        Assert.Contains("0-9", cut.Find("[data-testid=input-error]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=keys-field] input").Input("1");
        cut.Find("button[data-testid=keys]").Click();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=turn]").Count));
        var turn = LastTurn(cut);
        Assert.Contains("(按键 1)", turn.QuerySelector("[data-testid=user-bubble]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("affirm", turn.QuerySelector("[data-testid=intent]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("ask_sms_address", turn.QuerySelector("[data-testid=node]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Hanging_up_ends_the_conversation_and_restart_begins_again()
    {
        var cut = RenderTester(RepoPaths.LibraryText("dormant-reactivation.json"));
        cut.Find("button[data-testid=no-input]").Click();
        cut.WaitForAssertion(() => Assert.Contains("(无应答)", LastTurn(cut).TextContent, StringComparison.Ordinal));

        cut.Find("button[data-testid=hang-up]").Click();

        cut.WaitForAssertion(() => Assert.Contains("hangup", cut.Find("[data-testid=ended]").TextContent, StringComparison.Ordinal));
        Assert.True(cut.Find("button[data-testid=send]").HasAttribute("disabled"));
        Assert.True(cut.Find("button[data-testid=hang-up]").HasAttribute("disabled"));

        cut.Find("button[data-testid=restart]").Click();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=turn]")));
        Assert.Empty(cut.FindAll("[data-testid=ended]"));
        Assert.False(cut.Find("button[data-testid=send]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Save_as_test_case_stores_a_story_the_story_runner_passes_and_run_all_shows_it()
    {
        var document = RepoPaths.LibraryText("dormant-reactivation.json");
        var cut = RenderTester(document);
        Say(cut, "是我,什么事");
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=turn]").Count));
        Say(cut, "好的,你加吧");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=ended]")));

        cut.Find("[data-testid=story-name] input").Change("张女士同意加微");
        cut.Find("button[data-testid=save-story]").Click();
        cut.WaitForAssertion(() => Assert.Contains("张女士同意加微", cut.Find("[data-testid=story-message]").TextContent, StringComparison.Ordinal));

        var stored = await _stories.GetAsync("dormant-reactivation");
        Assert.NotNull(stored);
        var file = StoryRunner.Parse(stored.Yaml);
        var story = Assert.Single(file.Stories);
        Assert.Equal("张女士同意加微", story.Name);
        Assert.Equal("wecom_add_consent", story.Outcome);
        var compiled = (await new TesterScripts(_nlu).LoadAsync(document)).Compiled!;
        var result = Assert.Single(StoryRunner.Run(file, compiled, "saved", _nlu));
        Assert.True(result.Passed, result.Failure);

        cut.Find("button[data-testid=run-stories]").Click();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=story-result]").GetAttribute("data-passed")), TimeSpan.FromSeconds(30));
        Assert.Contains("1 通过 · 0 失败", cut.Find("[data-testid=story-summary]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void After_the_script_changes_run_all_shows_the_failing_story_with_its_first_difference()
    {
        var document = RepoPaths.LibraryText("dormant-reactivation.json");
        var cut = RenderTester(document);
        Say(cut, "是我,什么事");
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=turn]").Count));
        cut.Find("button[data-testid=save-story]").Click();
        cut.WaitForAssertion(() => Assert.Contains("测试用例", cut.Find("[data-testid=story-message]").TextContent, StringComparison.Ordinal));

        // The designer rewords the opening: the tester offers a restart, and the stories run on the new version.
        var changed = document.Replace("女装会员中心的智能客服", "会员服务中心的客服", StringComparison.Ordinal);
        Assert.NotEqual(document, changed);
        cut.Render(p => p.Add(x => x.Document, changed));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=script-changed]")));

        cut.Find("button[data-testid=run-stories]").Click();
        cut.WaitForAssertion(() => Assert.Equal("false", cut.Find("[data-testid=story-result]").GetAttribute("data-passed")), TimeSpan.FromSeconds(30));
        var failure = cut.Find("[data-testid=story-result]").TextContent;
        Assert.Contains("step 1", failure, StringComparison.Ordinal);
        Assert.Contains("expected the bot to say", failure, StringComparison.Ordinal);
        Assert.Contains("0 通过 · 1 失败", cut.Find("[data-testid=story-summary]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_wecom_channel_shows_chat_bubbles_and_cards_without_a_play_button()
    {
        var cut = RenderTester(RepoPaths.LibraryText("wecom-welcome-first-order.json"));
        Say(cut, "家里有两只猫");
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=turn]").Count));

        var card = LastTurn(cut).QuerySelector("[data-testid=wecom-card]");
        Assert.NotNull(card);
        Assert.Equal("miniprogram", card.GetAttribute("data-card"));
        Assert.Contains("猫咪新人专区", card.TextContent, StringComparison.Ordinal);
        Assert.Contains("tag", LastTurn(cut).QuerySelector("[data-testid=actions]")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=play]"));

        // The script's follow-up timer, fired by hand.
        cut.Find("button[data-testid=timer]").Click();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=turn]").Count));
        Assert.Contains("(定时跟进 followup)", LastTurn(cut).QuerySelector("[data-testid=user-bubble]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("ask_order", LastTurn(cut).QuerySelector("[data-testid=node]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_english_switch_shows_the_tester_in_english()
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("en");
        try
        {
            var cut = RenderTester(RepoPaths.LibraryText("dormant-reactivation.json"));
            Assert.Equal("Send", cut.Find("button[data-testid=send]").TextContent.Trim());
            Assert.Equal("Save as test case", cut.Find("button[data-testid=save-story]").TextContent.Trim());
            cut.Find("button[data-testid=no-input]").Click();
            cut.WaitForAssertion(() => Assert.Contains("(no input)", LastTurn(cut).TextContent, StringComparison.Ordinal));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void Play_requests_the_spoken_text_from_the_tts_endpoint()
    {
        UseTts();
        var cut = RenderTester(RepoPaths.LibraryText("dormant-reactivation.json"));
        cut.FindAll("[data-testid=play]")[1].Click(); // the question, which names the member

        cut.WaitForAssertion(() => Assert.StartsWith("tts?text=", cut.Find("[data-testid=tts-audio]").GetAttribute("src"), StringComparison.Ordinal));
        var src = cut.Find("[data-testid=tts-audio]").GetAttribute("src")!;
        Assert.Contains("张女士", Uri.UnescapeDataString(src), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=tts-problem]"));
    }

    [Fact]
    public void Without_espeak_ng_play_explains_what_to_install_instead_of_failing()
    {
        UseTts(Path.Combine(_dir.FullName, "missing-espeak-ng"));
        var cut = RenderTester(RepoPaths.LibraryText("dormant-reactivation.json"));
        cut.Find("[data-testid=play]").Click();

        cut.WaitForAssertion(() => Assert.Contains("未安装语音合成 espeak-ng", cut.Find("[data-testid=tts-problem]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=tts-audio]"));
    }

    [Fact]
    public async Task A_stored_member_is_the_default_and_their_phone_number_is_only_ever_shown_masked()
    {
        await _members.UpsertAsync(new MemberInput { Id = "m-2001", Surname = "李", Title = "先生", Tier = "VIP", Phone = "13812345678" });
        var cut = RenderTester(RepoPaths.LibraryText("dormant-reactivation.json"));

        Assert.Contains("李先生", cut.Find("[data-testid=transcript]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=custom-member]"));
        Say(cut, "是我");
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=turn]").Count));
        Assert.DoesNotContain("13812345678", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_draft_says_why_instead_of_crashing()
    {
        var cut = RenderTester("{ \"formatVersion\": 1, \"nodes\": [ ");
        Assert.Contains("malformed JSON", cut.Find("[data-testid=script-unreadable]").TextContent, StringComparison.Ordinal);
    }
}
