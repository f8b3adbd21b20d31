namespace Studio.Data.Scripts;

/// <summary>
/// The story tests of a draft script (the text of its <c>*.stories.yaml</c>), kept next to the draft: a library
/// script keeps its stories in a file beside it, a draft in the database beside its document.
/// </summary>
public interface IScriptStoryStore
{
    /// <summary>The stories file of the script, or null when it has none.</summary>
    Task<ScriptStories?> GetAsync(string scriptId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the stories file. <paramref name="expectedRevision"/> is the revision read (0 when there was none);
    /// throws <see cref="ScriptConflictException"/> when someone saved in between.
    /// </summary>
    Task<ScriptStories> SaveAsync(string scriptId, string yaml, int expectedRevision, string user, CancellationToken cancellationToken = default);
}

/// <summary>The stories YAML of one script (docs/stories.md) and its revision.</summary>
public sealed class ScriptStories
{
    /// <summary>The script id.</summary>
    public string Id { get; set; } = "";

    public string Yaml { get; set; } = "";
    public int Revision { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}
