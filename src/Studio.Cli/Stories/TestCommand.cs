using System.CommandLine;

namespace Studio.Cli.Stories;

/// <summary><c>studio test &lt;dir&gt;</c>: runs every *.stories.yaml under a directory.</summary>
public static class TestCommand
{
    public static Command Create(CliContext context)
    {
        var directory = new Argument<string>("dir") { Description = "Directory searched recursively for *.stories.yaml files" };
        var command = new Command("test", "Run the story tests (*.stories.yaml) under a directory") { directory };
        command.SetAction(result => Run(context, result.GetRequiredValue(directory)));
        return command;
    }

    public static int Run(CliContext context, string directory)
    {
        CliContext.RequireDirectory(directory);
        throw new CommandFailedException("the story runner is not available in this build yet");
    }
}
