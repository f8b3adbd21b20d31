using Studio.Core.Scripts;
using Studio.Core.Scripts.Validation;

namespace Studio.Core.Testing.Scripts;

/// <summary>A script document read from disk: the read result plus every validation diagnostic.</summary>
public sealed record ScriptFile(string Path, ScriptReadResult Read, IReadOnlyList<Diagnostic> Diagnostics)
{
    public Script? Script => Read.Script;

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>Reads and validates a script file; a missing or unreadable file becomes a diagnostic, not an exception.</summary>
    public static ScriptFile Load(string path, ValidationOptions? options = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var diagnostic = new Diagnostic(Severity.Error, DiagnosticCodes.MalformedJson, $"cannot read the file: {ex.Message}", "$");
            return new ScriptFile(path, new ScriptReadResult(null, [diagnostic], JsonLineMap.Empty), [diagnostic]);
        }
        return FromText(path, text, options);
    }

    public static ScriptFile FromText(string path, string json, ValidationOptions? options = null)
    {
        var read = ScriptJson.Read(json);
        var diagnostics = read.Script is null
            ? read.Diagnostics
            : [.. read.Diagnostics, .. ScriptValidator.Validate(read.Script, read.Lines, options)];
        return new ScriptFile(path, read, diagnostics);
    }
}
