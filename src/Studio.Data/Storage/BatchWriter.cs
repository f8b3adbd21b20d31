using System.Diagnostics;
using System.Diagnostics.Metrics;
using LiteDB;

namespace Studio.Data.Storage;

/// <summary>
/// Group commit for the hot write paths (turn log, conversation state, outcome events, outbox). A LiteDB
/// 5.0.20 commit returns only after its pages are written and flushed to disk — one fsync per commit
/// (measured ~4–5 ms on this machine), and concurrent committers slow each other down further. So
/// writes are queued to one writer thread that runs everything queued in one transaction: N writes,
/// one fsync, and every caller's task completes only after that commit is on disk.
/// <para>
/// Work items validate before they write and report expected refusals (an etag mismatch, a
/// duplicate) as results, not exceptions. If an item throws anyway, the batch is rolled back and every
/// item of it is run again in its own transaction, so one bad item never takes others down with it.
/// Being the only writer of these collections, items can read-check-write without further locking.
/// </para>
/// </summary>
internal sealed class BatchWriter : IDisposable
{
    private const int MaxBatch = 512;
    private static readonly Meter StorageMeter = new(StudioDatabase.MeterName);
    private static readonly Histogram<int> BatchItems = StorageMeter.CreateHistogram<int>("studio.db.batch.items", description: "Writes committed together in one transaction");
    private static readonly Histogram<double> CommitDuration = StorageMeter.CreateHistogram<double>("studio.db.commit.duration", "ms", "Time to run and durably commit one batch (incl. the fsync)");

    private readonly LiteDatabase _db;
    private readonly Queue<IWork> _queue = new();
    private readonly object _gate = new();
    private readonly Thread _thread;
    private bool _stopping;

    public BatchWriter(LiteDatabase db)
    {
        _db = db;
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
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }
                if (_queue.Count == 0)
                {
                    return;
                }
                while (_queue.Count > 0 && batch.Count < MaxBatch)
                {
                    batch.Add(_queue.Dequeue());
                }
            }
            Execute(batch);
            batch.Clear();
        }
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
        var started = Stopwatch.GetTimestamp();
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
            if (items.Count == 1)
            {
                items[0].Fail(ex);
            }
            return false;
        }
        CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        BatchItems.Record(items.Count);
        foreach (var item in items)
        {
            item.Complete();
        }
        return true;
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
