using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Studio.Data.Conversations;
using Studio.Data.Outbox;
using Studio.Runtime.Channels.WeCom;
using Studio.Runtime.Compliance;
using Studio.Runtime.Conversations;

namespace Studio.Runtime.Outbox;

/// <summary>
/// Delivers WeCom messages of an outbox item through the WeCom API (<see cref="WecomApiReplySender"/>, never the host's
/// <see cref="IWecomReplySender"/>, which may be the outbox itself). One message per call, with the count already
/// sent kept in the key/value store, so a retry after an outage sends only what is missing. A WeCom outage (5xx,
/// timeout, busy) → retry; a refusal (the 48 h window closed, an expired welcome code) or an API error → dead letter.
/// </summary>
public sealed class WecomDelivery(IServiceProvider services, IKeyValueStore progress)
{
    internal const string ProgressNamespace = "outbox.wecom_reply";
    private WecomApiReplySender? _sender;

    public async Task<ActionPerformResult> DeliverAsync(string itemId, WecomInboundMessage inbound, IReadOnlyList<WecomOutboundMessage> replies,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(replies);
        var sender = Sender();
        if (sender is null)
        {
            return ActionPerformResult.Fail("the WeCom channel is not configured in this host");
        }
        // A welcome is one send_welcome_msg call whatever the number of messages.
        var batches = inbound.IsAddExternalContact ? [replies] : replies.Select(r => (IReadOnlyList<WecomOutboundMessage>)[r]).ToList();

        var stored = await progress.ReadAsync(ProgressNamespace, itemId, cancellationToken).ConfigureAwait(false);
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
            etag = await progress.WriteAsync(ProgressNamespace, itemId, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), etag,
                cancellationToken).ConfigureAwait(false);
        }
        if (etag is not null)
        {
            await progress.DeleteAsync(ProgressNamespace, itemId, etag, cancellationToken).ConfigureAwait(false);
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

/// <summary>wecom_reply: replies to a member's WeCom message that did not go out passively (see <see cref="WecomReplyPayload"/>).</summary>
public sealed class WecomReplyPerformer(WecomDelivery delivery) : IActionPerformer
{
    public string Type => OutboxTypes.WecomReply;

    public Task<ActionPerformResult> PerformAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var payload = WecomReplyPayload.Read(item);
        return delivery.DeliverAsync(item.Id, payload.ToInbound(), payload.ToReplies(), cancellationToken);
    }
}

/// <summary>
/// wecom_send: messages the bot sends on its own (follow-ups the conversation grain schedules), on the conversation's
/// <see cref="WecomRoute"/>. Unasked messages are outbound contact: the <see cref="OutboundGuard"/> drops them for a
/// listed or opted-out member and defers them outside calling hours.
/// </summary>
public sealed class WecomSendPerformer(WecomDelivery delivery, OutboundGuard guard, TimeProvider time) : IActionPerformer
{
    public string Type => OutboxTypes.WecomSend;

    public async Task<ActionPerformResult> PerformAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        WecomSendPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<WecomSendPayload>(item.Payload, ActionPayload.Json);
        }
        catch (JsonException ex)
        {
            throw new OutboxPayloadException($"the wecom_send payload is not valid JSON ({ex.Path}: {ex.Message})");
        }
        if (payload?.Route is not { } route || payload.Messages is not { Count: > 0 } || string.IsNullOrEmpty(payload.MemberId))
        {
            return ActionPerformResult.Fail("the wecom_send payload has no member, route or messages");
        }
        var decision = await guard.CheckAsync(payload.MemberId, null, OutboundChannel.Wecom, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (SmsPerformer.Refused(decision, time) is { } refused)
        {
            return refused;
        }
        var kf = route.Source == "kf";
        var inbound = new WecomInboundMessage
        {
            Source = kf ? WecomSource.CustomerService : WecomSource.App,
            ToUserName = route.CorpOrKfId,
            FromUserName = route.UserId,
            ExternalUserId = route.ExternalUserId,
            OpenKfId = kf ? route.CorpOrKfId : null,
            AgentId = route.AgentId,
            CreateTime = 0,
            MsgType = "text",
        };
        var replies = GrainWecomConversationHandler.Outbound(new ConversationTurn { Conversation = payload.Conversation, Messages = [.. payload.Messages] });
        return await delivery.DeliverAsync(item.Id, inbound, replies, cancellationToken).ConfigureAwait(false);
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
