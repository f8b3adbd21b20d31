using System.CommandLine;
using System.Globalization;
using Studio.Cli.Nlu;
using Studio.Core.Dialogs;
using Studio.Core.Scripts;
using Studio.Core.Simulation;
using Studio.Nlu.Simulation;

namespace Studio.Cli.Simulate;

/// <summary>
/// <c>studio simulate &lt;file&gt; --members N [--mix …] [--seed S]</c>: runs the real engine against rule-based
/// simulated members and reports the expected funnel per arm, dead ends and the most common paths.
/// </summary>
public static class SimulateCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The script file (.json)" };
        var members = new Option<int>("--members", "-n") { Description = "How many members to simulate (default 1000)", HelpName = "N", DefaultValueFactory = _ => 1000 };
        var mix = new Option<string?>("--mix")
        {
            Description = "Persona shares: cooperative, busy, price-sensitive, hostile, robot-asker, silent (default cooperative=40,busy=15,price-sensitive=15,hostile=10,robot-asker=10,silent=10)",
            HelpName = "persona=share,…",
        };
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same seed gives the same report (default 0)", HelpName = "S" };
        var answerRate = new Option<double>("--answer-rate") { Description = "Share of members who pick up, 0–1 (default 1)", HelpName = "R", DefaultValueFactory = _ => 1.0 };
        var maxTurns = new Option<int>("--max-turns") { Description = "Member answers before an unended conversation counts as a dead end (default 20)", HelpName = "N", DefaultValueFactory = _ => 20 };
        var phrases = new Option<string[]>("--phrases")
        {
            Description = "Extra phrase corpus, intent<TAB>text per line (repeatable; default: seeds/nlu/zh-CN/system.tsv and dev.tsv when found above the script)",
            HelpName = "file.tsv",
        };
        var recognizer = Recognizers.CreateOption();
        var command = new Command("simulate", "Simulate members (personas) talking to a script on the real engine: funnel per arm, dead ends, common paths")
        {
            file, members, mix, seed, answerRate, maxTurns, phrases, recognizer,
        };
        command.SetAction(result => Run(context, new SimulateOptions(result.GetRequiredValue(file))
        {
            Members = result.GetValue(members),
            Mix = result.GetValue(mix),
            Seed = result.GetValue(seed),
            AnswerRate = result.GetValue(answerRate),
            MaxTurns = result.GetValue(maxTurns),
            Phrases = result.GetValue(phrases) ?? [],
            Recognizer = result.GetValue(recognizer) ?? Recognizers.Nlu,
        }));
        return command;
    }

    public static int Run(CliContext context, SimulateOptions options)
    {
        if (options.Members <= 0)
        {
            throw new UsageException($"--members must be a positive number (got {options.Members})");
        }
        if (options.AnswerRate is < 0 or > 1 || double.IsNaN(options.AnswerRate))
        {
            throw new UsageException($"--answer-rate must be between 0 and 1 (got {options.AnswerRate.ToString(CultureInfo.InvariantCulture)})");
        }
        if (options.MaxTurns <= 0)
        {
            throw new UsageException($"--max-turns must be a positive number (got {options.MaxTurns})");
        }
        var mix = ParseMix(options.Mix);
        var file = context.LoadScript(options.File);
        var compiled = CompiledScript.Compile(file.Script!);

        var corpora = options.Phrases.Count > 0 ? options.Phrases : SimulationSetup.FindCorpora(Path.GetDirectoryName(Path.GetFullPath(options.File))!);
        foreach (var corpus in corpora)
        {
            CliContext.RequireFile(corpus);
        }
        var simulator = SimulationSetup.Simulator(new DialogEngine(Recognizers.Create(options.Recognizer)), compiled, SimulationSetup.Phrases(compiled, corpora));
        var report = SimulationReport.Build(simulator.Run(compiled, new SimulationOptions
        {
            Members = options.Members,
            Mix = mix,
            Seed = options.Seed,
            AnswerRate = options.AnswerRate,
            MaxTurns = options.MaxTurns,
        }));
        context.Out.Write(report.Render());
        if (report.DeadEnds.Count > 0)
        {
            context.Error.WriteLine($"studio: {report.DeadEnds.Sum(d => d.Count)} simulated conversations hit a dead end in {options.File}");
            return ExitCodes.Failure;
        }
        return ExitCodes.Success;
    }

    /// <summary>"cooperative=40,busy=20" → shares; an unknown persona or a bad share is a usage error.</summary>
    internal static IReadOnlyDictionary<Persona, double> ParseMix(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return PersonaRules.DefaultMix;
        }
        var mix = new Dictionary<Persona, double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--mix expects persona=share, not '{part}'");
            }
            var name = part[..eq].Trim();
            if (!PersonaRules.Names.TryGetValue(name, out var persona))
            {
                throw new UsageException($"--mix: unknown persona '{name}' (personas: {string.Join(", ", Enum.GetValues<Persona>().Select(PersonaRules.Name))})");
            }
            if (!double.TryParse(part[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var share) || share < 0 || !double.IsFinite(share))
            {
                throw new UsageException($"--mix: the share of '{name}' must be a non-negative number, not '{part[(eq + 1)..]}'");
            }
            mix[persona] = share;
        }
        if (mix.Values.Sum() <= 0)
        {
            throw new UsageException("--mix: at least one persona needs a positive share");
        }
        return mix;
    }
}

/// <summary>The parsed options of <c>studio simulate</c>.</summary>
public sealed record SimulateOptions(string File)
{
    public int Members { get; init; } = 1000;
    public string? Mix { get; init; }
    public ulong Seed { get; init; }
    public double AnswerRate { get; init; } = 1.0;
    public int MaxTurns { get; init; } = 20;
    public IReadOnlyList<string> Phrases { get; init; } = [];
    public string Recognizer { get; init; } = Recognizers.Nlu;
}
