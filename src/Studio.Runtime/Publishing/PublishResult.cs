using Studio.Core.Scripts;
using Studio.Data.Versions;

namespace Studio.Runtime.Publishing;

public enum PublishStatus
{
    /// <summary>A new version was stored and activated.</summary>
    Published,

    /// <summary>This exact content was published before: that version was activated again.</summary>
    Reactivated,

    /// <summary>Errors in the document (or training) blocked publishing; nothing was stored.</summary>
    Refused,

    /// <summary>No draft with this id.</summary>
    NotFound,
}

/// <summary>What publishing did, with every diagnostic (errors when refused, warnings kept with the version).</summary>
public sealed record PublishResult(PublishStatus Status, IReadOnlyList<Diagnostic> Diagnostics)
{
    public ScriptVersion? Version { get; init; }
    public ScriptActivation? Activation { get; init; }

    public bool Succeeded => Status is PublishStatus.Published or PublishStatus.Reactivated;
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);
    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => !d.IsError);
}

/// <summary>Diagnostic codes of the publishing step itself (the document's own are in docs/script-format.md).</summary>
public static class PublishCodes
{
    /// <summary>The document's id is not the id of the script being published.</summary>
    public const string IdMismatch = "P001";

    /// <summary>Training the NLU model failed.</summary>
    public const string TrainingFailed = "P002";
}

/// <summary>One row of the version list.</summary>
public sealed record VersionSummary(
    int Number,
    string Version,
    string? Note,
    string PublishedBy,
    DateTimeOffset PublishedAt,
    IReadOnlyList<Diagnostic> Warnings,
    long ModelBytes,
    IReadOnlyList<string> ActiveOn)
{
    /// <summary>Active for new conversations on some channel ("all", "voice", "wecom").</summary>
    public bool IsActive => ActiveOn.Count > 0;
}

public enum RollbackStatus
{
    Activated,
    VersionNotFound,
}

public sealed record RollbackResult(RollbackStatus Status, ScriptActivation? Activation, ScriptVersion? Version);
