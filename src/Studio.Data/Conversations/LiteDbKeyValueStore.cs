using LiteDB;
using Studio.Data.Storage;

namespace Studio.Data.Conversations;

/// <summary>
/// Key/value records in one LiteDB collection. The etag is random per write, so a key deleted and
/// written again never matches an etag from before the deletion.
/// </summary>
public sealed class LiteDbKeyValueStore : IKeyValueStore
{
    internal const string CollectionName = "kv";
    private readonly StudioDatabase _db;
    private readonly TimeProvider _time;
    private readonly ILiteCollection<Record> _records;

    public LiteDbKeyValueStore(StudioDatabase db, TimeProvider? time = null)
    {
        _db = db;
        _time = time ?? TimeProvider.System;
        _records = db.Collection<Record>(CollectionName);
    }

    public Task<StoredValue?> ReadAsync(string ns, string key, CancellationToken cancellationToken = default)
    {
        var record = _records.FindById(Id(ns, key));
        return Task.FromResult(record is null ? null : new StoredValue(ns, key, record.Value, ETagOf(record), record.UpdatedAt));
    }

    public Task<string> WriteAsync(string ns, string key, string value, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        var id = Id(ns, key);
        lock (_db.Lock(CollectionName, id))
        {
            var current = _records.FindById(id);
            var actual = current is null ? null : ETagOf(current);
            if (!string.Equals(actual, expectedETag, StringComparison.Ordinal))
            {
                throw new ETagMismatchException(ns, key, expectedETag, actual);
            }
            var record = new Record { Id = id, Value = value, ETag = NewETag(), UpdatedAt = _time.GetUtcNow() };
            _records.Upsert(record);
            return Task.FromResult(ETagOf(record));
        }
    }

    public Task<bool> DeleteAsync(string ns, string key, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var id = Id(ns, key);
        lock (_db.Lock(CollectionName, id))
        {
            var current = _records.FindById(id);
            var actual = current is null ? null : ETagOf(current);
            if (!string.Equals(actual, expectedETag, StringComparison.Ordinal))
            {
                throw new ETagMismatchException(ns, key, expectedETag, actual);
            }
            return Task.FromResult(current is not null && _records.Delete(id));
        }
    }

    private static string Id(string ns, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (ns.Contains('\u001f', StringComparison.Ordinal))
        {
            throw new ArgumentException("the namespace must not contain U+001F", nameof(ns));
        }
        return ns + "\u001f" + key;
    }

    private static string ETagOf(Record record) => record.ETag;

    private static string NewETag() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    internal sealed class Record
    {
        public string Id { get; set; } = "";
        public string Value { get; set; } = "";
        public string ETag { get; set; } = "";
        public DateTimeOffset UpdatedAt { get; set; }
    }
}
