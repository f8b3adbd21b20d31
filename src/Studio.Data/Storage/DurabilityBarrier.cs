using LiteDB;

namespace Studio.Data.Storage;

/// <summary>
/// Group commit on top of LiteDB's checkpoint. A checkpoint waits for LiteDB's log writer to drain and
/// copies the log into the data file with a flush to disk; callers that arrive while one runs wait
/// for the next, so a burst of N waiters costs two checkpoints, not N.
/// </summary>
internal sealed class DurabilityBarrier(LiteDatabase database) : IDisposable
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _next;
    private bool _running;
    private bool _disposed;

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        Task task;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            task = _next.Task;
            if (!_running)
            {
                _running = true;
                _ = Task.Run(Loop, CancellationToken.None);
            }
        }
        return task.WaitAsync(cancellationToken);
    }

    private void Loop()
    {
        while (true)
        {
            TaskCompletionSource batch;
            lock (_gate)
            {
                if (_next is null || _disposed)
                {
                    _next?.TrySetException(new ObjectDisposedException(nameof(StudioDatabase)));
                    _next = null;
                    _running = false;
                    return;
                }
                batch = _next;
                _next = null;
            }
            try
            {
                database.Checkpoint();
                batch.TrySetResult();
            }
            catch (Exception ex)
            {
                batch.TrySetException(ex);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }
        // Disposing the database drains LiteDB's writer: anything still pending is written then.
        SpinWait.SpinUntil(() => { lock (_gate) { return !_running; } }, TimeSpan.FromSeconds(10));
    }
}
