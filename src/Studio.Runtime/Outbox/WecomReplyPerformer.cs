using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Studio.Data.Conversations;
using Studio.Data.Outbox;
using Studio.Runtime.Channels.WeCom;

namespace Studio.Runtime.Outbox;

/// <summary>
/// wecom_reply: sends the replies through the WeCom API (<see cref="WecomApiReplySender"/>, never the host's
/// <see cref="IWecomReplySender"/>, which may be the outbox itself). One message per call, with the count already
/// sent kept in the key/value store, so a retry after an outage sends only what is missing. A WeCom outage (5xx,
/// timeout, busy) → retry; a refusal (the 48 h window closed, an expired welcome code) or an API error → dead letter.
/// </summary>
public sealed class WecomReplyPerformer(IServiceProvider services, IKeyValueStore progress) : IActionPerformer
{
    internal const string ProgressNamespace = "outbox.wecom_reply";
    private WecomApiReplySender? _sender;

    public string Type => OutboxTypes.WecomReply;

    public async Task<ActionPerformResult> PerformAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var payload = WecomReplyPayload.Read(item);
        var sender = Sender();
        if (sender is null)
        {
            return ActionPerformResult.Fail("the WeCom channel is not configured in this host");
        }
        var inbound = payload.ToInbound();
        var replies = payload.ToReplies();
        // A welcome is one send_welcome_msg call whatever the number of messages.
        var batches = inbound.IsAddExternalContact ? [replies] : replies.Select(r => (IReadOnlyList<WecomOutboundMessage>)[r]).ToList();

        var stored = await progress.ReadAsync(ProgressNamespace, item.Id, cancellationToken).ConfigureAwait(false);
        var sent = stored is null ? 0 : int.Parse(stored.Value, System.Globalization.CultureInfo.InvariantCulture);
        var etag = stored?.ETag;
        for (var i = sent; i < batches.Count; i++)
        {
            var results = await sender.SendAsync(inbound, batches[i], cancellationToken).ConfigureAwait(false);
            if (results.FirstOrDefault(r => !r.IsSuccess) is { } failed)
            {
                var error = $"WeCom {failed.Api}: {failed.Outcome} errcode {failed.ErrCode}" + (failed.Refusal != WecomRefusal.None ? $" ({failed.Refusal})" : "")
                    + $", {i} of {batches.Count} sent";
                return failed.IsRetryable ? ActionPerformResult.Retry(error) : ActionPerformResult.Fail(error);
            }
            etag = await progress.WriteAsync(ProgressNamespace, item.Id, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), etag,
                cancellationToken).ConfigureAwait(false);
        }
        if (etag is not null)
        {
            await progress.DeleteAsync(ProgressNamespace, item.Id, etag, cancellationToken).ConfigureAwait(false);
        }
        return ActionPerformResult.Done($"{replies.Count} WeCom message(s) sent");
    }

    private WecomApiReplySender? Sender()
    {
        if (_sender is null && services.GetService<WecomApiClient>() is { } client)
        {
            _sender = new WecomApiReplySender(client, services.GetRequiredService<ILogger<WecomApiReplySender>>());
        }
        return _sender;
    }
}

/// <summary>
/// An <see cref="IWecomReplySender"/> that enqueues the replies as one <c>wecom_reply</c> outbox item and nudges the
/// worker, so a reply survives a WeCom outage or a restart. Register it before <c>AddWecomChannel</c> to replace the
/// direct sender. The results say "queued" (Ok), not delivered.
/// </summary>
public sealed class OutboxWecomReplySender(IOutbox outbox, IServiceProvider services) : IWecomReplySender
{
    public async Task<IReadOnlyList<WecomApiResult>> SendAsync(WecomInboundMessage inReplyTo, IReadOnlyList<WecomOutboundMessage> replies,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inReplyTo);
        ArgumentNullException.ThrowIfNull(replies);
        if (replies.Count == 0)
        {
            return [];
        }
        var payload = WecomReplyPayload.From(inReplyTo, replies);
        await outbox.EnqueueAsync(payload.ToOutboxMessage("wecom_reply:" + inReplyTo.IdempotencyKey), cancellationToken).ConfigureAwait(false);
        services.GetService<OutboxWorker>()?.Nudge();
        return [.. replies.Select(_ => new WecomApiResult("outbox", WecomApiOutcome.Ok, ErrMsg: "queued"))];
    }
}
