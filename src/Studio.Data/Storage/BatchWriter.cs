using System.Diagnostics;
using LiteDB;

namespace Studio.Data.Storage;

/// <summary>
/// Group commit: every write of the database. A durable LiteDB commit costs fsyncs (0.3–1.3 ms each on this
/// machine), and concurrent committers slow each other down further. So writes are queued to one writer thread that
/// runs everything queued in one transaction: N writes, one commit, and every caller's task completes only after
/// that commit is durable. The log needs two fsyncs per commit, pages then confirmation (<see cref="LogFileStream"/>);
/// under load the writer does not wait for the second but runs the next batch, whose fsync confirms this one — one
/// fsync per batch.
/// <para>
/// Work items validate before they write and report expected refusals (an etag mismatch, a
/// duplicate) as results, not exceptions. If an item throws anyway, the batch is rolled back and every
/// item of it is run again in its own transaction, so one bad item never takes others down with it.
/// Being the only writer of these collections, items can read-check-write without further locking.
/// </para>
/// <para>
/// The writer also decides when the log is copied into the data file (a checkpoint: every write waits meanwhile, and
/// LiteDB empties its page cache after it): once the log has <see cref="CheckpointPolicy.IdlePages"/> and nothing is
/// queued, or at <see cref="CheckpointPolicy.MaxPages"/> whatever is queued — not inside whichever commit crosses a
/// size, as LiteDB's own checkpoint would.
/// </para>
/// </summary>
internal sealed class BatchWriter : IDisposable
{
    private const int MaxBatch = 512;

    private readonly LiteDatabase _db;
    private readonly LogFileStream _log;
    private readonly CheckpointPolicy _checkpoints;
    private readonly Action? _onRollback;
    private readonly Queue<IWork> _queue = new();

    // Committed, not yet durable: each item with the log's confirmation ticket of its commit, in commit order.
    private readonly Queue<(IWork Item, long Ticket)> _unacknowledged = new();
    private readonly object _gate = new();
    private readonly Thread _thread;
    private bool _stopping;

    /// <param name="onRollback">Run on the writer after a rollback: memos kept by work items (e.g. known etags) may describe writes that are gone.</param>
    public BatchWriter(LiteDatabase db, LogFileStream log, CheckpointPolicy checkpoints, Action? onRollback = null)
    {
        _db = db;
        _log = log;
        _checkpoints = checkpoints;
        _onRollback = onRollback;
        _thread = new Thread(Loop) { IsBackground = true, Name = "studio-db-writer" };
        _thread.Start();
    }

    public Task<T> WriteAsync<T>(Func<T> work)
    {
        var item = new Work<T>(work);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, typeof(StudioDatabase));
            _queue.Enqueue(item);
            if (_queue.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
        }
        return item.Task;
    }

    private void Loop()
    {
        var batch = new List<IWork>(MaxBatch);
        while (true)
        {
            lock (_gate)
            {
                // Nothing queued but commits waiting for their confirmation: sync now rather than wait for work.
                while (_queue.Count == 0 && !_stopping && _unacknowledged.Count == 0)
                {
                    Monitor.Wait(_gate);
                }
                if (_queue.Count == 0 && _unacknowledged.Count == 0)
                {
                    return;
                }
                while (_queue.Count > 0 && batch.Count < MaxBatch)
                {
                    batch.Add(_queue.Dequeue());
                }
            }
            var started = Stopwatch.GetTimestamp();
            if (batch.Count > 0)
            {
                Execute(batch);
                StorageMetrics.BatchItems.Record(batch.Count);
            }
            SyncAndAcknowledge();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            StorageMetrics.WriterBusy.Add(elapsed);
            if (batch.Count > 0)
            {
                StorageMetrics.CommitDuration.Record(elapsed);
            }
            batch.Clear();
            CheckpointIfDue();
        }
    }

    private void CheckpointIfDue()
    {
        var pages = _log.Length / LogFileStream.PageSize;
        if (pages < _checkpoints.IdlePages)
        {
            return;
        }
        lock (_gate)
        {
            if (pages < _checkpoints.MaxPages && _queue.Count > 0)
            {
                return;
            }
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Makes every commit durable first (DataFileStream.BeforeWrite), acknowledging the ones still waiting.
            _db.Checkpoint();
        }
        catch (Exception ex) when (ex is IOException or LiteException)
        {
            // Nothing is lost: the log still holds every commit and is replayed at open. Tried again after the next batch.
            StorageMetrics.CheckpointFailures.Add(1);
            return;
        }
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        StorageMetrics.CheckpointDuration.Record(elapsed);
        StorageMetrics.WriterBusy.Add(elapsed);
    }

    private void Execute(List<IWork> batch)
    {
        if (batch.Count > 1 && TryInOneTransaction(batch))
        {
            return;
        }
        foreach (var item in batch)
        {
            TryInOneTransaction([item]);
        }
    }

    private bool TryInOneTransaction(List<IWork> items)
    {
        _db.BeginTrans();
        try
        {
            foreach (var item in items)
            {
                item.Run();
            }
            _db.Commit();
        }
        catch (Exception ex)
        {
            try
            {
                _db.Rollback();
            }
            catch (LiteException)
            {
                // The transaction may already be gone; nothing was committed either way.
            }
            _onRollback?.Invoke();
            if (items.Count == 1)
            {
                items[0].Fail(ex);
            }
            return false;
        }
        // Committed: nobody may be told before its confirmation is on disk, and nothing may be re-run.
        var ticket = _log.Confirmations;
        foreach (var item in items)
        {
            _unacknowledged.Enqueue((item, ticket));
        }
        return true;
    }

    private void SyncAndAcknowledge()
    {
        try
        {
            _log.Sync();
        }
        catch (Exception ex)
        {
            // Committed in LiteDB, in the OS's hands, not known to be on disk: callers must not assume either.
            while (_unacknowledged.TryDequeue(out var failed))
            {
                failed.Item.Fail(ex);
            }
            return;
        }
        AcknowledgeDurable();
    }

    /// <summary>Writer thread only: completes the writes whose commit's confirmation is on disk.</summary>
    public void AcknowledgeDurable()
    {
        var durable = _log.DurableConfirmations;
        while (_unacknowledged.TryPeek(out var next) && next.Ticket <= durable)
        {
            _unacknowledged.Dequeue().Item.Complete();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
        // Everything queued before disposal is written before the database closes.
        _thread.Join();
    }

    /// <summary>When the writer checkpoints: at <paramref name="IdlePages"/> log pages when no write waits, at <paramref name="MaxPages"/> always.</summary>
    internal sealed record CheckpointPolicy(int IdlePages, int MaxPages);

    private interface IWork
    {
        void Run();
        void Complete();
        void Fail(Exception ex);
    }

    private sealed class Work<T>(Func<T> work) : IWork
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public void Run() => _result = work();

        public void Complete() => _done.TrySetResult(_result);

        public void Fail(Exception ex) => _done.TrySetException(ex);
    }
}
