using CsCheck;
using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Core.Testing.Dialogs;
using Studio.Core.Testing.Scripts;

namespace Studio.Core.Testing.Tests.Properties;

/// <summary>
/// Random walks over every library script: whatever a member says, does or doesn't, the engine never
/// throws, never exceeds the hop bound, never hits an error, and after every turn either waits at an
/// ask node or has ended.
/// </summary>
public class LibraryRandomWalkTests
{
    public static TheoryData<string> LibraryScripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Library, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Fact]
    public void The_library_has_the_six_scenarios()
    {
        Assert.True(LibraryScripts().Count >= 6, $"expected at least 6 library scripts, found {LibraryScripts().Count}");
    }

    [Theory]
    [MemberData(nameof(LibraryScripts))]
    public void Random_walks_never_throw_loop_or_get_stuck(string fileName)
    {
        var file = ScriptFile.Load(Path.Combine(RepoPaths.Library, fileName));
        Assert.True(file.Script is not null, string.Join("\n", file.Diagnostics));
        var script = CompiledScript.Compile(file.Script!);
        var utterances = Utterances(file.Script!);
        var maxHops = file.Script!.Settings.MaxHopsPerTurn;

        var walk = Gen.Select(Gen.ULong, Gen.Int[0, 3], Gen.Int[0, utterances.Length + 5].Array[1, 25]);
        walk.Sample((seed, member, moves) =>
        {
            var engine = new DialogEngine(new KeywordRecognizer(), new ManualClock());
            var profile = new MemberProfile { Id = $"walker-{member}-{seed % 1000}", Surname = "赵", Title = member % 2 == 0 ? "女士" : "先生", Tier = member == 0 ? "VIP" : "普通" };
            var channel = file.Script!.Channels.Count > 0 ? file.Script.Channels[(int)(seed % (ulong)file.Script.Channels.Count)] : Channel.Voice;
            var result = engine.Step(script, null, TurnInput.Begin(new ConversationStart(profile, channel, seed)));
            Check(result, maxHops);
            foreach (var move in moves)
            {
                if (result.Ended)
                {
                    break;
                }
                var input = move < utterances.Length ? TurnInput.Say(utterances[move], 0.9)
                    : (move - utterances.Length) switch
                    {
                        0 => TurnInput.Silence(),
                        1 => TurnInput.Keys("1"),
                        2 => TurnInput.Keys("2"),
                        3 => TurnInput.TimerFired(),
                        4 => TurnInput.Say("嗯那个我想想", 0.2),
                        _ => TurnInput.HangUp(),
                    };
                result = engine.Step(script, result.State, input);
                Check(result, maxHops);
            }
        }, iter: 300, threads: 1);
    }

    private static void Check(TurnResult result, int maxHops)
    {
        var errors = result.Trace.Where(t => t.Kind == TraceKind.Error).Select(t => t.Detail).ToList();
        Assert.True(errors.Count == 0, "engine error: " + string.Join("; ", errors));
        Assert.True(result.Trace.Count(t => t.Kind == TraceKind.Entered) <= maxHops, "hop bound exceeded");
        Assert.NotEqual(Outcomes.Error, result.Outcome);
        if (!result.Ended)
        {
            Assert.NotNull(result.Waiting);
            Assert.Equal(result.Waiting!.NodeId, result.State.Node);
        }
    }

    /// <summary>What members say: the script's own examples, every system keyword, and noise.</summary>
    private static string[] Utterances(Script script) =>
        [.. script.Intents.SelectMany(i => i.Examples.Concat(i.Keywords)),
         .. SystemIntents.Keywords.Values.SelectMany(k => k),
         "今天天气不错", "喂?喂?", "", "你说啥", "我考虑一下吧", "行吧那就这样", "不是不要,是现在不方便"];
}
