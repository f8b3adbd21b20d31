namespace Studio.Data.Outbox;

public enum OutboxStatus
{
    /// <summary>Waiting for its next attempt time.</summary>
    Pending,

    /// <summary>Taken by a worker until <see cref="OutboxItem.LeaseUntil"/>; back to pending if the worker dies.</summary>
    Leased,

    Done,

    /// <summary>Gave up after the maximum attempts; kept for inspection and manual retry.</summary>
    Dead,
}

/// <summary>
/// An action the runtime must perform outside the conversation (tag a member, request a WeCom add,
/// send an SMS, call a webhook, transfer, send a WeCom reply). Written in the same step that records
/// the turn, performed by a worker with retries, never lost.
/// </summary>
public sealed class OutboxItem
{
    public string Id { get; set; } = "";

    /// <summary>What to do: tag, wecom_add, sms, webhook, transfer, wecom_reply …</summary>
    public string Type { get; set; } = "";

    /// <summary>The action's parameters as JSON (the performer's own format).</summary>
    public string Payload { get; set; } = "";

    /// <summary>
    /// Optional idempotency key: enqueueing a second item with the same key returns the first
    /// (e.g. conversation + turn + action index, so a replayed turn does not send twice).
    /// </summary>
    public string? DedupKey { get; set; }

    public string? Conversation { get; set; }
    public string? MemberId { get; set; }

    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Identifies the current lease; completing or failing needs it.</summary>
    public string? LeaseId { get; set; }

    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

/// <summary>What to enqueue.</summary>
public sealed record OutboxMessage(string Type, string Payload)
{
    public string? DedupKey { get; init; }
    public string? Conversation { get; init; }
    public string? MemberId { get; init; }

    /// <summary>Not before this time (a scheduled callback); default now.</summary>
    public DateTimeOffset? NotBefore { get; init; }
}

/// <summary>A lease ended with a wrong or expired lease id: another worker owns the item now.</summary>
public sealed class OutboxLeaseLostException(string id)
    : Exception($"outbox item '{id}' is no longer leased by this worker (the lease expired and it was taken again)")
{
    public string ItemId { get; } = id;
}

/// <summary>Exponential backoff with jitter for outbox retries: 5 s, 10 s, 20 s … capped at 1 h, ±20 %.</summary>
public static class OutboxBackoff
{
    public static TimeSpan Delay(int attempts, Random? random = null)
    {
        var seconds = Math.Min(3600, 5 * Math.Pow(2, Math.Max(0, attempts - 1)));
        var jitter = 0.8 + ((random ?? Random.Shared).NextDouble() * 0.4);
        return TimeSpan.FromSeconds(seconds * jitter);
    }
}
