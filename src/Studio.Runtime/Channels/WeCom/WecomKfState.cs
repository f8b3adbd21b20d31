using System.Collections.Concurrent;

namespace Studio.Runtime.Channels.WeCom;

/// <summary>Persists the kf/sync_msg cursor per 客服 account, so a restart continues where it stopped.</summary>
public interface IWecomKfCursorStore
{
    ValueTask<string?> GetAsync(string openKfId, CancellationToken cancellationToken = default);
    ValueTask SetAsync(string openKfId, string cursor, CancellationToken cancellationToken = default);
}

public sealed class InMemoryWecomKfCursorStore : IWecomKfCursorStore
{
    private readonly ConcurrentDictionary<string, string> _cursors = new(StringComparer.Ordinal);

    public ValueTask<string?> GetAsync(string openKfId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_cursors.TryGetValue(openKfId, out var c) ? c : null);

    public ValueTask SetAsync(string openKfId, string cursor, CancellationToken cancellationToken = default)
    {
        _cursors[openKfId] = cursor;
        return ValueTask.CompletedTask;
    }
}

public enum KfSendDecision
{
    Allowed,
    /// <summary>The customer has not written to us (that we know of): we may not start the conversation.</summary>
    NoCustomerMessage,
    /// <summary>The customer's last message is older than the window (48 h).</summary>
    WindowExpired,
    /// <summary>We already sent the maximum (5) since the customer's last message.</summary>
    QuotaExhausted,
}

/// <summary>
/// 微信客服's rule on our side: after a customer's message we may send at most N (5) messages within the window (48 h);
/// a new customer message opens a new window and resets the count.
/// </summary>
public interface IWecomKfWindowTracker
{
    void RecordCustomerMessage(string openKfId, string externalUserId, DateTimeOffset sentAt);

    /// <summary>Reserves one send if allowed. A reservation that fails at WeCom should be given back with <see cref="Release"/>.</summary>
    KfSendDecision TryReserveSend(string openKfId, string externalUserId);

    void Release(string openKfId, string externalUserId);
}

public sealed class InMemoryWecomKfWindowTracker : IWecomKfWindowTracker
{
    private sealed class Window
    {
        public DateTimeOffset LastCustomerMessage;
        public int Sent;
    }

    private readonly ConcurrentDictionary<(string, string), Window> _windows = new();
    private readonly TimeProvider _time;
    private readonly int _maxMessages;
    private readonly TimeSpan _window;
    private int _sinceSweep;

    public InMemoryWecomKfWindowTracker(TimeProvider time, int maxMessages = 5, TimeSpan? window = null)
    {
        _time = time;
        _maxMessages = maxMessages;
        _window = window ?? TimeSpan.FromHours(48);
    }

    public void RecordCustomerMessage(string openKfId, string externalUserId, DateTimeOffset sentAt)
    {
        var w = _windows.GetOrAdd((openKfId, externalUserId), _ => new Window { LastCustomerMessage = DateTimeOffset.MinValue });
        lock (w)
        {
            if (sentAt > w.LastCustomerMessage)
            {
                w.LastCustomerMessage = sentAt;
                w.Sent = 0;
            }
        }
        if (Interlocked.Increment(ref _sinceSweep) >= 1024)
        {
            Interlocked.Exchange(ref _sinceSweep, 0);
            Sweep();
        }
    }

    public KfSendDecision TryReserveSend(string openKfId, string externalUserId)
    {
        if (!_windows.TryGetValue((openKfId, externalUserId), out var w))
        {
            return KfSendDecision.NoCustomerMessage;
        }
        lock (w)
        {
            if (_time.GetUtcNow() - w.LastCustomerMessage > _window)
            {
                return KfSendDecision.WindowExpired;
            }
            if (w.Sent >= _maxMessages)
            {
                return KfSendDecision.QuotaExhausted;
            }
            w.Sent++;
            return KfSendDecision.Allowed;
        }
    }

    public void Release(string openKfId, string externalUserId)
    {
        if (_windows.TryGetValue((openKfId, externalUserId), out var w))
        {
            lock (w)
            {
                if (w.Sent > 0)
                {
                    w.Sent--;
                }
            }
        }
    }

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        foreach (var (key, w) in _windows)
        {
            if (now - w.LastCustomerMessage > _window)
            {
                _windows.TryRemove(key, out _);
            }
        }
    }
}
