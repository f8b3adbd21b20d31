namespace Studio.Data.Outbox;

public interface IOutbox
{
    /// <summary>Stores the item (or returns the existing one with the same dedup key).</summary>
    Task<OutboxItem> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases up to <paramref name="max"/> due items (pending with a due attempt time, or leased with an
    /// expired lease) to <paramref name="owner"/> for <paramref name="leaseFor"/>, oldest due first.
    /// No item is leased to two workers at once.
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> LeaseAsync(string owner, int max, TimeSpan leaseFor, CancellationToken cancellationToken = default);

    /// <summary>Marks a leased item done. Throws <see cref="OutboxLeaseLostException"/> when the lease is not current.</summary>
    Task CompleteAsync(string id, string leaseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a failed attempt: back to pending at <paramref name="nextAttemptAt"/> (default: now +
    /// <see cref="OutboxBackoff"/>), or dead after the maximum attempts. Returns the new status.
    /// </summary>
    Task<OutboxStatus> FailAsync(string id, string leaseId, string error, DateTimeOffset? nextAttemptAt = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Dead-letters a leased item at once: the attempt failed in a way retrying cannot fix (a 4xx answer, a
    /// refusal, a malformed payload). Throws <see cref="OutboxLeaseLostException"/> when the lease is not current.
    /// </summary>
    Task BuryAsync(string id, string leaseId, string error, CancellationToken cancellationToken = default);

    Task<OutboxItem?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Dead-lettered items, oldest first.</summary>
    Task<IReadOnlyList<OutboxItem>> ListDeadAsync(int take = 100, CancellationToken cancellationToken = default);

    /// <summary>Puts a dead item back to pending with its attempts reset.</summary>
    Task<bool> RetryDeadAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Deletes done items completed before <paramref name="before"/>; returns how many.</summary>
    Task<int> PurgeDoneAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
