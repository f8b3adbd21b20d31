using LiteDB;
using Studio.Data.Storage;

namespace Studio.Runtime.Hosting.Orleans;

/// <summary>
/// Orleans' reminder table on the host's LiteDB file, so follow-ups and scheduled callbacks survive a restart.
/// Rows are found by grain and name, or by the grain's uniform hash for the silo's ring range. Writes go through
/// the database's writer thread (group commit), where the etag check and the write are one step.
/// </summary>
public sealed class LiteDbReminderTable : IReminderTable
{
    internal const string CollectionName = "reminders";
    private readonly StudioDatabase _db;
    private readonly ILiteCollection<Row> _rows;

    public LiteDbReminderTable(StudioDatabase db)
    {
        _db = db;
        _rows = db.Collection<Row>(CollectionName, c =>
        {
            c.EnsureIndex(r => r.Hash);
            c.EnsureIndex(r => r.GrainId);
        });
    }

    public Task Init() => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Task.FromResult(new ReminderTableData(_rows.Find(r => r.GrainId == grainId.ToString()).Select(ToEntry)));

    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        // A silo owns the ring range (begin, end]; a range with begin >= end wraps around zero.
        var rows = begin < end
            ? _rows.Find(r => r.Hash > begin && r.Hash <= end)
            : _rows.Find(r => r.Hash > begin || r.Hash <= end);
        return Task.FromResult(new ReminderTableData(rows.Select(ToEntry)));
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        Task.FromResult(_rows.FindById(Id(grainId, reminderName)) is { } row ? ToEntry(row) : null);

    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var row = new Row
        {
            Id = Id(entry.GrainId, entry.ReminderName),
            GrainId = entry.GrainId.ToString(),
            Name = entry.ReminderName,
            Hash = entry.GrainId.GetUniformHashCode(),
            StartAt = entry.StartAt.ToUniversalTime(),
            PeriodTicks = entry.Period.Ticks,
            ETag = Guid.NewGuid().ToString("N"),
        };
        return _db.WriteAsync(() =>
        {
            _rows.Upsert(row);
            return (string?)row.ETag;
        });
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        var id = Id(grainId, reminderName);
        return _db.WriteAsync(() => _rows.FindById(id) is { } row && row.ETag == eTag && _rows.Delete(id));
    }

    public Task TestOnlyClearTable() => _db.WriteAsync(() => _rows.DeleteAll());

    private static string Id(GrainId grainId, string name) => grainId + "\u001f" + name;

    private static ReminderEntry ToEntry(Row row) => new()
    {
        GrainId = GrainId.Parse(row.GrainId),
        ReminderName = row.Name,
        StartAt = DateTime.SpecifyKind(row.StartAt, DateTimeKind.Utc),
        Period = TimeSpan.FromTicks(row.PeriodTicks),
        ETag = row.ETag,
    };

    internal sealed class Row
    {
        public string Id { get; set; } = "";
        public string GrainId { get; set; } = "";
        public string Name { get; set; } = "";
        public long Hash { get; set; }
        public DateTime StartAt { get; set; }
        public long PeriodTicks { get; set; }
        public string ETag { get; set; } = "";
    }
}
