using LiteDB;
using Studio.Data.Storage;

namespace Studio.Data.Outbox;

/// <summary>
/// The outbox in LiteDB. Every state change runs on the database's writer thread (group commit), one
/// at a time, so a lease is a true compare-and-set and a burst of enqueues costs one disk flush. A leased item's <see cref="OutboxItem.NextAttemptAt"/> is its lease
/// end, so "due" is one indexed range: pending or leased items whose time has come.
/// </summary>
public sealed class LiteDbOutbox : IOutbox
{
    internal const string CollectionName = "outbox";
    private static readonly DateTimeOffset Never = DateTimeOffset.MaxValue;
    private readonly StudioDatabase _db;
    private readonly TimeProvider _time;
    private readonly int _maxAttempts;
    private readonly ILiteCollection<OutboxItem> _items;

    public LiteDbOutbox(StudioDatabase db, TimeProvider? time = null, int maxAttempts = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _db = db;
        _time = time ?? TimeProvider.System;
        _maxAttempts = maxAttempts;
        _items = db.Collection<OutboxItem>(CollectionName, c =>
        {
            c.EnsureIndex(i => i.NextAttemptAt);
            c.EnsureIndex(i => i.Status);
        });
    }

    public int MaxAttempts => _maxAttempts;

    public Task<OutboxItem> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        var item = NewItem(message, _time.GetUtcNow());
        return _db.WriteAsync(() => Add(item));
    }

    internal static OutboxItem NewItem(OutboxMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.Type);
        ArgumentNullException.ThrowIfNull(message.Payload);
        return new OutboxItem
        {
            Id = message.DedupKey is { Length: > 0 } key ? "d:" + key : ObjectId.NewObjectId().ToString(),
            Type = message.Type,
            Payload = message.Payload,
            DedupKey = message.DedupKey,
            Conversation = message.Conversation,
            MemberId = message.MemberId,
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = message.NotBefore ?? now,
        };
    }

    /// <summary>Writer thread only: inserts, or returns the item already stored under the dedup key.</summary>
    internal OutboxItem Add(OutboxItem item)
    {
        if (item.DedupKey is { Length: > 0 } && _items.FindById(item.Id) is { } existing)
        {
            return existing;
        }
        _items.Insert(item);
        return item;
    }

    public Task<IReadOnlyList<OutboxItem>> LeaseAsync(string owner, int max, TimeSpan leaseFor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseFor, TimeSpan.Zero);
        return _db.WriteAsync<IReadOnlyList<OutboxItem>>(() =>
        {
            var leased = new List<OutboxItem>(max);
            var now = _time.GetUtcNow();
            var due = _items.Query()
                .Where(Query.LTE(nameof(OutboxItem.NextAttemptAt), StudioBsonMapper.Time(now)))
                .OrderBy(nameof(OutboxItem.NextAttemptAt))
                .Limit(max * 2)
                .ToList();
            foreach (var item in due)
            {
                if (leased.Count == max)
                {
                    break;
                }
                if (item.Status is not (OutboxStatus.Pending or OutboxStatus.Leased))
                {
                    continue;
                }
                if (item.Attempts >= _maxAttempts)
                {
                    // Its last lease expired without an answer: the worker died on the final attempt.
                    Bury(item, item.LastError ?? "the last attempt's lease expired without completion", now);
                    continue;
                }
                item.Status = OutboxStatus.Leased;
                item.Attempts++;
                item.LeaseId = Guid.NewGuid().ToString("N");
                item.LeaseOwner = owner;
                item.LeaseUntil = now + leaseFor;
                item.NextAttemptAt = now + leaseFor;
                _items.Update(item);
                leased.Add(item);
            }
            return leased;
        });
    }

    public async Task CompleteAsync(string id, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        var found = await _db.WriteAsync(() =>
        {
            var item = _items.FindById(id);
            if (!IsLeased(item, leaseId))
            {
                return item is not null;
            }
            item!.Status = OutboxStatus.Done;
            item.CompletedAt = _time.GetUtcNow();
            item.NextAttemptAt = Never;
            item.LeaseId = null;
            item.LeaseUntil = null;
            _items.Update(item);
            return (bool?)null;
        }).ConfigureAwait(false);
        ThrowIfNotLeased(id, found);
    }

    public async Task<OutboxStatus> FailAsync(string id, string leaseId, string error, DateTimeOffset? nextAttemptAt = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        ArgumentNullException.ThrowIfNull(error);
        var (status, found) = await _db.WriteAsync(() =>
        {
            var item = _items.FindById(id);
            if (!IsLeased(item, leaseId))
            {
                return ((OutboxStatus?)null, (bool?)(item is not null));
            }
            var now = _time.GetUtcNow();
            if (item!.Attempts >= _maxAttempts)
            {
                Bury(item, error, now);
                return (OutboxStatus.Dead, null);
            }
            item.Status = OutboxStatus.Pending;
            item.LastError = error;
            item.LeaseId = null;
            item.LeaseOwner = null;
            item.LeaseUntil = null;
            item.NextAttemptAt = nextAttemptAt ?? now + OutboxBackoff.Delay(item.Attempts);
            _items.Update(item);
            return (OutboxStatus.Pending, null);
        }).ConfigureAwait(false);
        ThrowIfNotLeased(id, found);
        return status!.Value;
    }

    public async Task BuryAsync(string id, string leaseId, string error, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        ArgumentNullException.ThrowIfNull(error);
        var found = await _db.WriteAsync(() =>
        {
            var item = _items.FindById(id);
            if (!IsLeased(item, leaseId))
            {
                return item is not null;
            }
            Bury(item!, error, _time.GetUtcNow());
            return (bool?)null;
        }).ConfigureAwait(false);
        ThrowIfNotLeased(id, found);
    }

    public Task<OutboxItem?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult<OutboxItem?>(_items.FindById(id));

    public Task<IReadOnlyList<OutboxItem>> ListDeadAsync(int take = 100, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<OutboxItem> dead = [.. _items.Find(Query.EQ(nameof(OutboxItem.Status), nameof(OutboxStatus.Dead)))
            .OrderBy(i => i.CreatedAt).Take(Cursor.Take(take))];
        return Task.FromResult(dead);
    }

    public Task<bool> RetryDeadAsync(string id, CancellationToken cancellationToken = default) =>
        _db.WriteAsync(() =>
        {
            var item = _items.FindById(id);
            if (item is not { Status: OutboxStatus.Dead })
            {
                return false;
            }
            item.Status = OutboxStatus.Pending;
            item.Attempts = 0;
            item.NextAttemptAt = _time.GetUtcNow();
            _items.Update(item);
            return true;
        });

    public Task<int> PurgeDoneAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        _db.WriteAsync(() =>
        {
            var done = _items.Find(Query.EQ(nameof(OutboxItem.Status), nameof(OutboxStatus.Done)))
                .Where(i => i.CompletedAt < before).Select(i => i.Id).ToList();
            foreach (var id in done)
            {
                _items.Delete(id);
            }
            return done.Count;
        });

    private static bool IsLeased(OutboxItem? item, string leaseId) =>
        item is { Status: OutboxStatus.Leased } && item.LeaseId == leaseId;

    /// <summary>found: null when the lease was current; false for no such item; true for a lost lease.</summary>
    private static void ThrowIfNotLeased(string id, bool? found)
    {
        if (found is false)
        {
            throw new KeyNotFoundException($"no outbox item '{id}'");
        }
        if (found is true)
        {
            throw new OutboxLeaseLostException(id);
        }
    }

    private void Bury(OutboxItem item, string error, DateTimeOffset now)
    {
        item.Status = OutboxStatus.Dead;
        item.LastError = error;
        item.LeaseId = null;
        item.LeaseOwner = null;
        item.LeaseUntil = null;
        item.CompletedAt = now;
        item.NextAttemptAt = Never;
        _items.Update(item);
    }
}
