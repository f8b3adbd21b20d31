namespace Studio.Runtime.Channels.WeCom;

public enum WecomClaimStatus
{
    /// <summary>The caller owns the message now and must complete or release it.</summary>
    Claimed,
    /// <summary>Another delivery is processing it.</summary>
    InProgress,
    /// <summary>Already handled; <see cref="WecomClaim.Outcome"/> says how it was answered.</summary>
    Completed,
}

public enum WecomOutcomeKind
{
    /// <summary>The handler had nothing to say, or the replies went out another way: answer "success".</summary>
    NoPassiveReply,
    /// <summary>Answered with a passive reply; a redelivery gets the same reply.</summary>
    PassiveReply,
}

/// <summary>How a message was answered. <see cref="PassiveReplyXml"/> is the reply's plaintext XML, re-encrypted for a redelivery.</summary>
public sealed record WecomStoredOutcome(WecomOutcomeKind Kind, string? PassiveReplyXml = null)
{
    public static readonly WecomStoredOutcome NoPassiveReply = new(WecomOutcomeKind.NoPassiveReply);
}

public readonly record struct WecomClaim(WecomClaimStatus Status, WecomStoredOutcome? Outcome = null);

/// <summary>
/// Exactly-once handling per message identity (MsgId or the event's identity, already hashed) across redeliveries.
/// Implementations must make <see cref="TryClaimAsync"/> atomic. The in-memory one serves a single process;
/// a storage-backed one serves several.
/// </summary>
public interface IWecomIdempotencyStore
{
    /// <summary>Claims <paramref name="key"/> for processing unless it is in progress (within its lease) or completed.</summary>
    ValueTask<WecomClaim> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Records the outcome; remembered for <paramref name="retention"/>.</summary>
    ValueTask CompleteAsync(string key, WecomStoredOutcome outcome, TimeSpan retention, CancellationToken cancellationToken = default);

    /// <summary>Gives the claim up (the handler failed): a redelivery may process the message again.</summary>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Waits until the key is completed (its outcome), released or not known (null), or the timeout passes (null).</summary>
    ValueTask<WecomStoredOutcome?> WaitForCompletionAsync(string key, TimeSpan timeout, CancellationToken cancellationToken = default);
}

/// <summary>
/// In-memory idempotency store: bounded (oldest entries evicted beyond the capacity), entries expire against the
/// <see cref="TimeProvider"/>. In-progress waiters are woken without polling.
/// </summary>
public sealed class InMemoryWecomIdempotencyStore : IWecomIdempotencyStore
{
    private sealed class Entry
    {
        public WecomStoredOutcome? Outcome;
        public DateTimeOffset ExpiresAt;
        public long Generation;
        public TaskCompletionSource<WecomStoredOutcome?> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long Generation)> _order = new();
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private long _generation;

    public InMemoryWecomIdempotencyStore(TimeProvider time, int capacity = 100_000)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public ValueTask<WecomClaim> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _time.GetUtcNow();
        TaskCompletionSource<WecomStoredOutcome?>? abandoned = null;
        WecomClaim claim;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var existing) && existing.ExpiresAt > now)
            {
                return ValueTask.FromResult(existing.Outcome is { } outcome
                    ? new WecomClaim(WecomClaimStatus.Completed, outcome)
                    : new WecomClaim(WecomClaimStatus.InProgress));
            }
            if (existing is not null)
            {
                // Expired: a completed entry past retention, or a claim whose owner never finished (lease over).
                abandoned = existing.Done;
                _entries.Remove(key);
            }
            MakeRoom(now);
            var entry = new Entry { ExpiresAt = now + lease, Generation = ++_generation };
            _entries[key] = entry;
            _order.Enqueue((key, entry.Generation));
            claim = new WecomClaim(WecomClaimStatus.Claimed);
        }
        abandoned?.TrySetResult(null);
        return ValueTask.FromResult(claim);
    }

    public ValueTask CompleteAsync(string key, WecomStoredOutcome outcome, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(outcome);
        var now = _time.GetUtcNow();
        TaskCompletionSource<WecomStoredOutcome?> done;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                MakeRoom(now);
                entry = new Entry { Generation = ++_generation };
                _entries[key] = entry;
                _order.Enqueue((key, entry.Generation));
            }
            entry.Outcome = outcome;
            entry.ExpiresAt = now + retention;
            done = entry.Done;
        }
        done.TrySetResult(outcome);
        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        TaskCompletionSource<WecomStoredOutcome?>? done = null;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Outcome is null)
            {
                _entries.Remove(key);
                done = entry.Done;
            }
        }
        done?.TrySetResult(null);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<WecomStoredOutcome?> WaitForCompletionAsync(string key, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        Task<WecomStoredOutcome?> task;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return null;
            }
            if (entry.Outcome is { } outcome)
            {
                return outcome;
            }
            task = entry.Done.Task;
        }
        try
        {
            return await task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private void MakeRoom(DateTimeOffset now)
    {
        // Drop expired entries from the front of the insertion order, then the oldest while over capacity.
        while (_order.Count > 0)
        {
            var (key, generation) = _order.Peek();
            if (!_entries.TryGetValue(key, out var entry) || entry.Generation != generation)
            {
                _order.Dequeue();
                continue;
            }
            if (entry.ExpiresAt <= now || _entries.Count >= _capacity)
            {
                _order.Dequeue();
                _entries.Remove(key);
                entry.Done.TrySetResult(entry.Outcome);
                continue;
            }
            break;
        }
    }
}
