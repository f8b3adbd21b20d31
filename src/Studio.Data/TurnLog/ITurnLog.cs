using Studio.Data.Storage;

namespace Studio.Data.TurnLog;

/// <summary>The append-only log of conversation turns.</summary>
public interface ITurnLog
{
    /// <summary>
    /// Appends turns (one call per turn, or a batch). Member ids are pseudonymised and phone numbers in
    /// texts masked on the way in. When it completes the records are committed to disk (group
    /// commit), so a host can send the reply after awaiting it.
    /// </summary>
    Task AppendAsync(IReadOnlyList<TurnRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Newest first, paged by <see cref="TurnQuery.After"/>.</summary>
    Task<Page<TurnRecord>> QueryAsync(TurnQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every turn matching the filters (ignoring paging), newest first, as RFC 4180 CSV. Returns the row count.</summary>
    Task<int> ExportCsvAsync(TurnQuery query, TextWriter writer, CancellationToken cancellationToken = default);
}
