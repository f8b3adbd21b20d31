using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Core.Testing.Dialogs;
using Studio.Core.Testing.Scripts;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Studio.Core.Testing.Stories;

/// <summary>The result of one story; <see cref="Failure"/> explains a failure and shows the transcript.</summary>
public sealed record StoryResult(string File, string Story, bool Passed, string? Failure);

public sealed record StoryRunSummary(IReadOnlyList<StoryResult> Results)
{
    public int Passed => Results.Count(r => r.Passed);
    public int Failed => Results.Count(r => !r.Passed);
}

/// <summary>
/// Runs story files (*.stories.yaml) against their scripts with the real engine. Bad story files
/// and unreadable scripts become failed results with a clear message; nothing throws.
/// </summary>
public static class StoryRunner
{
    public const string FilePattern = "*.stories.yaml";

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static StoryRunSummary RunDirectory(string directory, IIntentRecognizer? recognizer = null)
    {
        var files = Directory.EnumerateFiles(directory, FilePattern, SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal);
        return new StoryRunSummary([.. files.SelectMany(f => RunFile(f, recognizer, Path.GetRelativePath(directory, f)))]);
    }

    public static IReadOnlyList<StoryResult> RunFile(string storiesPath, IIntentRecognizer? recognizer = null, string? label = null)
    {
        label ??= Path.GetFileName(storiesPath);
        label = label.EndsWith(".stories.yaml", StringComparison.Ordinal) ? label[..^".stories.yaml".Length] : label;
        StoryFile stories;
        try
        {
            stories = Parse(File.ReadAllText(storiesPath));
        }
        catch (Exception ex) when (ex is IOException or StoryFormatException)
        {
            return [new StoryResult(label, "(file)", false, ex.Message)];
        }
        var scriptName = stories.Script ?? Path.GetFileName(storiesPath)[..^".stories.yaml".Length] + ".json";
        var scriptPath = Path.Combine(Path.GetDirectoryName(storiesPath) ?? ".", scriptName);
        var file = ScriptFile.Load(scriptPath);
        if (file.Script is null)
        {
            return [new StoryResult(label, "(file)", false, $"the script {scriptName} cannot be read:\n  " + string.Join("\n  ", file.Diagnostics))];
        }
        return Run(stories, CompiledScript.Compile(file.Script), label, recognizer);
    }

    /// <summary>Parses a stories file; throws <see cref="StoryFormatException"/> naming the line of a problem.</summary>
    public static StoryFile Parse(string yaml)
    {
        try
        {
            var file = Yaml.Deserialize<StoryFile?>(yaml) ?? new StoryFile();
            for (var i = 0; i < file.Stories.Count; i++)
            {
                var story = file.Stories[i];
                if (string.IsNullOrWhiteSpace(story.Name))
                {
                    throw new StoryFormatException($"story #{i + 1} has no name");
                }
                for (var s = 0; s < story.Steps.Count; s++)
                {
                    var step = story.Steps[s];
                    var inputs = new object?[] { step.User, step.NoInput == true ? true : null, step.Dtmf, step.Hangup == true ? true : null, step.Timer }.Count(x => x is not null);
                    if (inputs > 1)
                    {
                        throw new StoryFormatException($"story '{story.Name}' step {s + 1}: one input per step (user, noInput, dtmf, hangup or timer)");
                    }
                    if (inputs == 0 && s > 0)
                    {
                        throw new StoryFormatException($"story '{story.Name}' step {s + 1}: only the first step may omit the input (it checks the opening)");
                    }
                }
            }
            return file;
        }
        catch (YamlException ex)
        {
            var inner = ex.InnerException?.Message is { } detail ? $" ({detail})" : "";
            throw new StoryFormatException($"invalid stories file at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}{inner}");
        }
    }

