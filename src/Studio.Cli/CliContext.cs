using Studio.Core.Scripts;
using Studio.Core.Testing.Scripts;

namespace Studio.Cli;

/// <summary>Exit codes of every command.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and found problems: lint errors, failing stories, an unreadable script.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: unknown command or option, missing file, nothing to work on.</summary>
    public const int Usage = 2;
}

/// <summary>A wrong command line or argument; reported as one line on stderr with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>A command failed for a reason the user can fix; reported as one line on stderr with exit code 1.</summary>
public sealed class CommandFailedException(string message) : Exception(message);

/// <summary>The streams a command talks to and how to decorate its output.</summary>
public sealed class CliContext(TextReader stdin, TextWriter stdout, TextWriter stderr)
{
    public TextReader In { get; } = stdin;
    public TextWriter Out { get; } = stdout;
    public TextWriter Error { get; } = stderr;

    /// <summary>ANSI styling only when writing to a real terminal and NO_COLOR is unset.</summary>
    public bool Color { get; init; }

    /// <summary>Is a person typing at a terminal (so the chat prompt is not echoed)?</summary>
    public bool Interactive { get; init; }

    public string Dim(string text) => Color ? "\u001b[2m" + text + "\u001b[0m" : text;

    public string Bold(string text) => Color ? "\u001b[1m" + text + "\u001b[0m" : text;

    public string Red(string text) => Color ? "\u001b[31m" + text + "\u001b[0m" : text;

    public string Green(string text) => Color ? "\u001b[32m" + text + "\u001b[0m" : text;

    /// <summary>
    /// Loads one script file for a command that needs a runnable script (chat, render). A missing file
    /// is a usage error; a document that cannot be read fails the command with its diagnostics on stderr.
    /// </summary>
    public ScriptFile LoadScript(string path)
    {
        RequireFile(path);
        var file = ScriptFile.Load(path);
        if (file.Script is null)
        {
            foreach (var diagnostic in file.Read.Diagnostics)
            {
                Error.WriteLine(ScriptFiles.Format(path, diagnostic));
            }
            throw new CommandFailedException($"{path} is not a readable script document");
        }
        return file;
    }

    public static void RequireFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new UsageException($"{path} is a directory; give a script file (.json)");
        }
        if (!File.Exists(path))
        {
            throw new UsageException($"file not found: {path}");
        }
    }

    public static void RequireDirectory(string path)
    {
        if (File.Exists(path))
        {
            throw new UsageException($"{path} is a file; give a directory");
        }
        if (!Directory.Exists(path))
        {
            throw new UsageException($"directory not found: {path}");
        }
    }
}
