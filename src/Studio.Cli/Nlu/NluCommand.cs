using System.CommandLine;
using Studio.Nlu.Corpus;
using Studio.Nlu.Evaluation;
using Studio.Nlu.Pipeline;

namespace Studio.Cli.Nlu;

/// <summary><c>studio nlu eval --train &lt;tsv&gt; --test &lt;tsv&gt; [--json &lt;file&gt;]</c>: scores the NLU pipeline.</summary>
public static class NluCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("nlu", "Chinese intent recognition: evaluate the pipeline on labelled utterances");
        command.Subcommands.Add(CreateEval(context));
        return command;
    }

    private static Command CreateEval(CliContext context)
    {
        var train = new Option<string>("--train")
        {
            Description = "Training utterances (intent<TAB>text per line), added to the built-in system corpus",
            HelpName = "tsv",
            Required = true,
        };
        var test = new Option<string>("--test")
        {
            Description = "Test utterances (intent<TAB>text per line)",
            HelpName = "tsv",
            Required = true,
        };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file", HelpName = "file" };
        var errors = new Option<int>("--errors")
        {
            Description = "How many misrecognised utterances to list (default 30)",
            HelpName = "N",
            DefaultValueFactory = _ => 30,
        };
        var command = new Command("eval", "Train on the system corpus + --train, score --test: accuracy, macro-F1, per-intent precision/recall, confusion matrix, latency")
        {
            train, test, json, errors,
        };
        command.SetAction(result => RunEval(context, result.GetRequiredValue(train), result.GetRequiredValue(test), result.GetValue(json), result.GetValue(errors)));
        return command;
    }

    public static int RunEval(CliContext context, string trainPath, string testPath, string? jsonPath, int errors = 30)
    {
        var train = ReadTsv(trainPath);
        var test = ReadTsv(testPath);
        if (test.Count == 0)
        {
            throw new UsageException($"{testPath} has no utterances");
        }
        // a fresh in-memory store: the reported training time is a real training, not a cache hit
        var report = Evaluator.Run(train, test, NluOptions.Default, new InMemoryModelStore());
        context.Out.WriteLine($"train {trainPath} ({train.Count} utterances) · test {testPath}");
        context.Out.Write(report.ToText(Math.Max(0, errors)));
        if (jsonPath is not null)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(jsonPath));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
            File.WriteAllText(jsonPath, report.ToJson());
            context.Out.WriteLine($"report written to {jsonPath}");
        }
        return ExitCodes.Success;
    }

    private static IReadOnlyList<LabeledExample> ReadTsv(string path)
    {
        CliContext.RequireFile(path);
        try
        {
            return Tsv.Read(path);
        }
        catch (FormatException ex)
        {
            throw new CommandFailedException(ex.Message);
        }
    }
}
