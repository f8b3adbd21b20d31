namespace Studio.Runtime.Channels.Voice;

/// <summary>
/// Runs queued work one item at a time in arrival order (FIFO). A call's messages go through one queue, so a
/// call never runs two turns at once while different calls run in parallel. Work must handle its own errors;
/// a failing item does not stop the queue.
/// </summary>
public sealed class SerialQueue
{
    private readonly Lock _lock = new();
    private Task _tail = Task.CompletedTask;

    public Task Enqueue(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_lock)
        {
            var next = _tail.ContinueWith(_ => work(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            _tail = next;
            return next;
        }
    }

    /// <summary>Completes when everything queued so far has run.</summary>
    public Task Idle
    {
        get
        {
            lock (_lock)
            {
                return _tail.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }
    }
}
