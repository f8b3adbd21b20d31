namespace Studio.Core.Scripts.Validation;

/// <summary>Options of validation and lint (e.g. a brand's own allowlist of lawful terms).</summary>
public sealed record ValidationOptions
{
    public static readonly ValidationOptions Default = new();

    /// <summary>Extra phrases exempt from the absolute-term lint, on top of the script's allowedTerms.</summary>
    public IReadOnlyList<string> AllowedTerms { get; init; } = [];
}

/// <summary>Checks a script document: errors block publishing, warnings (lints) need an acknowledgement.</summary>
public static class ScriptValidator
{
    // Placeholder until the validation rules land (see issue #2 point 3).
    public static IReadOnlyList<Diagnostic> Validate(Script script, JsonLineMap? lines = null, ValidationOptions? options = null) => [];
}
