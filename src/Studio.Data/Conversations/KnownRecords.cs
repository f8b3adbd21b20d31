using System.Diagnostics.CodeAnalysis;

namespace Studio.Data.Conversations;

/// <summary>
/// What the writer thread knows of key/value records it wrote: the etag by record id. A conversation writes its record
/// every turn, and reading it back first to check the etag was a LiteDB query — parse, plan, page reads, a mapped
/// document — on the one serial stage of every turn. One per database, shared by every <see cref="LiteDbKeyValueStore"/>
/// on it, and forgotten whole when a batch rolls back, so it never describes a write that did not commit. Writer
/// thread only.
/// </summary>
internal sealed class KnownRecords(int capacity = KnownRecords.DefaultCapacity)
{
    /// <summary>About as many conversations as are active at once on one node; ~150 bytes each.</summary>
    public const int DefaultCapacity = 16_384;

    private readonly Dictionary<string, string> _etags = new(StringComparer.Ordinal);

    public bool TryGetETag(string id, [NotNullWhen(true)] out string? etag) => _etags.TryGetValue(id, out etag);

    public void Set(string id, string etag)
    {
        if (_etags.Count >= capacity && !_etags.ContainsKey(id))
        {
            // Far more than are active: start over (the next write of each reads its record once) rather than track recency.
            _etags.Clear();
        }
        _etags[id] = etag;
    }

    public void Forget(string id) => _etags.Remove(id);

    public void Clear() => _etags.Clear();
}
