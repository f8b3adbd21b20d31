using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Scripts;
using Studio.Core.Testing.Scripts;
using Studio.Core.Testing.Stories;

namespace Studio.Bench;

/// <summary>A conversation to replay: a compiled script, how it starts, and the member's inputs.</summary>
public sealed record ConversationPath(string Name, CompiledScript Script, ConversationStart Start, TurnInput[] Inputs);

/// <summary>Turns the library's stories into replayable paths: the benchmark's realistic path mix.</summary>
public static class LibraryPaths
{
    public static string FindLibrary()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts-library");
            if (File.Exists(Path.Combine(dir.FullName, "Studio.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("scripts-library not found above " + AppContext.BaseDirectory);
    }

    public static List<ConversationPath> Load(string library)
    {
        var paths = new List<ConversationPath>();
        foreach (var storiesFile in Directory.EnumerateFiles(library, StoryRunner.FilePattern).Order(StringComparer.Ordinal))
        {
            var stories = StoryRunner.Parse(File.ReadAllText(storiesFile));
            var scriptPath = Path.Combine(library, stories.Script ?? Path.GetFileName(storiesFile)[..^".stories.yaml".Length] + ".json");
            var file = ScriptFile.Load(scriptPath);
            if (file.Script is null)
            {
                throw new InvalidOperationException($"{scriptPath}: {string.Join("; ", file.Diagnostics)}");
            }
            var script = CompiledScript.Compile(file.Script);
            foreach (var story in stories.Stories)
            {
                var member = story.Member is null ? new MemberProfile { Id = "bench" } : MemberProfile.FromPairs(story.Member);
                var start = new ConversationStart(member, story.Channel == "wecom" ? Channel.Wecom : Channel.Voice, story.Seed ?? 0)
                {
                    ForcedArms = story.Arms,
                    Variables = story.Variables,
                };
                var inputs = story.Steps.Where(s => s.HasInput).Select(ToInput).ToArray();
                paths.Add(new ConversationPath($"{Path.GetFileName(storiesFile)} › {story.Name}", script, start, inputs));
            }
        }
        return paths;
    }

    private static TurnInput ToInput(StoryStep step) =>
        step.User is not null ? TurnInput.Say(step.User, step.Confidence)
        : step.NoInput == true ? TurnInput.Silence()
        : step.Dtmf is not null ? TurnInput.Keys(step.Dtmf)
        : step.Timer is not null ? TurnInput.TimerFired(step.Timer)
        : TurnInput.HangUp();
}
