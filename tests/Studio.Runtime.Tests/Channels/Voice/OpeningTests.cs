using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Voice.Emulator;

namespace Studio.Runtime.Tests.Channels.Voice;

/// <summary>The adapter never drops or reorders the opening: what the engine says first is what the caller hears first.</summary>
public sealed class OpeningTests : IAsyncLifetime
{
    private VoiceTestHost _host = null!;

    public async Task InitializeAsync() => _host = await VoiceTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var id in VoiceScripts.VoiceScriptIds)
        {
            data.Add(id);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task The_whole_opening_is_played_in_order_with_the_ai_disclosure_as_an_uninterruptible_say(string scriptId)
    {
        var member = new Dictionary<string, string> { ["surname"] = "周", ["title"] = "女士", ["tier"] = "VIP", ["store"] = "万象城店" };
        var call = await _host.Emulator().PlaceCallAsync(CallSetup.Outbound(scriptId, "open-1", member: member), new ScriptedCaller(CallerAction.HangUp()));

        var profile = MemberProfile.FromPairs(member.Append(new("id", "open-1")));
        var engine = new DialogEngine(new KeywordRecognizer()).Step(VoiceScripts.Get(scriptId), null, TurnInput.Begin(new ConversationStart(profile)));
        var expected = engine.Messages.Select(m => m.SpokenText).Where(t => t.Length > 0).ToList();

        Assert.Equal(expected, call.Heard.Select(h => h.Text));
        Assert.False(call.Heard[0].InGather); // the disclosure is a say: no barge-in can cut it
        Assert.Matches("智能|AI", call.Heard[0].Text);
        Assert.Equal("gather", call.VerbNames.Last());
    }
}
