using System.Diagnostics;

namespace Studio.Data.Storage;

/// <summary>
/// LiteDB's log (its write-ahead file), made durable with one fsync per transaction under load and two at most.
/// <para>
/// LiteDB 5.0.20 appends a transaction's pages to the log one by one and flushes to disk whenever its writer queue
/// runs empty — which, as the queue's continuation runs inline on the committing thread, is after every page: a
/// 30-page batch cost 30 fsyncs (85 % of the writer's time under load, docs/benchmarks.md). What recovery needs is
/// only an order: the page that confirms a transaction (its last one, with the confirmed flag set) must not reach
/// the disk before the transaction's other pages. So this stream writes pages through to the OS with the confirmed
/// flag <b>cleared</b>, and sets it later with a one-byte write, once an fsync has made the transaction's pages
/// durable; the next fsync makes the confirmation durable. Both steps ride on the fsync that the next transaction
/// needs anyway (<see cref="Sync"/>): transaction N's pages and N−1's confirmation share one fsync, and the writer
/// acknowledges N−1 after it. A page torn by a power cut can only belong to a transaction whose confirmation was
/// never written, which recovery ignores — LiteDB's own guarantee, at one fsync per transaction instead of one per
/// page.
/// </para>
/// <para>
/// Every confirmation is durable before anything is written to the data file (<see cref="ConfirmAll"/>, called by
/// <see cref="DataFileStream"/>): a checkpoint copies what LiteDB holds as committed into the data file, and a crash
/// in the middle must find every copied transaction confirmed in the log, or recovery would replay older page
/// images over newer ones.
/// </para>
/// </summary>
internal sealed class LogFileStream : Stream
{
    // LiteDB 5 page layout (BasePage): 8 KB pages; byte 18 of a page's header is its IsConfirmed flag.
    internal const int PageSize = 8192;
    internal const int IsConfirmedOffset = 18;

    private readonly Stream _file;
    private readonly Action _syncToDisk;
    private readonly Lock _gate = new();
    private static readonly byte[] Confirmed = [1];
    private readonly byte[] _hiddenPage = new byte[PageSize];

    // Confirming pages written with the flag cleared, waiting for their pages to be durable.
    private readonly Queue<(long WrittenAt, long Offset, long Number)> _unconfirmed = new();

    // The confirmation whose flag is written but not yet synced: one at a time, so confirmations reach the disk in
    // commit order (a later transaction's page images may hold an earlier one's changes).
    private long? _confirming;
    private long _writes;
    private long _durableWrites;
    private long _confirmations;
    private long _durableConfirmations;
    private long _syncs;
    private bool _disposed;

    /// <param name="file">The open log file.</param>
    /// <param name="syncToDisk">Makes everything written to <paramref name="file"/> so far durable (fsync).</param>
    public LogFileStream(Stream file, Action syncToDisk)
    {
        _file = file;
        _syncToDisk = syncToDisk;
    }

    /// <summary>The log file of <paramref name="databasePath"/>, named as LiteDB names it (<c>name-log.ext</c>).</summary>
    public static LogFileStream Open(string databasePath)
    {
        var path = LogPathOf(databasePath);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess);
        return new LogFileStream(file, () => file.Flush(flushToDisk: true));
    }

    public static string LogPathOf(string databasePath) =>
        Path.Combine(Path.GetDirectoryName(databasePath) ?? "", Path.GetFileNameWithoutExtension(databasePath) + "-log" + Path.GetExtension(databasePath));

    /// <summary>fsyncs so far.</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Transactions committed to the log so far (confirming pages written): the ticket of the latest commit.</summary>
    public long Confirmations => Interlocked.Read(ref _confirmations);

    /// <summary>Transactions whose confirmation is on disk: a commit with a ticket up to this may be acknowledged.</summary>
    public long DurableConfirmations => Interlocked.Read(ref _durableConfirmations);

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => true;
    public override long Length => _file.Length;

    public override long Position
    {
        get => _file.Position;
        set => _file.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            if (count == PageSize && buffer[offset + IsConfirmedOffset] == 1)
            {
                // LiteDB's buffer is its cached page: write a copy with the flag cleared; Sync sets it on disk.
                var position = _file.Position;
                Buffer.BlockCopy(buffer, offset, _hiddenPage, 0, PageSize);
                _hiddenPage[IsConfirmedOffset] = 0;
                _file.Write(_hiddenPage, 0, PageSize);
                _unconfirmed.Enqueue((++_writes, position, Interlocked.Increment(ref _confirmations)));
            }
            else
            {
                _file.Write(buffer, offset, count);
                _writes++;
            }
        }
        StorageMetrics.LogPages.Add(1);
    }

    /// <summary>LiteDB flushes whenever its writer queue runs empty; pages are written through, and durability is <see cref="Sync"/>'s.</summary>
    public override void Flush() => _file.Flush();

    /// <summary>
    /// One fsync: first writes the confirmation of the oldest transaction whose pages an earlier fsync made durable,
    /// then syncs — which makes that confirmation durable, and the pages of the transactions written since. After a
    /// commit, two calls make it durable; under load, the second is the one after the next commit.
    /// </summary>
    public void Sync()
    {
        // The stream's own monitor, which LiteDB's ConcurrentStream holds around each positioned read and write: the
        // flag's write moves the position, and fsyncs run one at a time.
        lock (this)
        {
            long covered;
            long? confirming;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_confirming is null && _unconfirmed.TryPeek(out var next) && next.WrittenAt <= _durableWrites)
                {
                    _unconfirmed.Dequeue();
                    var position = _file.Position;
                    _file.Position = next.Offset + IsConfirmedOffset;
                    _file.Write(Confirmed, 0, 1);
                    _file.Position = position;
                    _writes++;
                    _confirming = next.Number;
                }
                if (_durableWrites == _writes)
                {
                    return;
                }
                (covered, confirming) = (_writes, _confirming);
            }
            var started = Stopwatch.GetTimestamp();
            _syncToDisk();
            StorageMetrics.LogSyncDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Interlocked.Increment(ref _syncs);
            lock (_gate)
            {
                _durableWrites = covered;
                if (confirming is { } number)
                {
                    Interlocked.Exchange(ref _durableConfirmations, number);
                    _confirming = null;
                }
            }
        }
    }

    /// <summary>Makes every transaction committed so far durable in the log (two fsyncs per pending one, none if they are).</summary>
    public void ConfirmAll()
    {
        while (HasUndurableWrites())
        {
            Sync();
        }
    }

    /// <summary>
    /// A checkpoint empties the log after the data file is on disk. The truncation is made durable at once: old
    /// confirmed pages reappearing behind new ones after a power cut would be replayed over newer data.
    /// </summary>
    public override void SetLength(long value)
    {
        ConfirmAll();
        lock (_gate)
        {
            _file.SetLength(value);
            _writes++;
        }
        Sync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            ConfirmAll();
            lock (this)
            {
                lock (_gate)
                {
                    _disposed = true;
                    _file.Dispose();
                }
            }
        }
        base.Dispose(disposing);
    }

    private bool HasUndurableWrites()
    {
        lock (_gate)
        {
            return _durableConfirmations < _confirmations || _durableWrites < _writes;
        }
    }
}
