using System.CommandLine;
using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Scripts;
using Studio.Core.Testing.Scripts;
using Studio.Cli.Nlu;

namespace Studio.Cli.Chat;

/// <summary><c>studio chat &lt;file&gt;</c>: talk to a script in the terminal on the real engine.</summary>
public static class ChatCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The script file (.json)" };
        var member = ConversationOptions.Member();
        var arm = ConversationOptions.Arm();
        var channel = new Option<string?>("--channel", "-c")
        {
            Description = "voice or wecom (default: the script's first channel)",
            HelpName = "voice|wecom",
        };
        channel.AcceptOnlyFromAmong("voice", "wecom");
        var seed = ConversationOptions.Seed();
        var variable = new Option<string[]>("--var")
        {
            Description = "Initial value of a script variable (repeatable)",
            HelpName = "name=value",
        };
        var recognizer = Recognizers.CreateOption();
        var command = new Command("chat", "Chat with a script in the terminal (NLU pipeline; /help lists commands)")
        {
            file, member, arm, channel, seed, variable, recognizer,
        };
        command.SetAction(result => Run(context, new ChatOptions(
            result.GetRequiredValue(file),
            result.GetValue(member) ?? [],
            result.GetValue(arm) ?? [],
            result.GetValue(channel),
            result.GetValue(seed),
            result.GetValue(variable) ?? [])
        {
            Recognizer = result.GetValue(recognizer) ?? Recognizers.Nlu,
        }));
        return command;
    }

    public static int Run(CliContext context, ChatOptions options)
    {
        var file = context.LoadScript(options.File);
        var script = file.Script!;
        var errors = file.Diagnostics.Where(d => d.IsError).ToList();
        if (errors.Count > 0)
        {
            context.Error.WriteLine($"studio: warning: {options.File} has {LintCommandCount(errors.Count)}; the chat may stop early (see 'studio lint {options.File}')");
            foreach (var error in errors.Take(5))
            {
                context.Error.WriteLine("  " + ScriptFiles.Format(options.File, error));
            }
        }

        var member = MemberProfile.FromPairs(Pairs(options.Member, "--member"));
        var channel = options.Channel switch
        {
            "voice" => Channel.Voice,
            "wecom" => Channel.Wecom,
            _ => script.Channels.Count > 0 ? script.Channels[0] : Channel.Voice,
        };
        if (script.Channels.Count > 0 && !script.Channels.Contains(channel))
        {
            context.Error.WriteLine($"studio: warning: the script does not list the {ChatSession.ChannelName(channel)} channel");
        }
        var start = new ConversationStart(member, channel, options.Seed)
        {
            ForcedArms = ForcedArms(script, options.Arms),
            Variables = Variables(script, options.Variables),
        };

        var compiled = CompiledScript.Compile(script);
        var recognizer = Recognizers.Create(options.Recognizer);
        Recognizers.Prepare(recognizer, compiled);
        var session = new ChatSession(compiled, new DialogEngine(recognizer), start, context);
        session.Begin();
        while (true)
        {
            if (context.Interactive)
            {
                context.Out.Write(ChatSession.Prompt);
                context.Out.Flush();
            }
            var line = context.In.ReadLine();
            if (line is null)
            {
                if (context.Interactive)
                {
                    context.Out.WriteLine();
                }
                return ExitCodes.Success;
            }
            if (!context.Interactive)
            {
                context.Out.WriteLine(ChatSession.Prompt + line); // a piped transcript reads like a session
            }
            if (!session.Handle(line))
            {
                return ExitCodes.Success;
            }
        }
    }

    private static string LintCommandCount(int errors) => errors == 1 ? "1 error" : $"{errors} errors";

    private static IEnumerable<KeyValuePair<string, string>> Pairs(IEnumerable<string> items, string option)
    {
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"{option} expects key=value, not '{item}'");
            }
            yield return new(item[..eq].Trim(), item[(eq + 1)..].Trim());
        }
    }

    /// <summary>
    /// Resolves --arm values against the script's splits: a bare arm id is forced in every split that has it,
    /// experiment=arm in that experiment only. Unknown names are usage errors, so a typo never goes unnoticed.
    /// </summary>
    internal static Dictionary<string, string>? ForcedArms(Script script, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var splits = script.Nodes.OfType<SplitNode>().ToList();
        var forced = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                var arm = value.Trim();
                if (!splits.Any(s => s.Arms.Any(a => a.Id == arm)))
                {
                    throw new UsageException(splits.Count == 0
                        ? $"--arm {arm}: the script has no A/B split"
                        : $"--arm {arm}: no split has an arm '{arm}' (arms: {string.Join(", ", splits.SelectMany(s => s.Arms).Select(a => a.Id).Distinct())})");
                }
                forced[ConversationState.AnyExperiment] = arm; // every split that has the arm takes it
                continue;
            }
            var name = value[..eq].Trim();
            var armId = value[(eq + 1)..].Trim();
            var inExperiment = splits.Where(s => s.Experiment == name).ToList();
            if (inExperiment.Count == 0)
            {
                throw new UsageException($"--arm {value}: no split runs experiment '{name}' (experiments: {string.Join(", ", splits.Select(s => s.Experiment).Distinct())})");
            }
            if (!inExperiment.Any(s => s.Arms.Any(a => a.Id == armId)))
            {
                throw new UsageException($"--arm {value}: experiment '{name}' has no arm '{armId}' (arms: {string.Join(", ", inExperiment.SelectMany(s => s.Arms).Select(a => a.Id).Distinct())})");
            }
            forced[name] = armId;
        }
        return forced;
    }

    private static Dictionary<string, string>? Variables(Script script, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in Pairs(values, "--var"))
        {
            if (!script.Variables.Any(v => v.Name == name))
            {
                throw new UsageException($"--var {name}: the script declares no variable '{name}'");
            }
            variables[name] = value;
        }
        return variables;
    }
}

/// <summary>The parsed options of <c>studio chat</c>.</summary>
public sealed record ChatOptions(string File, IReadOnlyList<string> Member, IReadOnlyList<string> Arms, string? Channel, ulong Seed, IReadOnlyList<string> Variables)
{
    /// <summary><c>nlu</c> (the pipeline, default) or <c>keyword</c>.</summary>
    public string Recognizer { get; init; } = Recognizers.Nlu;
}
