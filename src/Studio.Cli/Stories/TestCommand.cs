using System.CommandLine;
using Studio.Core.Testing.Stories;
using Studio.Cli.Nlu;

namespace Studio.Cli.Stories;

/// <summary><c>studio test &lt;dir&gt;</c>: runs every *.stories.yaml under a directory with the story runner.</summary>
public static class TestCommand
{
    public static Command Create(CliContext context)
    {
        var directory = new Argument<string>("dir") { Description = "Directory searched recursively for *.stories.yaml files" };
        var recognizer = Recognizers.CreateOption();
        var command = new Command("test", "Run the story tests (*.stories.yaml) under a directory") { directory, recognizer };
        command.SetAction(result => Run(context, result.GetRequiredValue(directory), result.GetValue(recognizer) ?? Recognizers.Nlu));
        return command;
    }

    public static int Run(CliContext context, string directory, string recognizer = Recognizers.Nlu)
    {
        CliContext.RequireDirectory(directory);
        if (!Directory.EnumerateFiles(directory, StoryRunner.FilePattern, SearchOption.AllDirectories).Any())
        {
            throw new UsageException($"no story files ({StoryRunner.FilePattern}) under {directory}");
        }

        var summary = StoryRunner.RunDirectory(directory, Recognizers.Create(recognizer));
        foreach (var result in summary.Results)
        {
            var name = $"{result.File} › {result.Story}";
            if (result.Passed)
            {
                context.Out.WriteLine($"{context.Green("PASS")} {name}");
                continue;
            }
            context.Out.WriteLine($"{context.Red("FAIL")} {name}");
            foreach (var line in (result.Failure ?? "failed").Split('\n'))
            {
                context.Out.WriteLine("    " + line.TrimEnd('\r'));
            }
        }
        context.Out.WriteLine($"{summary.Passed} passed, {summary.Failed} failed");
        return summary.Failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }
}
