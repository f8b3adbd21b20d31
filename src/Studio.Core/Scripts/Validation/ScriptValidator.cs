namespace Studio.Core.Scripts.Validation;

/// <summary>Options of validation and lint (e.g. a brand's own allowlist of lawful terms).</summary>
public sealed record ValidationOptions
{
    public static readonly ValidationOptions Default = new();

    /// <summary>Extra phrases exempt from the absolute-term lint, on top of the script's allowedTerms.</summary>
    public IReadOnlyList<string> AllowedTerms { get; init; } = [];
}

/// <summary>
/// Checks a script document: errors block publishing, warnings (lints) need an acknowledgement.
/// Every diagnostic names the JSON path, the node when it is about one, and the line when the
/// document was read from text. The codes are listed in docs/script-format.md.
/// </summary>
public static class ScriptValidator
{
    private static readonly Action<ValidationContext>[] Rules =
    [
        StructureRules.Check,
        RouteRules.Check,
        SplitRules.Check,
        GraphRules.Check,
        ReferenceRules.Check,
        TemplateRules.Check,
        ExpressionRules.Check,
        VoicePromptLint.Check,
        AbsoluteTermLint.Check,
        ConsentLints.Check,
    ];

    public static IReadOnlyList<Diagnostic> Validate(Script script, JsonLineMap? lines = null, ValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        var context = new ValidationContext(script, lines, options ?? ValidationOptions.Default);
        foreach (var rule in Rules)
        {
            rule(context);
        }
        // Errors first, then in document order (OrderBy is stable for diagnostics without a line).
        return [.. context.Diagnostics.OrderBy(d => d.Severity).ThenBy(d => d.Line ?? int.MaxValue)];
    }
}
