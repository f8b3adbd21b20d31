using System.CommandLine;
using Studio.Core.Scripts;
using Studio.Core.Testing.Scripts;
using Studio.Data;
using Studio.Data.Scripts;
using Studio.Data.Storage;
using Studio.Data.Versions;
using Studio.Runtime.Publishing;

namespace Studio.Cli.Publish;

/// <summary>
/// <c>studio publish &lt;file&gt; --db &lt;path&gt; --note "…"</c>: validates, lints, trains and stores a new
/// version in the database, and activates it for new conversations. Errors refuse the publish (exit 1,
/// diagnostics printed like <c>studio lint</c>).
/// </summary>
public static class PublishCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The script file (.json)" };
        var db = DbOption();
        var note = new Option<string?>("--note", "-n") { Description = "What changed (kept with the version)", HelpName = "text" };
        var by = new Option<string?>("--by") { Description = "Who publishes (default: the login name)", HelpName = "name" };
        var channel = new Option<string?>("--channel", "-c")
        {
            Description = "Activate for one channel only (default: all channels)",
            HelpName = "voice|wecom",
        };
        channel.AcceptOnlyFromAmong("voice", "wecom");
        var command = new Command("publish", "Publish a script into the database: validate, lint, train, store a version, activate it")
        {
            file, db, note, by, channel,
        };
        command.SetAction(result => Run(context, result.GetRequiredValue(file), result.GetValue(db)!, result.GetValue(note), result.GetValue(by),
            result.GetValue(channel)));
        return command;
    }

    internal static Option<string> DbOption() => new("--db")
    {
        Description = "The LiteDB database file (created when missing; the runtime must not have it open)",
        HelpName = "path",
        DefaultValueFactory = _ => new StudioDataOptions().DatabasePath,
    };

    public static int Run(CliContext context, string path, string dbPath, string? note, string? by, string? channelName)
    {
        CliContext.RequireFile(path);
        var document = File.ReadAllText(path);
        var channel = channelName is null ? (Channel?)null : channelName == "voice" ? Channel.Voice : Channel.Wecom;
        var user = string.IsNullOrWhiteSpace(by) ? Environment.UserName : by.Trim();

        using var db = StudioDatabase(dbPath);
        var publisher = new ScriptPublisher(new LiteDbScriptDraftStore(db), new LiteDbScriptVersionStore(db), PublishingTrainer.Create());
        var result = publisher.PublishAsync(document, note, user, channel).GetAwaiter().GetResult();

        foreach (var diagnostic in result.Diagnostics.OrderBy(d => d.Severity).ThenBy(d => d.Line ?? 0))
        {
            var line = ScriptFiles.Format(path, diagnostic);
            context.Out.WriteLine(diagnostic.IsError ? context.Red(line) : line);
        }
        if (!result.Succeeded)
        {
            var errors = result.Errors.Count();
            throw new CommandFailedException($"publish refused: {errors} error{(errors == 1 ? "" : "s")} in {path}; nothing was stored");
        }
        var version = result.Version!;
        var what = result.Status == PublishStatus.Published ? "published" : "already published; activated again";
        var where = channel is null ? "all channels" : channelName;
        var warnings = result.Warnings.Count();
        context.Out.WriteLine(context.Green($"{version.ScriptId} version {version.Number} ({version.Version}) {what}: active for new conversations on {where}"));
        context.Out.WriteLine($"{Lint.LintCommand.Count(warnings, "warning")} kept with the version; {(version.ModelBytes > 0 ? $"NLU model {version.ModelBytes} bytes" : "no NLU model")}; database {db.Path}");
        return ExitCodes.Success;
    }

    internal static StudioDatabase StudioDatabase(string path)
    {
        if (Directory.Exists(path))
        {
            throw new UsageException($"{path} is a directory; give the database file (e.g. data/studio.db)");
        }
        return new StudioDatabase(path);
    }
}

/// <summary><c>studio versions &lt;script-id&gt; --db &lt;path&gt;</c>: the published versions of a script, newest first.</summary>
public static class VersionsCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("script-id") { Description = "The script's id" };
        var db = PublishCommand.DbOption();
        var rollback = new Option<string?>("--activate")
        {
            Description = "Activate this earlier version (number or hash) for new conversations: a rollback",
            HelpName = "version",
        };
        var by = new Option<string?>("--by") { Description = "Who rolls back (default: the login name)", HelpName = "name" };
        var command = new Command("versions", "List a script's published versions, or roll back with --activate") { id, db, rollback, by };
        command.SetAction(result => Run(context, result.GetRequiredValue(id), result.GetValue(db)!, result.GetValue(rollback), result.GetValue(by)));
        return command;
    }

    public static int Run(CliContext context, string scriptId, string dbPath, string? activate, string? by)
    {
        if (!File.Exists(dbPath))
        {
            throw new UsageException($"database not found: {dbPath}");
        }
        using var db = PublishCommand.StudioDatabase(dbPath);
        var publisher = new ScriptPublisher(new LiteDbScriptDraftStore(db), new LiteDbScriptVersionStore(db), NoNluModelTrainer.Instance);
        if (activate is not null)
        {
            var user = string.IsNullOrWhiteSpace(by) ? Environment.UserName : by.Trim();
            var rolled = publisher.RollbackAsync(scriptId, activate, user).GetAwaiter().GetResult();
            if (rolled.Status == RollbackStatus.VersionNotFound)
            {
                throw new CommandFailedException($"script '{scriptId}' has no version '{activate}'");
            }
            context.Out.WriteLine(context.Green($"{scriptId} version {rolled.Version!.Number} ({rolled.Version.Version}) is active again for new conversations"));
        }
        var versions = publisher.ListVersionsAsync(scriptId).GetAwaiter().GetResult();
        if (versions.Count == 0)
        {
            throw new CommandFailedException($"script '{scriptId}' has no published version in {dbPath}");
        }
        foreach (var v in versions)
        {
            var active = v.IsActive ? context.Bold(" [active: " + string.Join(", ", v.ActiveOn) + "]") : "";
            context.Out.WriteLine($"{v.Number,3}  {v.Version}  {v.PublishedAt.ToLocalTime():yyyy-MM-dd HH:mm}  {v.PublishedBy}  {Lint.LintCommand.Count(v.Warnings.Count, "warning")}{active}");
            if (!string.IsNullOrEmpty(v.Note))
            {
                context.Out.WriteLine(context.Dim("     " + v.Note));
            }
        }
        return ExitCodes.Success;
    }
}
