using System.Collections.Concurrent;
using Studio.Core.Dialogs;
using Studio.Core.Scripts;
using Studio.Data.Versions;
using Studio.Nlu.Pipeline;

namespace Studio.Runtime.Publishing;

/// <summary>The NLU model published with a version, attached to its <see cref="CompiledScript"/> as a feature.</summary>
public sealed record PublishedNluModel(byte[] Bytes, string? Key);

/// <summary>Gets the compiled script a conversation runs on.</summary>
public interface ICompiledScriptResolver
{
    /// <summary>A published version by script id and content hash (what a conversation's state carries); null when unknown.</summary>
    ValueTask<CompiledScript?> GetAsync(string scriptId, string version, CancellationToken cancellationToken = default);

    /// <summary>The version new conversations of a script start on for a channel; null when none is active.</summary>
    ValueTask<CompiledScript?> GetActiveAsync(string scriptId, Channel channel, CancellationToken cancellationToken = default);
}

/// <summary>
/// Resolves versions from the version store and caches the compiled scripts: versions are immutable,
/// so a cached compile never goes stale. The active version is looked up on every call (a cheap key
/// read), so a publish or rollback takes effect for the next new conversation. The version's NLU model,
/// when it has one, is attached as a <see cref="PublishedNluModel"/> feature and put into
/// <paramref name="models"/> under its key: an <c>NluPipeline</c> built on the same model store then
/// loads the published model for the version instead of training it again.
/// <para>
/// With <paramref name="nlu"/>, the version's recogniser (rules and model) is prepared here too, once, while callers
/// await the load: otherwise the first turns of many new conversations would all block on the same lazy model load
/// inside the engine's synchronous step, and a thread pool full of blocked grain turns starves the load itself
/// (measured: 64 simultaneous first messages stalled ~30 s).
/// </para>
/// </summary>
public sealed class CompiledScriptResolver(IScriptVersionStore versions, IModelStore? models = null, int capacity = 512, NluPipeline? nlu = null)
    : ICompiledScriptResolver
{
    private readonly ConcurrentDictionary<string, Lazy<Task<CompiledScript?>>> _cache = new(StringComparer.Ordinal);

    public int CachedCount => _cache.Count;

    public async ValueTask<CompiledScript?> GetAsync(string scriptId, string version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scriptId);
        ArgumentException.ThrowIfNullOrEmpty(version);
        var key = ScriptVersion.KeyOf(scriptId, version);
        if (_cache.Count >= capacity && !_cache.ContainsKey(key))
        {
            // Hundreds of live versions is far beyond normal; start over rather than track recency.
            _cache.Clear();
        }
        // The load (store reads, compile, model) runs on the thread pool: callers only await it, none blocks on the lazy.
        var lazy = _cache.GetOrAdd(key, _ => new Lazy<Task<CompiledScript?>>(() => Task.Run(() => LoadAsync(scriptId, version))));
        CompiledScript? compiled;
        try
        {
            compiled = await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _cache.TryRemove(new KeyValuePair<string, Lazy<Task<CompiledScript?>>>(key, lazy));
            throw;
        }
        if (compiled is null)
        {
            // Not published (yet): do not remember the miss.
            _cache.TryRemove(new KeyValuePair<string, Lazy<Task<CompiledScript?>>>(key, lazy));
        }
        return compiled;
    }

    public async ValueTask<CompiledScript?> GetActiveAsync(string scriptId, Channel channel, CancellationToken cancellationToken = default)
    {
        var active = await versions.GetActiveAsync(scriptId, channel, cancellationToken).ConfigureAwait(false);
        return active is null ? null : await GetAsync(scriptId, active.Version, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CompiledScript?> LoadAsync(string scriptId, string version)
    {
        var stored = await versions.GetAsync(scriptId, version).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }
        var read = ScriptJson.Read(stored.Document);
        if (read.Script is null)
        {
            throw new InvalidOperationException($"stored version {scriptId}:{version} cannot be read: {(read.Diagnostics.Count > 0 ? read.Diagnostics[0] : null)}");
        }
        var compiled = CompiledScript.Compile(read.Script);
        if (compiled.Version != version)
        {
            throw new InvalidOperationException($"stored version {scriptId}:{version} hashes to {compiled.Version}: the document or the hash changed");
        }
        if (stored.ModelBytes > 0 && await versions.GetModelAsync(scriptId, version).ConfigureAwait(false) is { } model)
        {
            compiled.GetOrAddFeature(_ => new PublishedNluModel(model, stored.ModelKey));
            if (stored.ModelKey is { Length: > 0 } key)
            {
                models?.Save(key, model);
            }
        }
        nlu?.Prepare(compiled);
        return compiled;
    }
}
