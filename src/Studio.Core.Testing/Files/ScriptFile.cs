using Studio.Core.Scripts;
using Studio.Core.Scripts.Validation;

namespace Studio.Core.Testing.Files;

/// <summary>
/// A script document loaded from disk: what reading found, what validation found, and the script when it
/// could be read. Shared by the CLI, the story runner and the studio so a file means the same everywhere.
/// </summary>
public sealed record ScriptFile(string Path, ScriptReadResult Read, IReadOnlyList<Diagnostic> Validation)
{
    /// <summary>The script, when the document could be read (it may still have validation errors).</summary>
    public Script? Script => Read.Script;

    /// <summary>Reading diagnostics, then validation diagnostics.</summary>
    public IEnumerable<Diagnostic> Diagnostics => Read.Diagnostics.Concat(Validation);

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>Reads and validates one file. Throws only for I/O problems (missing file, no access).</summary>
    public static ScriptFile Load(string path, ValidationOptions? options = null)
    {
        var text = File.ReadAllText(path);
        var read = ScriptJson.Read(text);
        var validation = read.Script is null ? [] : ScriptValidator.Validate(read.Script, read.Lines, options);
        return new ScriptFile(path, read, validation);
    }

    /// <summary>
    /// One diagnostic as a compiler-style line:
    /// <c>path.json:12: error SS102 node 'x' at $.nodes[3].routes.affirm: message</c>.
    /// </summary>
    public static string Format(string displayPath, Diagnostic diagnostic)
    {
        var line = diagnostic.Line is { } n ? ":" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        var node = diagnostic.NodeId is null ? "" : $"node '{diagnostic.NodeId}' ";
        var severity = diagnostic.IsError ? "error" : "warning";
        return $"{displayPath}{line}: {severity} {diagnostic.Code} {node}at {diagnostic.Path}: {diagnostic.Message}";
    }

    /// <summary>Directories never searched for scripts.</summary>
    public static readonly IReadOnlyList<string> SkippedDirectories = ["node_modules", "bin", "obj", ".git"];

    /// <summary>
    /// Every candidate script document under a directory (recursively, sorted by path): <c>*.json</c>
    /// except JSON schemas (<c>*.schema.json</c>) and build or package folders.
    /// </summary>
    public static IReadOnlyList<string> Find(string directory)
    {
        var found = new List<string>();
        Collect(directory, found);
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private static void Collect(string directory, List<string> found)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
        {
            if (!file.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase))
            {
                found.Add(file);
            }
        }
        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            if (!SkippedDirectories.Contains(System.IO.Path.GetFileName(child), StringComparer.OrdinalIgnoreCase))
            {
                Collect(child, found);
            }
        }
    }
}
