using Studio.Data.Storage;

namespace Studio.Data.Scripts;

/// <summary>Script drafts with optimistic concurrency.</summary>
public interface IScriptDraftStore
{
    Task<ScriptDraft?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves the document. <paramref name="expectedRevision"/> is the revision the editor loaded (0 to
    /// create a new script). Returns the stored draft with its new revision; throws
    /// <see cref="ScriptConflictException"/> when the stored revision differs.
    /// </summary>
    Task<ScriptDraft> SaveAsync(string id, string document, int expectedRevision, string user, CancellationToken cancellationToken = default);

    /// <summary>Changes the status (and the published version) without a document change; the revision stays.</summary>
    Task<ScriptDraft?> SetStatusAsync(string id, ScriptStatus status, string? publishedVersion, CancellationToken cancellationToken = default);

    /// <summary>Newest change first.</summary>
    Task<Page<ScriptDraft>> ListAsync(ScriptQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes when the revision matches (0: whatever it is); false when there was nothing to delete.</summary>
    Task<bool> DeleteAsync(string id, int expectedRevision = 0, CancellationToken cancellationToken = default);
}
