using System.CommandLine;
using Studio.Cli.Call;
using Studio.Cli.Chat;
using Studio.Cli.Lint;
using Studio.Cli.Nlu;
using Studio.Cli.Publish;
using Studio.Cli.Render;
using Studio.Cli.Simulate;
using Studio.Cli.Stories;

namespace Studio.Cli;

/// <summary>
/// The <c>studio</c> command line. Everything goes through <see cref="Run"/> with explicit streams, so
/// tests drive the CLI in-process exactly as a terminal would.
/// </summary>
public static class StudioCli
{
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        var console = ReferenceEquals(stdout, Console.Out);
        var context = new CliContext(stdin, stdout, stderr)
        {
            Color = console && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")),
            Interactive = ReferenceEquals(stdin, Console.In) && !Console.IsInputRedirected,
        };

        var root = BuildCommands(context);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            stderr.WriteLine($"studio: {UsageMessage(parsed, args)}");
            var help = parsed.CommandResult.Command is RootCommand ? "studio --help" : $"studio {parsed.CommandResult.Command.Name} --help";
            stderr.WriteLine($"Run '{help}' for the commands and their options.");
            return ExitCodes.Usage;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"studio: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (CommandFailedException ex)
        {
            stderr.WriteLine($"studio: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"studio: {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>
    /// One line saying what is wrong with the command line. An unknown option is named as such (the parser
    /// would otherwise take it for the command's argument and complain about the next token instead).
    /// </summary>
    private static string UsageMessage(ParseResult parsed, string[] args)
    {
        var command = parsed.CommandResult.Command;
        var known = new HashSet<string>(StringComparer.Ordinal);
        for (var c = parsed.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
        {
            foreach (var option in c.Command.Options)
            {
                known.Add(option.Name);
                known.UnionWith(option.Aliases);
            }
        }
        foreach (var arg in args.TakeWhile(a => a != "--"))
        {
            var name = arg.Split('=', ':')[0];
            if (name.Length > 1 && name[0] == '-' && !char.IsAsciiDigit(name[1]) && !known.Contains(name))
            {
                return $"unknown option '{name}' for '{command.Name}'";
            }
        }
        var message = parsed.Errors[0].Message;
        return string.Join(" ", message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()));
    }

    private static RootCommand BuildCommands(CliContext context)
    {
        var root = new RootCommand("Script Studio (话术工作室): check, test, try and draw call and WeCom scripts.");
        root.Subcommands.Add(LintCommand.Create(context));
        root.Subcommands.Add(TestCommand.Create(context));
        root.Subcommands.Add(ChatCommand.Create(context));
        root.Subcommands.Add(CallCommand.Create(context));
        root.Subcommands.Add(RenderCommand.Create(context));
        root.Subcommands.Add(NluCommand.Create(context));
        root.Subcommands.Add(PublishCommand.Create(context));
        root.Subcommands.Add(VersionsCommand.Create(context));
        root.Subcommands.Add(SimulateCommand.Create(context));
        return root;
    }
}
