using Studio.Core.Scripts;

namespace Studio.Data.Scripts;

public enum ScriptStatus
{
    /// <summary>Never published.</summary>
    Draft,

    /// <summary>Has an active version (the draft may have changed since).</summary>
    Published,

    /// <summary>Retired: kept for history, hidden from the default list.</summary>
    Archived,
}

/// <summary>
/// A script as the studio edits it: the document JSON plus the bookkeeping of optimistic concurrency.
/// <see cref="Revision"/> grows by one on every save; a save names the revision it was based on.
/// </summary>
public sealed class ScriptDraft
{
    public string Id { get; set; } = "";

    /// <summary>The document (format v1 JSON) exactly as saved; it may be invalid while being edited.</summary>
    public string Document { get; set; } = "";

    /// <summary>Read from the document when it can be read (for listing and search).</summary>
    public string Name { get; set; } = "";

    public List<Channel> Channels { get; set; } = [];
    public ScriptStatus Status { get; set; }
    public int Revision { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The version last published from this script (content hash), if any.</summary>
    public string? PublishedVersion { get; set; }
}

/// <summary>Filters of <see cref="IScriptDraftStore.ListAsync"/>.</summary>
public sealed record ScriptQuery
{
    /// <summary>Case-insensitive text searched in id and name.</summary>
    public string? Search { get; init; }

    public Channel? Channel { get; init; }

    /// <summary>Only this status; without it, everything except archived scripts.</summary>
    public ScriptStatus? Status { get; init; }

    /// <summary>Cursor from a previous page.</summary>
    public string? After { get; init; }

    public int Take { get; init; } = 50;
}

/// <summary>
/// A save based on a stale revision: someone else saved in between. Nothing was written; the user
/// reloads (and re-applies their change) instead of silently overwriting the other person's work.
/// </summary>
public sealed class ScriptConflictException(string scriptId, int expectedRevision, int currentRevision, string? changedBy, DateTimeOffset? changedAt)
    : Exception(Describe(scriptId, expectedRevision, currentRevision, changedBy, changedAt))
{
    public string ScriptId { get; } = scriptId;
    public int ExpectedRevision { get; } = expectedRevision;

    /// <summary>The revision in the store (0 when the script no longer exists).</summary>
    public int CurrentRevision { get; } = currentRevision;

    public string? ChangedBy { get; } = changedBy;
    public DateTimeOffset? ChangedAt { get; } = changedAt;

    private static string Describe(string id, int expected, int current, string? by, DateTimeOffset? at)
    {
        if (current == 0)
        {
            return $"the script '{id}' no longer exists (it was deleted); reload";
        }
        if (expected == 0)
        {
            return $"the script '{id}' already exists (created by {by} at {at:yyyy-MM-dd HH:mm:ss zzz}); reload";
        }
        return $"the script '{id}' was changed by {by} at {at:yyyy-MM-dd HH:mm:ss zzz} (revision {current}, yours is {expected}); reload";
    }
}
