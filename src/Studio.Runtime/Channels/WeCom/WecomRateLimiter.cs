using System.Collections.Concurrent;

namespace Studio.Runtime.Channels.WeCom;

/// <summary>
/// At most <c>limit</c> permits in any window of length <c>window</c> (a sliding window, not fixed minutes).
/// A caller over the limit gets a reservation in the future and waits for it: calls are queued in order and
/// delayed, never dropped. This is a token bucket whose refill is tied to the permits' own ages — a plain bucket of
/// N with a steady refill lets through up to 2N in some window, which WeCom would drop silently.
/// </summary>
public sealed class SlidingWindowLimiter
{
    private readonly int _limit;
    private readonly long _windowTicks;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    // Reservation times (UTC ticks), non-decreasing; entries older than the window are pruned from the head.
    private long[] _ring;
    private int _head;
    private int _count;

    public SlidingWindowLimiter(int limit, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        _limit = limit;
        _windowTicks = window.Ticks;
        _time = time;
        _ring = new long[Math.Min(limit, 16)];
    }

    /// <summary>True when nothing is reserved within the window (the limiter can be forgotten).</summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                Prune(_time.GetUtcNow().UtcTicks);
                return _count == 0;
            }
        }
    }

    /// <summary>Reserves one permit and returns how long the caller must wait before using it.</summary>
    public TimeSpan Reserve()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow().UtcTicks;
            Prune(now);
            var at = now;
            if (_count >= _limit)
            {
                at = Math.Max(at, At(_count - _limit) + _windowTicks);
            }
            if (_count > 0)
            {
                at = Math.Max(at, At(_count - 1));
            }
            Push(at);
            return TimeSpan.FromTicks(at - now);
        }
    }

    public async ValueTask AcquireAsync(CancellationToken cancellationToken = default)
    {
        var wait = Reserve();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private long At(int index) => _ring[(_head + index) % _ring.Length];

    private void Prune(long now)
    {
        while (_count > 0 && _ring[_head] <= now - _windowTicks)
        {
            _head = (_head + 1) % _ring.Length;
            _count--;
        }
    }

    private void Push(long at)
    {
        if (_count == _ring.Length)
        {
            var bigger = new long[_ring.Length * 2];
            for (var i = 0; i < _count; i++)
            {
                bigger[i] = At(i);
            }
            _ring = bigger;
            _head = 0;
        }
        _ring[(_head + _count) % _ring.Length] = at;
        _count++;
    }
}

/// <summary>
/// WeCom's rate limits (doc 90454) on our side: per corp per API 10,000/min and 150,000/h; message/send per member
/// 30/min and 1,000/h. Over the limit calls wait their turn.
/// </summary>
public sealed class WecomRateLimiter
{
    private sealed record Limits(SlidingWindowLimiter PerMinute, SlidingWindowLimiter PerHour);

    private readonly ConcurrentDictionary<string, Limits> _perApi = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Limits> _perMember = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _apiPerMinute;
    private readonly int _apiPerHour;
    private readonly int _memberPerMinute;
    private readonly int _memberPerHour;
    private int _sinceSweep;

    public WecomRateLimiter(TimeProvider time, int apiPerMinute = 10_000, int memberPerMinute = 30, int memberPerHour = 1_000,
        int apiPerHour = 150_000)
    {
        _time = time;
        _apiPerMinute = apiPerMinute;
        _apiPerHour = apiPerHour;
        _memberPerMinute = memberPerMinute;
        _memberPerHour = memberPerHour;
    }

    public int TrackedMembers => _perMember.Count;

    public async ValueTask AcquireApiAsync(string api, CancellationToken cancellationToken = default)
    {
        var limits = _perApi.GetOrAdd(api, _ => new Limits(
            new SlidingWindowLimiter(_apiPerMinute, TimeSpan.FromMinutes(1), _time),
            new SlidingWindowLimiter(_apiPerHour, TimeSpan.FromHours(1), _time)));
        await WaitAsync(Max(limits.PerMinute.Reserve(), limits.PerHour.Reserve()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for a message/send slot for every recipient.</summary>
    public async ValueTask AcquireMemberAsync(IEnumerable<string> members, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        var wait = TimeSpan.Zero;
        foreach (var member in members)
        {
            var limits = _perMember.GetOrAdd(member, _ => new Limits(
                new SlidingWindowLimiter(_memberPerMinute, TimeSpan.FromMinutes(1), _time),
                new SlidingWindowLimiter(_memberPerHour, TimeSpan.FromHours(1), _time)));
            wait = Max(wait, Max(limits.PerMinute.Reserve(), limits.PerHour.Reserve()));
        }
        if (Interlocked.Increment(ref _sinceSweep) >= 1024)
        {
            Interlocked.Exchange(ref _sinceSweep, 0);
            Sweep();
        }
        await WaitAsync(wait, cancellationToken).ConfigureAwait(false);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async ValueTask WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets members with nothing in their windows, so the limiter stays bounded by recent activity.</summary>
    public void Sweep()
    {
        foreach (var (member, limits) in _perMember)
        {
            if (limits.PerMinute.IsIdle && limits.PerHour.IsIdle)
            {
                _perMember.TryRemove(member, out _);
            }
        }
    }
}
