namespace Studio.Core.Scripts;

public enum Severity
{
    Error,
    Warning,
}

/// <summary>
/// A problem found in a script document, located by JSON path, node id and (when parsed from text) line,
/// so the CLI prints file:line and the studio jumps to the node.
/// </summary>
public sealed record Diagnostic(Severity Severity, string Code, string Message, string Path, string? NodeId = null, int? Line = null)
{
    public bool IsError => Severity == Severity.Error;

    public override string ToString()
    {
        var where = NodeId is null ? Path : $"node '{NodeId}' {Path}";
        var line = Line is null ? "" : $" (line {Line})";
        return $"{(IsError ? "error" : "warning")} {Code} {where}{line}: {Message}";
    }
}
