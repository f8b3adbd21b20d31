namespace Studio.Data.Conversations;

/// <summary>
/// What the writer thread knows of key/value records it wrote: etag and attachment by record id. A conversation writes
/// its record every turn, and reading it back first (to check the etag and keep the attachment) was a LiteDB query —
/// parse, plan, page reads, a mapped document — on the one serial stage of every turn. One per database, shared by
/// every <see cref="LiteDbKeyValueStore"/> on it, and forgotten whole when a batch rolls back, so it never describes a
/// write that did not commit. Writer thread only.
/// </summary>
internal sealed class KnownRecords(int capacity = KnownRecords.DefaultCapacity)
{
    /// <summary>About as many conversations as are active at once on one node; ~100 bytes plus the attachment each.</summary>
    public const int DefaultCapacity = 16_384;

    private readonly Dictionary<string, (string ETag, string? Attachment)> _records = new(StringComparer.Ordinal);

    public int Count => _records.Count;

    public bool TryGet(string id, out (string ETag, string? Attachment) record) => _records.TryGetValue(id, out record);

    public void Set(string id, string etag, string? attachment)
    {
        if (_records.Count >= capacity && !_records.ContainsKey(id))
        {
            // Far more than are active: start over (the next write of each reads its record once) rather than track recency.
            _records.Clear();
        }
        _records[id] = (etag, attachment);
    }

    public void Forget(string id) => _records.Remove(id);

    public void Clear() => _records.Clear();
}
