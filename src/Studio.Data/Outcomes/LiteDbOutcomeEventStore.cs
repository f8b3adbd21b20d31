using LiteDB;
using Studio.Data.Storage;

namespace Studio.Data.Outcomes;

public sealed class LiteDbOutcomeEventStore : IOutcomeEventStore
{
    internal const string CollectionName = "outcome_events";
    private readonly StudioDatabase _db;
    private readonly TimeProvider _time;
    private readonly ILiteCollection<OutcomeEvent> _events;

    public LiteDbOutcomeEventStore(StudioDatabase db, TimeProvider? time = null)
    {
        _db = db;
        _time = time ?? TimeProvider.System;
        _events = db.Collection<OutcomeEvent>(CollectionName, c =>
        {
            c.EnsureIndex(e => e.MemberId);
            c.EnsureIndex(e => e.Time);
        });
    }

    public Task<OutcomeInsert> InsertAsync(OutcomeEvent outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentException.ThrowIfNullOrEmpty(outcome.EventId);
        ArgumentException.ThrowIfNullOrEmpty(outcome.Type);
        if (outcome.ReceivedAt == default)
        {
            outcome.ReceivedAt = _time.GetUtcNow();
        }
        // The writer thread runs one item at a time: check-then-insert cannot race a redelivery.
        return _db.WriteAsync(() =>
        {
            if (_events.FindById(outcome.EventId) is not null)
            {
                return OutcomeInsert.Duplicate;
            }
            _events.Insert(outcome);
            return OutcomeInsert.Inserted;
        });
    }

    public Task<OutcomeEvent?> GetAsync(string eventId, CancellationToken cancellationToken = default) =>
        Task.FromResult<OutcomeEvent?>(_events.FindById(eventId));

    public Task<Page<OutcomeEvent>> QueryAsync(OutcomeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parts = new List<BsonExpression>();
        if (query.MemberId is not null)
        {
            parts.Add(Query.EQ(nameof(OutcomeEvent.MemberId), query.MemberId));
        }
        if (query.Type is not null)
        {
            parts.Add(Query.EQ(nameof(OutcomeEvent.Type), query.Type));
        }
        if (query.From is { } from)
        {
            parts.Add(Query.GTE(nameof(OutcomeEvent.Time), StudioBsonMapper.Time(from)));
        }
        if (query.To is { } to)
        {
            parts.Add(Query.LT(nameof(OutcomeEvent.Time), StudioBsonMapper.Time(to)));
        }
        var offset = Cursor.Offset(query.After);
        var take = Cursor.Take(query.Take);
        var queryable = _events.Query();
        if (parts.Count > 0)
        {
            queryable = queryable.Where(parts.Count == 1 ? parts[0] : Query.And([.. parts]));
        }
        var items = queryable.OrderByDescending(nameof(OutcomeEvent.Time)).Skip(offset).Limit(take + 1).ToList();
        var more = items.Count > take;
        if (more)
        {
            items.RemoveAt(take);
        }
        return Task.FromResult(new Page<OutcomeEvent>(items, more ? Cursor.Of(offset + take) : null));
    }
}
