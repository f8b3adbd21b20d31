using System.Collections.Concurrent;
using Studio.Data.Outbox;

namespace Studio.Data.Tests.Outbox;

public sealed class OutboxTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly LiteDbOutbox _outbox;

    public OutboxTests() => _outbox = new LiteDbOutbox(_temp.Db, _temp.Time, maxAttempts: 3);

    public void Dispose() => _temp.Dispose();

    private static OutboxMessage Tag(string member) => new("tag", $$"""{"memberId":"{{member}}","tag":"interested:连衣裙"}""") { MemberId = member };

    [Fact]
    public async Task Enqueue_lease_complete()
    {
        var item = await _outbox.EnqueueAsync(Tag("m-1"));
        var leased = Assert.Single(await _outbox.LeaseAsync("worker-a", 10, TimeSpan.FromSeconds(30)));
        Assert.Equal(item.Id, leased.Id);
        Assert.Equal(1, leased.Attempts);
        Assert.Equal("worker-a", leased.LeaseOwner);
        Assert.Empty(await _outbox.LeaseAsync("worker-b", 10, TimeSpan.FromSeconds(30)));

        await _outbox.CompleteAsync(leased.Id, leased.LeaseId!);
        var done = await _outbox.GetAsync(item.Id);
        Assert.Equal(OutboxStatus.Done, done!.Status);
        Assert.Equal(_temp.Time.GetUtcNow(), done.CompletedAt);
        _temp.Time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await _outbox.LeaseAsync("worker-a", 10, TimeSpan.FromSeconds(30)));
        Assert.Equal(1, await _outbox.PurgeDoneAsync(_temp.Time.GetUtcNow()));
    }

    [Fact]
    public async Task A_dedup_key_enqueues_once()
    {
        var first = await _outbox.EnqueueAsync(Tag("m-1") with { DedupKey = "voice:call-1/3/0" });
        var second = await _outbox.EnqueueAsync(Tag("m-1") with { DedupKey = "voice:call-1/3/0" });
        Assert.Equal(first.Id, second.Id);
        Assert.Single(await _outbox.LeaseAsync("w", 10, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_failure_waits_for_its_next_attempt_and_dead_letters_after_the_maximum()
    {
        var item = await _outbox.EnqueueAsync(Tag("m-1"));
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var leased = Assert.Single(await _outbox.LeaseAsync("w", 1, TimeSpan.FromSeconds(30)));
            Assert.Equal(attempt, leased.Attempts);
            var status = await _outbox.FailAsync(leased.Id, leased.LeaseId!, "HTTP 503 from webhook", _temp.Time.GetUtcNow().AddMinutes(attempt));
            if (attempt < 3)
            {
                Assert.Equal(OutboxStatus.Pending, status);
                _temp.Time.Advance(TimeSpan.FromMinutes(attempt) - TimeSpan.FromSeconds(1));
                Assert.Empty(await _outbox.LeaseAsync("w", 1, TimeSpan.FromSeconds(30)));
                _temp.Time.Advance(TimeSpan.FromSeconds(1));
            }
            else
            {
                Assert.Equal(OutboxStatus.Dead, status);
            }
        }
        _temp.Time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await _outbox.LeaseAsync("w", 1, TimeSpan.FromSeconds(30)));
        var dead = Assert.Single(await _outbox.ListDeadAsync());
        Assert.Equal(item.Id, dead.Id);
        Assert.Equal("HTTP 503 from webhook", dead.LastError);

        Assert.True(await _outbox.RetryDeadAsync(item.Id));
        Assert.Equal(1, Assert.Single(await _outbox.LeaseAsync("w", 1, TimeSpan.FromSeconds(30))).Attempts);
    }

    [Fact]
    public async Task A_permanent_failure_dead_letters_at_once_and_needs_the_current_lease()
    {
        var item = await _outbox.EnqueueAsync(Tag("m-1"));
        var leased = Assert.Single(await _outbox.LeaseAsync("w", 1, TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<OutboxLeaseLostException>(() => _outbox.BuryAsync(item.Id, "not-the-lease", "HTTP 400"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _outbox.BuryAsync("no-such-item", leased.LeaseId!, "HTTP 400"));

        await _outbox.BuryAsync(item.Id, leased.LeaseId!, "HTTP 400 from webhook");
        var dead = Assert.Single(await _outbox.ListDeadAsync());
        Assert.Equal(1, dead.Attempts);
        Assert.Equal("HTTP 400 from webhook", dead.LastError);
        _temp.Time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await _outbox.LeaseAsync("w", 1, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Default_backoff_grows()
    {
        await _outbox.EnqueueAsync(Tag("m-1"));
        var leased = Assert.Single(await _outbox.LeaseAsync("w", 1, TimeSpan.FromSeconds(30)));
        await _outbox.FailAsync(leased.Id, leased.LeaseId!, "timeout");
        var next = (await _outbox.GetAsync(leased.Id))!.NextAttemptAt - _temp.Time.GetUtcNow();
        Assert.InRange(next.TotalSeconds, 4, 6);
        Assert.True(OutboxBackoff.Delay(4, new Random(1)) > OutboxBackoff.Delay(2, new Random(1)));
        Assert.True(OutboxBackoff.Delay(50) <= TimeSpan.FromHours(1.2));
    }

    [Fact]
    public async Task An_expired_lease_is_taken_again_and_the_old_worker_can_no_longer_complete()
    {
        await _outbox.EnqueueAsync(Tag("m-1"));
        var first = Assert.Single(await _outbox.LeaseAsync("worker-a", 1, TimeSpan.FromSeconds(30)));
        _temp.Time.Advance(TimeSpan.FromSeconds(31));
        var second = Assert.Single(await _outbox.LeaseAsync("worker-b", 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.Attempts);
        await Assert.ThrowsAsync<OutboxLeaseLostException>(() => _outbox.CompleteAsync(first.Id, first.LeaseId!));
        await _outbox.CompleteAsync(second.Id, second.LeaseId!);
    }

    [Fact]
    public async Task Two_concurrent_workers_never_lease_the_same_item()
    {
        const int items = 300;
        for (var i = 0; i < items; i++)
        {
            await _outbox.EnqueueAsync(Tag("m-" + i));
        }
        var taken = new ConcurrentBag<string>();
        async Task Work(string owner)
        {
            while (true)
            {
                var batch = await Task.Run(() => _outbox.LeaseAsync(owner, 7, TimeSpan.FromMinutes(5)));
                if (batch.Count == 0)
                {
                    return;
                }
                foreach (var item in batch)
                {
                    taken.Add(item.Id);
                    await _outbox.CompleteAsync(item.Id, item.LeaseId!);
                }
            }
        }
        await Task.WhenAll(Work("a"), Work("b"), Work("c"));
        Assert.Equal(items, taken.Count);
        Assert.Equal(items, taken.Distinct().Count());
    }
}
