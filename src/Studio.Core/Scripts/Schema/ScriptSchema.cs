namespace Studio.Core.Scripts.Schema;

/// <summary>
/// The JSON Schema (draft-07) of script format v1, embedded in Core so the studio editor, the CLI and
/// the tests all use the same file.
/// </summary>
public static class ScriptSchema
{
    public const string ResourceName = "Studio.Core.script.schema.json";

    private static readonly Lazy<string> s_json = new(Load);

    /// <summary>The schema document as JSON text.</summary>
    public static string Json => s_json.Value;

    private static string Load()
    {
        using var stream = typeof(ScriptSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from Studio.Core");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
