using Microsoft.Extensions.Time.Testing;
using Studio.Runtime.Channels.WeCom;

namespace Studio.Runtime.Tests.Channels.WeCom;

/// <summary>Idempotency store, rate limiter and the 微信客服 window tracker, on a fake clock.</summary>
public sealed class WecomStateTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_key_is_claimed_once_then_in_progress_then_completed_with_its_outcome()
    {
        var store = new InMemoryWecomIdempotencyStore(new FakeTimeProvider());
        Assert.Equal(WecomClaimStatus.Claimed, (await store.TryClaimAsync("k", Lease)).Status);
        Assert.Equal(WecomClaimStatus.InProgress, (await store.TryClaimAsync("k", Lease)).Status);
        var outcome = new WecomStoredOutcome(WecomOutcomeKind.PassiveReply, "<xml/>");
        await store.CompleteAsync("k", outcome, Retention);
        var again = await store.TryClaimAsync("k", Lease);
        Assert.Equal(WecomClaimStatus.Completed, again.Status);
        Assert.Equal(outcome, again.Outcome);
    }

    [Fact]
    public async Task Concurrent_claims_yield_exactly_one_owner()
    {
        var store = new InMemoryWecomIdempotencyStore(TimeProvider.System);
        var claims = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => store.TryClaimAsync("same", Lease).AsTask())));
        Assert.Equal(1, claims.Count(c => c.Status == WecomClaimStatus.Claimed));
    }

    [Fact]
    public async Task A_waiter_is_woken_by_completion_and_by_release()
    {
        var store = new InMemoryWecomIdempotencyStore(TimeProvider.System);
        await store.TryClaimAsync("a", Lease);
        var waiting = store.WaitForCompletionAsync("a", TimeSpan.FromSeconds(30)).AsTask();
        Assert.False(waiting.IsCompleted);
        await store.CompleteAsync("a", WecomStoredOutcome.NoPassiveReply, Retention);
        Assert.Equal(WecomStoredOutcome.NoPassiveReply, await waiting.WaitAsync(TimeSpan.FromSeconds(5)));

        await store.TryClaimAsync("b", Lease);
        var waitingB = store.WaitForCompletionAsync("b", TimeSpan.FromSeconds(30)).AsTask();
        await store.ReleaseAsync("b");
        Assert.Null(await waitingB.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(WecomClaimStatus.Claimed, (await store.TryClaimAsync("b", Lease)).Status);
    }

    [Fact]
    public async Task A_wait_times_out_with_null()
    {
        var store = new InMemoryWecomIdempotencyStore(TimeProvider.System);
        await store.TryClaimAsync("a", Lease);
        Assert.Null(await store.WaitForCompletionAsync("a", TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task An_abandoned_claim_can_be_taken_over_after_its_lease_and_completions_expire()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryWecomIdempotencyStore(time);
        await store.TryClaimAsync("k", Lease);
        time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Equal(WecomClaimStatus.InProgress, (await store.TryClaimAsync("k", Lease)).Status);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(WecomClaimStatus.Claimed, (await store.TryClaimAsync("k", Lease)).Status);

        await store.CompleteAsync("k", WecomStoredOutcome.NoPassiveReply, Retention);
        time.Advance(Retention - TimeSpan.FromSeconds(1));
        Assert.Equal(WecomClaimStatus.Completed, (await store.TryClaimAsync("k", Lease)).Status);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(WecomClaimStatus.Claimed, (await store.TryClaimAsync("k", Lease)).Status);
    }

    [Fact]
    public async Task The_store_is_bounded_by_its_capacity_and_drops_expired_entries()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryWecomIdempotencyStore(time, capacity: 100);
        for (var i = 0; i < 1000; i++)
        {
            await store.TryClaimAsync("k" + i, Lease);
            await store.CompleteAsync("k" + i, WecomStoredOutcome.NoPassiveReply, Retention);
        }
        Assert.True(store.Count <= 100, $"count {store.Count}");
        // The newest are remembered.
        Assert.Equal(WecomClaimStatus.Completed, (await store.TryClaimAsync("k999", Lease)).Status);

        time.Advance(Retention + TimeSpan.FromMinutes(1));
        await store.TryClaimAsync("fresh", Lease);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task The_limiter_lets_the_limit_through_then_delays_never_drops()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlidingWindowLimiter(30, TimeSpan.FromMinutes(1), time);
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.Reserve());
        }
        var waits = Enumerable.Range(0, 5).Select(_ => limiter.AcquireAsync().AsTask()).ToArray();
        await Task.Delay(50);
        Assert.All(waits, w => Assert.False(w.IsCompleted));
        time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(50);
        Assert.All(waits, w => Assert.False(w.IsCompleted));
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_limiter_never_allows_more_than_the_limit_in_any_window()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlidingWindowLimiter(10, TimeSpan.FromSeconds(60), time);
        var granted = new List<DateTimeOffset>();
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            time.Advance(TimeSpan.FromSeconds(random.Next(0, 8)));
            granted.Add(time.GetUtcNow() + limiter.Reserve());
        }
        granted.Sort();
        for (var i = 10; i < granted.Count; i++)
        {
            Assert.True(granted[i] - granted[i - 10] >= TimeSpan.FromSeconds(60), $"permit {i} too early");
        }
    }

    [Fact]
    public async Task Per_member_limits_are_separate_and_idle_members_are_forgotten()
    {
        var time = new FakeTimeProvider();
        var limiter = new WecomRateLimiter(time, memberPerMinute: 2);
        await limiter.AcquireMemberAsync(["a"]);
        await limiter.AcquireMemberAsync(["a"]);
        await limiter.AcquireMemberAsync(["b"]); // another member is not delayed by a
        var third = limiter.AcquireMemberAsync(["a"]).AsTask();
        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));
        await third.WaitAsync(TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromHours(2));
        limiter.Sweep();
        Assert.Equal(0, limiter.TrackedMembers);
    }

    [Fact]
    public async Task The_hourly_API_limit_holds_even_when_the_minute_limit_has_room()
    {
        var time = new FakeTimeProvider();
        var limiter = new WecomRateLimiter(time, apiPerMinute: 100, apiPerHour: 2);
        await limiter.AcquireApiAsync("message/send");
        await limiter.AcquireApiAsync("message/send");
        await limiter.AcquireApiAsync("kf/send_msg"); // per API
        var third = limiter.AcquireApiAsync("message/send").AsTask();
        time.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));
        await third.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_kf_window_allows_five_sends_after_a_customer_message_and_resets_on_the_next()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-11-11T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var tracker = new InMemoryWecomKfWindowTracker(time);
        Assert.Equal(KfSendDecision.NoCustomerMessage, tracker.TryReserveSend("wk", "wm"));
        tracker.RecordCustomerMessage("wk", "wm", time.GetUtcNow());
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(KfSendDecision.Allowed, tracker.TryReserveSend("wk", "wm"));
        }
        Assert.Equal(KfSendDecision.QuotaExhausted, tracker.TryReserveSend("wk", "wm"));
        tracker.Release("wk", "wm");
        Assert.Equal(KfSendDecision.Allowed, tracker.TryReserveSend("wk", "wm"));

        time.Advance(TimeSpan.FromHours(1));
        tracker.RecordCustomerMessage("wk", "wm", time.GetUtcNow());
        Assert.Equal(KfSendDecision.Allowed, tracker.TryReserveSend("wk", "wm"));

        time.Advance(TimeSpan.FromHours(48) + TimeSpan.FromSeconds(1));
        Assert.Equal(KfSendDecision.WindowExpired, tracker.TryReserveSend("wk", "wm"));
        // An older customer message (out of order) does not reopen the window.
        tracker.RecordCustomerMessage("wk", "wm", time.GetUtcNow() - TimeSpan.FromHours(50));
        Assert.Equal(KfSendDecision.WindowExpired, tracker.TryReserveSend("wk", "wm"));
    }
}