    public static IReadOnlyList<StoryResult> Run(StoryFile stories, CompiledScript script, string label, IIntentRecognizer? recognizer = null)
    {
        var results = new List<StoryResult>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var story in stories.Stories)
        {
            if (!names.Add(story.Name))
            {
                results.Add(new StoryResult(label, story.Name, false, $"duplicate story name '{story.Name}'"));
                continue;
            }
            results.Add(RunStory(story, script, label, recognizer));
        }
        return results;
    }

    private static StoryResult RunStory(Story story, CompiledScript script, string label, IIntentRecognizer? recognizer)
    {
        var flow = new DialogTestFlow(script, recognizer, new ManualClock(story.Now ?? ManualClock.DefaultStart));
        try
        {
            if (story.Member is { } member)
            {
                flow.WithMember(MemberProfile.FromPairs(member));
            }
            flow.WithChannel(story.Channel switch
            {
                null or "voice" => Channel.Voice,
                "wecom" => Channel.Wecom,
                var other => throw new DialogAssertionException($"unknown channel '{other}' (voice or wecom)"),
            });
            flow.WithSeed(story.Seed ?? 0);
            foreach (var (experiment, arm) in story.Arms ?? [])
            {
                flow.WithArm(experiment, arm);
            }
            foreach (var (name, value) in story.Variables ?? [])
            {
                flow.WithVariable(name, value);
            }
            flow.Start();
            for (var i = 0; i < story.Steps.Count; i++)
            {
                var step = story.Steps[i];
                try
                {
                    Apply(flow, step);
                    Check(flow, step);
                }
                catch (DialogAssertionException ex)
                {
                    return new StoryResult(label, story.Name, false, $"step {i + 1} ({step.Describe()}): {ex.Message}");
                }
            }
            if (story.Outcome is not null)
            {
                flow.AssertOutcome(story.Outcome);
            }
            if (story.Grade is not null)
            {
                flow.AssertGrade(Grade(story.Grade));
            }
            return new StoryResult(label, story.Name, true, null);
        }
        catch (DialogAssertionException ex)
        {
            return new StoryResult(label, story.Name, false, "end of story: " + ex.Message);
        }
    }

    private static void Apply(DialogTestFlow flow, StoryStep step)
    {
        if (step.User is not null)
        {
            flow.Send(step.User, step.Confidence);
        }
        else if (step.NoInput == true)
        {
            flow.NoInput();
        }
        else if (step.Dtmf is not null)
        {
            flow.Dtmf(step.Dtmf);
        }
        else if (step.Hangup == true)
        {
            flow.Hangup();
        }
        else if (step.Timer is not null)
        {
            flow.Timer(step.Timer);
        }
    }

    private static void Check(DialogTestFlow flow, StoryStep step)
    {
        if (step.Intent is not null)
        {
            flow.AssertIntent(step.Intent);
        }
        if (step.Node is not null)
        {
            flow.AssertNode(step.Node);
        }
        foreach (var text in Texts(step.Bot))
        {
            flow.AssertReply(text);
        }
        foreach (var text in Texts(step.NotBot))
        {
            flow.AssertNoReply(text);
        }
        if (step.Spoken is not null)
        {
            flow.AssertSpoken(step.Spoken);
        }
        foreach (var action in step.Actions ?? [])
        {
            flow.AssertAction(ParseAction(action));
        }
        if (step.Global == true)
        {
            flow.AssertGlobal();
        }
        if (step.Arm is not null)
        {
            flow.AssertArm(step.Arm);
        }
        if (step.Ended is { } ended)
        {
            flow.AssertEnded(ended);
        }
        if (step.Outcome is not null)
        {
            flow.AssertOutcome(step.Outcome);
        }
        if (step.Grade is not null)
        {
            flow.AssertGrade(Grade(step.Grade));
        }
    }

    private static IEnumerable<string> Texts(object? value) => value switch
    {
        null => [],
        string s => [s],
        IEnumerable<object> list => list.Select(x => x?.ToString() ?? ""),
        _ => [value.ToString() ?? ""],
    };

    private static ActionType ParseAction(string name) => name switch
    {
        "tag" => ActionType.Tag,
        "wecom_add" => ActionType.WecomAdd,
        "sms" => ActionType.Sms,
        "webhook" => ActionType.Webhook,
        "transfer" => ActionType.Transfer,
        "callback" => ActionType.Callback,
        _ => throw new DialogAssertionException($"unknown action type '{name}' (tag, wecom_add, sms, webhook, transfer, callback)"),
    };

    private static char Grade(string grade) =>
        grade is { Length: 1 } && grade[0] is >= 'A' and <= 'F' ? grade[0] : throw new DialogAssertionException($"a grade is one letter A–F, not '{grade}'");
}

public sealed class StoryFormatException(string message) : Exception(message);
