using Studio.Data.Outbox;

namespace Studio.Runtime.Outbox;

public enum ActionPerformStatus
{
    Done,
    /// <summary>Try again later (a 5xx, a timeout, an outage, outside calling hours).</summary>
    Retry,
    /// <summary>Retrying cannot help (a 4xx, a refusal, a malformed payload): dead-letter now.</summary>
    Fail,
}

/// <summary>What performing an outbox item came to. Errors and notes must not hold personal data (they are logged and stored).</summary>
public sealed record ActionPerformResult(ActionPerformStatus Status, string? Error = null, TimeSpan? RetryAfter = null, string? Note = null)
{
    public static ActionPerformResult Done(string? note = null) => new(ActionPerformStatus.Done, Note: note);

    public static ActionPerformResult Retry(string error, TimeSpan? retryAfter = null) => new(ActionPerformStatus.Retry, error, retryAfter);

    public static ActionPerformResult Fail(string error) => new(ActionPerformStatus.Fail, error);
}

/// <summary>Performs the outbox items of one <see cref="Type"/>. Must be idempotent: an item may be performed again after a crash.</summary>
public interface IActionPerformer
{
    /// <summary>The <see cref="OutboxItem.Type"/> handled (tag, wecom_add, sms, webhook, transfer, callback, conversation_ended, wecom_reply).</summary>
    string Type { get; }

    Task<ActionPerformResult> PerformAsync(OutboxItem item, CancellationToken cancellationToken);
}

/// <summary>
/// How logs, dead-letter listings and outgoing deliveries name an outbox item. An id made from a dedup key carries the
/// conversation key, which holds a WeCom external user id or a call id: it is shown as "d:" + a hash of it instead.
/// Stable, so a receiver can deduplicate on it across retries.
/// </summary>
public static class OutboxItemRef
{
    public static string Of(OutboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Of(item.Id);
    }

    public static string Of(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.StartsWith("d:", StringComparison.Ordinal)
            ? "d:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)).AsSpan(0, 12))
            : id;
    }
}

/// <summary>The outbox item types the runtime performs.</summary>
public static class OutboxTypes
{
    public const string Tag = "tag";
    public const string WecomAdd = "wecom_add";
    public const string Sms = "sms";
    public const string Webhook = "webhook";
    public const string Transfer = "transfer";
    public const string Callback = "callback";
    public const string ConversationEnded = "conversation_ended";
    public const string WecomReply = "wecom_reply";

    /// <summary>Messages the bot sends on its own (the conversation grain's follow-ups).</summary>
    public const string WecomSend = "wecom_send";

    /// <summary>An outbound call to place through the voice gateway (a due call-back).</summary>
    public const string VoiceDial = "voice_dial";
}
