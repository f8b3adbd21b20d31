namespace Studio.Data.Conversations;

/// <summary>A stored value with its entity tag (changes on every write) and time of the last write.</summary>
public sealed record StoredValue(string Namespace, string Key, string Value, string ETag, DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// A second value kept in the same record, written only by a turn commit (<see cref="TurnCommit.Meta"/>) and kept
    /// by plain writes: one record rewritten per turn instead of two.
    /// </summary>
    public string? Attachment { get; init; }
}

/// <summary>A write whose expected entity tag did not match the stored one: someone else wrote first.</summary>
public sealed class ETagMismatchException(string ns, string key, string? expected, string? actual)
    : Exception($"'{ns}/{key}' was written concurrently: expected etag {expected ?? "(absent)"}, found {actual ?? "(absent)"}")
{
    public string Namespace { get; } = ns;
    public string Key { get; } = key;
    public string? ExpectedETag { get; } = expected;
    public string? ActualETag { get; } = actual;
}

/// <summary>
/// Key/value records with optimistic concurrency, the shape grain storage needs (Orleans'
/// <c>IGrainStorage</c>: read → value + etag; write with the etag read, fail on mismatch; clear).
/// A namespace separates kinds of records (grain types, conversations).
/// </summary>
public interface IKeyValueStore
{
    Task<StoredValue?> ReadAsync(string ns, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes when the stored etag equals <paramref name="expectedETag"/> (null: the key must not
    /// exist). Returns the new etag; throws <see cref="ETagMismatchException"/> otherwise.
    /// </summary>
    Task<string> WriteAsync(string ns, string key, string value, string? expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Deletes under the same rule; deleting an absent key with a null etag is a no-op. Returns whether a record was deleted.</summary>
    Task<bool> DeleteAsync(string ns, string key, string? expectedETag, CancellationToken cancellationToken = default);
}
