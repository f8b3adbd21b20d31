namespace Studio.Core.Scripts;

/// <summary>Stable codes of every diagnostic; docs/script-format.md lists them with examples.</summary>
public static class DiagnosticCodes
{
    // Reading the document
    public const string MalformedJson = "SS001";
    public const string UnsupportedFormat = "SS002";
    public const string UnknownNodeKind = "SS003";
    public const string InvalidValue = "SS004";
    public const string MissingNodeId = "SS005";
}
