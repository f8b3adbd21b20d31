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

    public Task<ScriptStories> SaveAsync(string scriptId, string yaml, int expectedRevision, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scriptId);
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedRevision);
        lock (_db.Lock(CollectionName, scriptId))
        {
            var current = _stories.FindById(scriptId);
            var currentRevision = current?.Revision ?? 0;
            if (currentRevision != expectedRevision)
            {
                throw new ScriptConflictException(scriptId, expectedRevision, currentRevision, current?.UpdatedBy, current?.UpdatedAt);
            }
            var stories = current ?? new ScriptStories { Id = scriptId };
            stories.Yaml = yaml;
            stories.Revision = currentRevision + 1;
            stories.UpdatedBy = user;
            stories.UpdatedAt = _time.GetUtcNow();
            _stories.Upsert(stories);
            return Task.FromResult(stories);
        }
    }
}
