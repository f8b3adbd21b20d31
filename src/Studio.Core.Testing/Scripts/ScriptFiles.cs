using System.Globalization;
using Studio.Core.Scripts;

namespace Studio.Core.Testing.Scripts;

/// <summary>Finding script documents on disk and printing their diagnostics the way compilers do.</summary>
public static class ScriptFiles
{
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
            if (!SkippedDirectories.Contains(Path.GetFileName(child), StringComparer.OrdinalIgnoreCase))
            {
                Collect(child, found);
            }
        }
    }

    /// <summary>
    /// One diagnostic as a compiler-style line:
    /// <c>path.json:12: error SS102 node 'x' at $.nodes[3].routes.affirm: message</c>.
    /// </summary>
    public static string Format(string displayPath, Diagnostic diagnostic)
    {
        var line = diagnostic.Line is { } n ? ":" + n.ToString(CultureInfo.InvariantCulture) : "";
        var node = diagnostic.NodeId is null ? "" : $"node '{diagnostic.NodeId}' ";
        var severity = diagnostic.IsError ? "error" : "warning";
        return $"{displayPath}{line}: {severity} {diagnostic.Code} {node}at {diagnostic.Path}: {diagnostic.Message}";
    }
}
