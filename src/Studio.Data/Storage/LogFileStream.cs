namespace Studio.Data.Storage;

/// <summary>
/// LiteDB's log (its write-ahead file) with two fsyncs per transaction instead of one per page.
/// <para>
/// LiteDB 5.0.20 appends a transaction's pages to the log one by one and flushes to disk whenever its writer
/// queue runs empty — which, as the queue's continuation runs inline on the committing thread, is after every
/// page: a 30-page batch cost 30 fsyncs (85 % of the writer's time under load, docs/benchmarks.md). What recovery
/// needs is only an order: the page that confirms a transaction (its last one, with the confirmed flag set) must
/// not reach the disk before the transaction's other pages. So this stream writes pages through to the OS, fsyncs
/// before it writes a confirming page (a barrier for everything written so far), and leaves LiteDB's flushes to the
/// OS. Making a confirmation durable is the caller's step: <see cref="SyncConfirmed"/> after the commit, before
/// anyone is told. A page torn by a power cut can then only belong to a transaction that was never confirmed, which
/// recovery ignores — the same guarantee LiteDB's own per-page flushing gives.
/// </para>
/// <para>
/// fsyncs run one at a time, outside the write lock; one whose writes an earlier fsync already covered is skipped.
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
    private readonly Lock _syncing = new();
    private long _writes;
    private long _durableWrites;
    private long _confirmedAt;
    private long _confirmations;
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

    /// <summary>fsyncs so far (barriers and confirmations).</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Confirming pages (committed transactions) written so far.</summary>
    public long Confirmations => Interlocked.Read(ref _confirmations);

    /// <summary>Whether the latest confirming page written (the latest commit) is on disk.</summary>
    public bool LastConfirmationDurable => Interlocked.Read(ref _durableWrites) >= Interlocked.Read(ref _confirmedAt);

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
        if (count == PageSize && buffer[offset + IsConfirmedOffset] == 1)
        {
            // The barrier: the transaction's pages reach the disk before its confirmation can.
            SyncThrough(Interlocked.Read(ref _writes));
        }
        lock (_gate)
        {
            _file.Write(buffer, offset, count);
            var writes = Interlocked.Increment(ref _writes);
            if (count == PageSize && buffer[offset + IsConfirmedOffset] == 1)
            {
                Interlocked.Exchange(ref _confirmedAt, writes);
                Interlocked.Increment(ref _confirmations);
            }
        }
        StorageMetrics.LogPages.Add(1);
    }

    /// <summary>LiteDB flushes whenever its writer queue runs empty; pages are written through, and durability is <see cref="SyncConfirmed"/>'s.</summary>
    public override void Flush() => _file.Flush();

    /// <summary>Returns once every transaction confirmed so far is on disk (one fsync, or none if one already covered it).</summary>
    public void SyncConfirmed() => SyncThrough(Interlocked.Read(ref _confirmedAt));

    /// <summary>
    /// A checkpoint empties the log after the data file is on disk. The truncation is made durable at once: old
    /// confirmed pages reappearing behind new ones after a power cut would be replayed over newer data.
    /// </summary>
    public override void SetLength(long value)
    {
        lock (_gate)
        {
            _file.SetLength(value);
            Interlocked.Increment(ref _writes);
        }
        SyncThrough(Interlocked.Read(ref _writes));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_syncing)
            {
                lock (_gate)
                {
                    if (!_disposed)
                    {
                        _disposed = true;
                        if (_durableWrites < _writes)
                        {
                            _syncToDisk();
                        }
                        _file.Dispose();
                    }
                }
            }
        }
        base.Dispose(disposing);
    }

    /// <summary>Makes the first <paramref name="writes"/> writes durable, unless an fsync already did.</summary>
    private void SyncThrough(long writes)
    {
        if (Interlocked.Read(ref _durableWrites) >= writes)
        {
            return;
        }
        lock (_syncing)
        {
            if (_durableWrites >= writes)
            {
                return;
            }
            // Everything written before the fsync starts is covered by it, later writes perhaps not.
            var covered = Interlocked.Read(ref _writes);
            _syncToDisk();
            Interlocked.Exchange(ref _durableWrites, covered);
            Interlocked.Increment(ref _syncs);
            StorageMetrics.LogSyncs.Add(1);
        }
    }
}
