using LiteDB;
using Studio.Data.Csv;
using Studio.Data.Privacy;
using Studio.Data.Storage;

namespace Studio.Data.TurnLog;

public sealed class LiteDbTurnLog : ITurnLog
{
    internal const string CollectionName = "turns";
    private readonly StudioDatabase _db;
    private readonly PersonalDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly ILiteCollection<TurnRecord> _turns;

    public LiteDbTurnLog(StudioDatabase db, PersonalDataProtector? protector = null, TimeProvider? time = null)
    {
        _db = db;
        _protector = protector ?? PersonalDataProtector.None;
        _time = time ?? TimeProvider.System;
        // Every index costs each append (a skip-list insert, ~0.03 ms and several log pages): only the ones a query
        // uses. Pages are read newest first along _id, so a filter on script, time, node, intent, experiment or arm
        // streams that order and stops at the page size; with an index on a common value (the script under review)
        // LiteDB's planner preferred it and read and sorted every turn of the script for each page. Member and
        // conversation select a handful of turns, which their indexes find directly.
        _turns = db.Collection<TurnRecord>(CollectionName, c =>
        {
            c.DropIndex(nameof(TurnRecord.ScriptId));
            c.DropIndex(nameof(TurnRecord.Time));
            c.EnsureIndex(t => t.MemberId);
            c.EnsureIndex(t => t.Conversation);
        }, BsonAutoId.Int64);
    }

    public async Task AppendAsync(IReadOnlyList<TurnRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }
        Prepare(records);
        // Group commit: on disk when the task completes, shared with whatever else was queued.
        await _db.WriteAsync(() => Insert(records)).ConfigureAwait(false);
    }

    /// <summary>Checks the records, sets missing times, pseudonymises members and masks numbers.</summary>
    internal void Prepare(IReadOnlyList<TurnRecord> records)
    {
        var now = _time.GetUtcNow();
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record);
            if (record.Id != 0)
            {
                throw new ArgumentException("turn records get their id on append; this one has one already", nameof(records));
            }
            if (record.Time == default)
            {
                record.Time = now;
            }
            record.MemberId = _protector.Pseudonym(record.MemberId);
            record.MemberText = PhoneText.Redact(record.MemberText);
            record.BotText = PhoneText.Redact(record.BotText, mobilesOnly: true);
            foreach (var (name, value) in record.Entities.ToList())
            {
                record.Entities[name] = PhoneText.Redact(value) ?? "";
            }
        }
    }

    /// <summary>Writer thread only.</summary>
    internal int Insert(IReadOnlyList<TurnRecord> records) => records.Count == 0 ? 0 : _turns.InsertBulk(records);

    public Task<Page<TurnRecord>> QueryAsync(TurnQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var take = Cursor.Take(query.Take);
        var before = Cursor.Id(query.After);
        var items = _turns.Query()
            .Where(Filter(query, before))
            .OrderByDescending("_id")
            .Limit(take + 1)
            .ToList();
        var more = items.Count > take;
        if (more)
        {
            items.RemoveAt(take);
        }
        return Task.FromResult(new Page<TurnRecord>(items, more ? Cursor.Of(items[^1].Id) : null));
    }

    public async Task<int> ExportCsvAsync(TurnQuery query, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(writer);
        var csv = new CsvWriter(writer);
        TurnLogCsv.WriteHeader(csv);
        var rows = 0;
        var page = query with { After = null, Take = 1000 };
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await QueryAsync(page, cancellationToken).ConfigureAwait(false);
            foreach (var record in result.Items)
            {
                TurnLogCsv.WriteRow(csv, record);
                rows++;
            }
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (result.Next is null)
            {
                return rows;
            }
            page = page with { After = result.Next };
        }
    }

    private BsonExpression Filter(TurnQuery q, long before)
    {
        var parts = new List<BsonExpression> { Query.LT("_id", before) };
        void Eq(string field, string? value)
        {
            if (value is not null)
            {
                parts.Add(Query.EQ(field, value));
            }
        }
        Eq(nameof(TurnRecord.ScriptId), q.ScriptId);
        Eq(nameof(TurnRecord.Version), q.Version);
        Eq(nameof(TurnRecord.Node), q.Node);
        Eq(nameof(TurnRecord.Intent), q.Intent);
        Eq(nameof(TurnRecord.Experiment), q.Experiment);
        Eq(nameof(TurnRecord.Arm), q.Arm);
        Eq(nameof(TurnRecord.MemberId), q.MemberId is null ? null : _protector.Pseudonym(q.MemberId));
        Eq(nameof(TurnRecord.Conversation), q.Conversation);
        Eq(nameof(TurnRecord.Channel), q.Channel?.ToString());
        if (q.From is { } from)
        {
            parts.Add(Query.GTE(nameof(TurnRecord.Time), StudioBsonMapper.Time(from)));
        }
        if (q.To is { } to)
        {
            parts.Add(Query.LT(nameof(TurnRecord.Time), StudioBsonMapper.Time(to)));
        }
        return parts.Count == 1 ? parts[0] : Query.And([.. parts]);
    }
}
