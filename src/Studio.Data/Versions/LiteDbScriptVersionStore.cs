using System.Collections.Concurrent;
using LiteDB;
using Studio.Core.Scripts;
using Studio.Data.Storage;

namespace Studio.Data.Versions;

public sealed class LiteDbScriptVersionStore : IScriptVersionStore
{
    internal const string VersionsCollection = "script_versions";
    internal const string ActivationsCollection = "script_activations";
    internal const string HistoryCollection = "script_activation_log";
    private readonly StudioDatabase _db;
    private readonly TimeProvider _time;
    private readonly ILiteCollection<ScriptVersion> _versions;
    private readonly ILiteCollection<ScriptActivation> _activations;
    private readonly ILiteCollection<ScriptActivation> _history;
    private readonly ILiteStorage<string> _models;

    // Every new conversation asks which version is active; activations change a few times a day.
    private readonly ConcurrentDictionary<string, (long Generation, ScriptActivation? Activation)> _active = new(StringComparer.Ordinal);

    public LiteDbScriptVersionStore(StudioDatabase db, TimeProvider? time = null)
    {
        _db = db;
        _time = time ?? TimeProvider.System;
        _versions = db.Collection<ScriptVersion>(VersionsCollection, c =>
        {
            c.EnsureIndex(v => v.ScriptId);
            c.EnsureIndex(v => v.Version);
        });
        _activations = db.Collection<ScriptActivation>(ActivationsCollection, c => c.EnsureIndex(a => a.ScriptId));
        _history = db.Collection<ScriptActivation>(HistoryCollection, c => c.EnsureIndex(a => a.ScriptId));
        // The model storage's collections exist before anything reads them (see StudioDatabase.Collection).
        db.Collection<BsonDocument>("nlu_model_files");
        db.Collection<BsonDocument>("nlu_model_chunks");
        _models = db.Database.GetStorage<string>("nlu_model_files", "nlu_model_chunks");
    }

    public Task<AddVersionResult> AddAsync(ScriptVersion version, byte[]? model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentException.ThrowIfNullOrEmpty(version.ScriptId);
        ArgumentException.ThrowIfNullOrEmpty(version.Version);
        return _db.WriteAsync(() =>
        {
            var key = ScriptVersion.KeyOf(version.ScriptId, version.Version);
            if (_versions.FindById(key) is { } existing)
            {
                return new AddVersionResult(existing, false);
            }
            version.Id = key;
            version.Number = _versions.Count(Query.EQ(nameof(ScriptVersion.ScriptId), version.ScriptId)) + 1;
            version.ModelBytes = model?.LongLength ?? 0;
            if (model is { Length: > 0 })
            {
                // The model goes first: a version row is never visible without the model it promises.
                using var stream = new MemoryStream(model, writable: false);
                _models.Upload(ModelFileId(key), key + ".nlu", stream);
            }
            _versions.Insert(version);
            return new AddVersionResult(version, true);
        });
    }

    public Task<ScriptVersion?> GetAsync(string scriptId, string version, CancellationToken cancellationToken = default) =>
        Task.FromResult<ScriptVersion?>(_versions.FindById(ScriptVersion.KeyOf(scriptId, version)));

    public Task<ScriptVersion?> FindAsync(string version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        return Task.FromResult<ScriptVersion?>(_versions.FindOne(Query.EQ(nameof(ScriptVersion.Version), version)));
    }

    public Task<IReadOnlyList<ScriptVersion>> ListAsync(string scriptId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scriptId);
        IReadOnlyList<ScriptVersion> list = [.. _versions.Find(Query.EQ(nameof(ScriptVersion.ScriptId), scriptId)).OrderByDescending(v => v.Number)];
        return Task.FromResult(list);
    }

    public Task<byte[]?> GetModelAsync(string scriptId, string version, CancellationToken cancellationToken = default)
    {
        var id = ModelFileId(ScriptVersion.KeyOf(scriptId, version));
        if (!_models.Exists(id))
        {
            return Task.FromResult<byte[]?>(null);
        }
        using var stream = new MemoryStream();
        _models.Download(id, stream);
        return Task.FromResult<byte[]?>(stream.ToArray());
    }

    public async Task<ScriptActivation> ActivateAsync(string scriptId, string version, Channel? channel, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scriptId);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(user);
        // One write: the replaced activations, the new one and its history row commit together.
        var activated = await _db.WriteAsync(() =>
        {
            if (_versions.FindById(ScriptVersion.KeyOf(scriptId, version)) is null)
            {
                return null;
            }
            var key = ScriptActivation.KeyOf(scriptId, channel);
            var previous = _activations.FindById(key)?.Version ?? (channel is null ? null : _activations.FindById(scriptId)?.Version);
            var activation = new ScriptActivation
            {
                Id = key,
                ScriptId = scriptId,
                Channel = channel,
                Version = version,
                ActivatedBy = user,
                ActivatedAt = _time.GetUtcNow(),
                Previous = previous,
            };
            if (channel is null)
            {
                // A script-wide activation replaces every channel-specific one.
                _activations.DeleteMany(Query.EQ(nameof(ScriptActivation.ScriptId), scriptId));
            }
            _activations.Upsert(activation);
            _history.Insert(new ScriptActivation
            {
                Id = ObjectId.NewObjectId().ToString(),
                ScriptId = scriptId,
                Channel = channel,
                Version = version,
                ActivatedBy = user,
                ActivatedAt = activation.ActivatedAt,
                Previous = previous,
            });
            return activation;
        }).ConfigureAwait(false);
        if (activated is not null)
        {
            _db.Changed(ActivationsCollection);
        }
        return activated ?? throw new KeyNotFoundException($"script '{scriptId}' has no version '{version}'");
    }

    public Task<ScriptActivation?> GetActiveAsync(string scriptId, Channel? channel = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scriptId);
        var key = ScriptActivation.KeyOf(scriptId, channel);
        // Read before the lookup: an activation committed meanwhile bumps it, so a stale answer is never kept as current.
        var generation = _db.Generation(ActivationsCollection);
        if (_active.TryGetValue(key, out var cached) && cached.Generation == generation)
        {
            return Task.FromResult(cached.Activation);
        }
        var active = (channel is null ? null : _activations.FindById(key)) ?? _activations.FindById(scriptId);
        _active[key] = (generation, active);
        return Task.FromResult<ScriptActivation?>(active);
    }

    public Task<IReadOnlyList<ScriptActivation>> GetActivationsAsync(string scriptId, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ScriptActivation> list = [.. _activations.Find(Query.EQ(nameof(ScriptActivation.ScriptId), scriptId)).OrderBy(a => a.Id, StringComparer.Ordinal)];
        return Task.FromResult(list);
    }

    public Task<IReadOnlyList<ScriptActivation>> GetActivationHistoryAsync(string scriptId, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ScriptActivation> list = [.. _history.Find(Query.EQ(nameof(ScriptActivation.ScriptId), scriptId))
            .OrderByDescending(a => a.ActivatedAt).ThenByDescending(a => a.Id, StringComparer.Ordinal)];
        return Task.FromResult(list);
    }

    private static string ModelFileId(string versionKey) => "$/models/" + versionKey;
}
