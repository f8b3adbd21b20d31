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
    private readonly KnownRecords _known;

    public LiteDbKeyValueStore(StudioDatabase db, TimeProvider? time = null)
    {
        _db = db;
        _time = time ?? TimeProvider.System;
        _records = db.Collection<Record>(CollectionName);
        _known = db.KnownRecords;
    }

    public Task<StoredValue?> ReadAsync(string ns, string key, CancellationToken cancellationToken = default)
    {
        var record = _records.FindById(Id(ns, key));
        return Task.FromResult(record is null ? null : new StoredValue(ns, key, record.Value, record.ETag, record.UpdatedAt) { Attachment = record.Attachment });
    }

    public async Task<string> WriteAsync(string ns, string key, string value, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        var id = Id(ns, key);
        var now = _time.GetUtcNow();
        // On the writer thread (group commit): the check and the write are one step, no lock needed.
        var (written, actual) = await _db.WriteAsync(() => TryWrite(id, value, expectedETag, now)).ConfigureAwait(false);
        return written ? actual! : throw new ETagMismatchException(ns, key, expectedETag, actual);
    }

    public async Task<bool> DeleteAsync(string ns, string key, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var id = Id(ns, key);
        var (deleted, mismatch, actual) = await _db.WriteAsync(() =>
        {
            var current = CurrentETag(id);
            if (!string.Equals(current, expectedETag, StringComparison.Ordinal))
            {
                return (false, true, current);
            }
            _known.Forget(id);
            return (current is not null && _records.Delete(id), false, current);
        }).ConfigureAwait(false);
        return mismatch ? throw new ETagMismatchException(ns, key, expectedETag, actual) : deleted;
    }

    /// <summary>
    /// Writer thread only: the etag check and the write; (false, stored etag) on a mismatch. The record's
    /// <see cref="StoredValue.Attachment"/> is replaced when <paramref name="attachment"/> is given, kept otherwise.
    /// </summary>
    internal (bool Written, string? ETag) TryWrite(string id, string value, string? expectedETag, DateTimeOffset now, string? attachment = null)
    {
        // A write that keeps the stored attachment reads the record; one that brings its own (every turn) needs only the etag.
        string? current;
        if (attachment is null)
        {
            var stored = _records.FindById(id);
            (current, attachment) = (stored?.ETag, stored?.Attachment);
        }
        else
        {
            current = CurrentETag(id);
        }
        if (!string.Equals(current, expectedETag, StringComparison.Ordinal))
        {
            return (false, current);
        }
        var record = new Record { Id = id, Value = value, ETag = NewETag(), UpdatedAt = now, Attachment = attachment };
        if (current is null)
        {
            _records.Insert(record);
        }
        else if (!_records.Update(record))
        {
            // Known but gone (only this store writes the collection, so not expected): the etag no longer matches.
            _known.Forget(id);
            return (false, null);
        }
        _known.Set(id, record.ETag);
        return (true, record.ETag);
    }

    /// <summary>Writer thread only: the record's etag, from what the writer knows or else from the file.</summary>
    private string? CurrentETag(string id) => _known.TryGetETag(id, out var etag) ? etag : _records.FindById(id)?.ETag;

    internal static string Id(string ns, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (ns.Contains('\u001f', StringComparison.Ordinal))
        {
            throw new ArgumentException("the namespace must not contain U+001F", nameof(ns));
        }
        return ns + "\u001f" + key;
    }

    private static string NewETag() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    internal sealed class Record
    {
        public string Id { get; set; } = "";
        public string Value { get; set; } = "";
        public string ETag { get; set; } = "";
        public DateTimeOffset UpdatedAt { get; set; }
        public string? Attachment { get; set; }
    }
}
