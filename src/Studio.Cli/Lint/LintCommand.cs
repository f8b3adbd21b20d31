using System.CommandLine;
using Studio.Core.Testing.Scripts;

namespace Studio.Cli.Lint;

/// <summary><c>studio lint &lt;file|dir&gt;</c>: reads and validates scripts, prints compiler-style diagnostics.</summary>
public static class LintCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("path") { Description = "A script file, or a directory searched recursively for *.json scripts" };
        var command = new Command("lint", "Check scripts for errors and warnings (file:line diagnostics, exit 1 on errors)") { path };
        command.SetAction(result => Run(context, result.GetRequiredValue(path)));
        return command;
    }

    public static int Run(CliContext context, string path)
    {
        var files = Collect(path);
        int errors = 0, warnings = 0;
        foreach (var (file, display) in files)
        {
            var loaded = ScriptFile.Load(file);
            foreach (var diagnostic in loaded.Diagnostics.OrderBy(d => d.Line ?? 0))
            {
                var line = ScriptFiles.Format(display, diagnostic);
                if (diagnostic.IsError)
                {
                    errors++;
                    context.Out.WriteLine(context.Red(line));
                }
                else
                {
                    warnings++;
                    context.Out.WriteLine(line);
                }
            }
        }
        context.Out.WriteLine($"{Count(files.Count, "script")}: {Count(errors, "error")}, {Count(warnings, "warning")}");
        return errors > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>The files to check, each with the path to print (as given, plus the part found under a directory).</summary>
    private static List<(string File, string Display)> Collect(string path)
    {
        if (File.Exists(path))
        {
            return [(path, path)];
        }
        if (!Directory.Exists(path))
        {
            throw new UsageException($"file or directory not found: {path}");
        }
        var found = ScriptFiles.Find(path);
        if (found.Count == 0)
        {
            throw new UsageException($"no script files (*.json) under {path}");
        }
        var here = Path.TrimEndingDirectorySeparator(path) == ".";
        return [.. found.Select(f => (f, here ? Path.GetRelativePath(path, f) : Path.Join(path, Path.GetRelativePath(path, f))))];
    }

    internal static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
