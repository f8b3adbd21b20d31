using LiteDB;
using Studio.Data.Storage;

namespace Studio.Data.Scripts;

public sealed class LiteDbScriptStoryStore : IScriptStoryStore
{
    internal const string CollectionName = "script_stories";
    private readonly StudioDatabase _db;
    private readonly TimeProvider _time;
    private readonly ILiteCollection<ScriptStories> _stories;

    public LiteDbScriptStoryStore(StudioDatabase db, TimeProvider? time = null)
    {
        _db = db;
        _time = time ?? TimeProvider.System;
        _stories = db.Collection<ScriptStories>(CollectionName);
    }

    public Task<ScriptStories?> GetAsync(string scriptId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scriptId);
        return Task.FromResult<ScriptStories?>(_stories.FindById(scriptId));
    }

    public async Task<ScriptStories> SaveAsync(string scriptId, string yaml, int expectedRevision, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scriptId);
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedRevision);
        var (saved, current) = await _db.WriteAsync<(ScriptStories?, ScriptStories?)>(() =>
        {
            var current = _stories.FindById(scriptId);
            if ((current?.Revision ?? 0) != expectedRevision)
            {
                return (null, current);
            }
            var stories = current ?? new ScriptStories { Id = scriptId };
            stories.Yaml = yaml;
            stories.Revision = expectedRevision + 1;
            stories.UpdatedBy = user;
            stories.UpdatedAt = _time.GetUtcNow();
            _stories.Upsert(stories);
            return (stories, current);
        }).ConfigureAwait(false);
        return saved ?? throw new ScriptConflictException(scriptId, expectedRevision, current?.Revision ?? 0, current?.UpdatedBy, current?.UpdatedAt);
    }
}
