using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Studio.Runtime.Channels.WeCom;

public enum WecomProcessStatus
{
    /// <summary>Answer "success" (empty acknowledgement); any replies go out through the API.</summary>
    Success,
    /// <summary>Answer with the encrypted passive reply.</summary>
    PassiveReply,
    /// <summary>The handler failed: answer 500 so WeCom redelivers and the message is tried again.</summary>
    Failed,
}

public readonly record struct WecomProcessResult(WecomProcessStatus Status, string? PassiveReplyXml = null)
{
    public static readonly WecomProcessResult Success = new(WecomProcessStatus.Success);
    public static readonly WecomProcessResult Failed = new(WecomProcessStatus.Failed);
}

/// <summary>
/// Handles each decrypted message exactly once per identity (MsgId / event identity) under redelivery, including a
/// redelivery that arrives while the first delivery is still being handled. The handler gets
/// <see cref="WecomOptions.PassiveReplyBudget"/> to answer for a passive reply; later answers go out through
/// <see cref="IWecomReplySender"/>. 微信客服 events trigger kf/sync_msg and each customer message is handled once.
/// </summary>
public sealed partial class WecomInboundProcessor
{
    private readonly IWecomConversationHandler _handler;
    private readonly IWecomIdempotencyStore _store;
    private readonly IWecomReplySender _sender;
    private readonly WecomApiClient _client;
    private readonly WecomOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WecomInboundProcessor> _logger;
    private readonly CancellationToken _stopping;
    private readonly ConcurrentDictionary<Task, byte> _background = new();

    public WecomInboundProcessor(IWecomConversationHandler handler, IWecomIdempotencyStore store, IWecomReplySender sender, WecomApiClient client,
        IOptions<WecomOptions> options, TimeProvider time, ILogger<WecomInboundProcessor> logger, IHostApplicationLifetime? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _handler = handler;
        _store = store;
        _sender = sender;
        _client = client;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
    }

    /// <summary>Work still running after its callback was answered (late replies, kf sync).</summary>
    public int PendingBackgroundWork => _background.Count;

    /// <summary>Waits for background work (tests, graceful shutdown).</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_background.Keys);

    public async Task<WecomProcessResult> ProcessAsync(WecomInboundMessage message, CancellationToken requestAborted = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = message.IdempotencyKey;
        var keyHash = key[..12];

        var claim = await _store.TryClaimAsync(key, _options.ProcessingLease, requestAborted).ConfigureAwait(false);
        if (claim.Status == WecomClaimStatus.InProgress)
        {
            LogDuplicate(keyHash, "in progress");
            var outcome = await _store.WaitForCompletionAsync(key, _options.PassiveReplyBudget, requestAborted).ConfigureAwait(false);
            if (outcome is not null)
            {
                return FromOutcome(outcome);
            }
            // Released (the first delivery failed) or still running: try to take it over once, else acknowledge.
            claim = await _store.TryClaimAsync(key, _options.ProcessingLease, requestAborted).ConfigureAwait(false);
            if (claim.Status == WecomClaimStatus.InProgress)
            {
                return WecomProcessResult.Success;
            }
        }
        if (claim.Status == WecomClaimStatus.Completed)
        {
            LogDuplicate(keyHash, "completed");
            return FromOutcome(claim.Outcome!);
        }

        if (message.IsKfMsgOrEvent)
        {
            Track(RunKfSyncAsync(message, key, keyHash));
            return WecomProcessResult.Success;
        }

        var handling = Task.Run(() => _handler.HandleAsync(message, _stopping).AsTask(), CancellationToken.None);
        try
        {
            await handling.WaitAsync(_options.PassiveReplyBudget, _time, requestAborted).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogLate(keyHash);
            Track(FinishLateAsync(message, key, keyHash, handling));
            return WecomProcessResult.Success;
        }
        catch (OperationCanceledException) when (requestAborted.IsCancellationRequested)
        {
            // WeCom hung up: nobody will read a passive reply. Reply through the API when the handler is done.
            Track(FinishLateAsync(message, key, keyHash, handling));
            throw;
        }
        catch (Exception ex)
        {
            await _store.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
            LogHandlerFailed(keyHash, ex.GetType().Name);
            return WecomProcessResult.Failed;
        }

        var result = handling.Result;
        if (!requestAborted.IsCancellationRequested && CanBePassive(message, result))
        {
            var xml = WecomXml.BuildPassiveReply(message.FromUserName, message.ToUserName, _time.GetUtcNow().ToUnixTimeSeconds(), result.Replies[0]);
            await _store.CompleteAsync(key, new WecomStoredOutcome(WecomOutcomeKind.PassiveReply, xml), _options.IdempotencyRetention,
                CancellationToken.None).ConfigureAwait(false);
            return new WecomProcessResult(WecomProcessStatus.PassiveReply, xml);
        }
        if (result.Replies.Count == 0)
        {
            await _store.CompleteAsync(key, WecomStoredOutcome.NoPassiveReply, _options.IdempotencyRetention, CancellationToken.None)
                .ConfigureAwait(false);
            return WecomProcessResult.Success;
        }
        Track(SendAndCompleteAsync(message, key, result));
        return WecomProcessResult.Success;
    }

    private static bool CanBePassive(WecomInboundMessage message, WecomHandlerResult result) =>
        message.Source == WecomSource.App
        && (!message.IsEvent || message.IsEnterAgent)
        && result.Replies.Count == 1
        && WecomXml.CanReplyPassively(result.Replies[0]);

    private static WecomProcessResult FromOutcome(WecomStoredOutcome outcome) =>
        outcome.Kind == WecomOutcomeKind.PassiveReply && outcome.PassiveReplyXml is not null
            ? new WecomProcessResult(WecomProcessStatus.PassiveReply, outcome.PassiveReplyXml)
            : WecomProcessResult.Success;

    private async Task FinishLateAsync(WecomInboundMessage message, string key, string keyHash, Task<WecomHandlerResult> handling)
    {
        WecomHandlerResult result;
        try
        {
            result = await handling.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Acknowledged already, so WeCom will not redeliver; release so a redelivery (if any) can try again.
            await _store.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
            LogHandlerFailed(keyHash, ex.GetType().Name);
            return;
        }
        await SendAndCompleteAsync(message, key, result).ConfigureAwait(false);
    }

    private async Task SendAndCompleteAsync(WecomInboundMessage message, string key, WecomHandlerResult result)
    {
        try
        {
            if (result.Replies.Count > 0)
            {
                await _sender.SendAsync(message, result.Replies, _stopping).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // The turn happened: never run the handler again for this message. Retrying the send is the outbox's job.
            LogSendFailed(key[..12], ex.GetType().Name);
        }
        finally
        {
            await _store.CompleteAsync(key, WecomStoredOutcome.NoPassiveReply, _options.IdempotencyRetention, CancellationToken.None)
                .ConfigureAwait(false);
        }
    }

    private async Task RunKfSyncAsync(WecomInboundMessage kfEvent, string key, string keyHash)
    {
        try
        {
            var sync = await _client.SyncKfMessagesAsync(kfEvent.Token!, kfEvent.OpenKfId!, async (page, ct) =>
            {
                foreach (var m in page)
                {
                    if (!m.IsFromCustomer || string.IsNullOrEmpty(m.MsgId) || m.ExternalUserId is null)
                    {
                        continue;
                    }
                    var inbound = new WecomInboundMessage
                    {
                        Source = WecomSource.CustomerService,
                        ToUserName = m.OpenKfId,
                        FromUserName = m.ExternalUserId,
                        ExternalUserId = m.ExternalUserId,
                        OpenKfId = m.OpenKfId,
                        CreateTime = m.SendTime,
                        MsgType = m.MsgType,
                        Content = m.Text,
                        MsgId = m.MsgId,
                    };
                    await HandleKfMessageAsync(inbound, ct).ConfigureAwait(false);
                }
            }, _stopping).ConfigureAwait(false);
            if (sync.IsSuccess)
            {
                await _store.CompleteAsync(key, WecomStoredOutcome.NoPassiveReply, _options.IdempotencyRetention, CancellationToken.None)
                    .ConfigureAwait(false);
            }
            else
            {
                // The cursor is persisted per page: the next kf event continues from there.
                LogKfSyncFailed(keyHash, sync.Outcome, sync.ErrCode);
                await _store.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            LogKfSyncFailed(keyHash, WecomApiOutcome.Transient, -3);
            LogHandlerFailed(keyHash, ex.GetType().Name);
            await _store.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task HandleKfMessageAsync(WecomInboundMessage inbound, CancellationToken cancellationToken)
    {
        var key = inbound.IdempotencyKey;
        var claim = await _store.TryClaimAsync(key, _options.ProcessingLease, cancellationToken).ConfigureAwait(false);
        if (claim.Status != WecomClaimStatus.Claimed)
        {
            LogDuplicate(key[..12], "kf message already handled");
            return;
        }
        WecomHandlerResult result;
        try
        {
            result = await _handler.HandleAsync(inbound, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await _store.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
            LogHandlerFailed(key[..12], ex.GetType().Name);
            throw;
        }
        await SendAndCompleteAsync(inbound, key, result).ConfigureAwait(false);
    }

    private void Track(Task task)
    {
        _background.TryAdd(task, 0);
        _ = task.ContinueWith(t => _background.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WeCom callback {KeyHash}: duplicate delivery ({State})")]
    private partial void LogDuplicate(string keyHash, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "WeCom callback {KeyHash}: handler missed the passive-reply budget, replying through the API")]
    private partial void LogLate(string keyHash);

    [LoggerMessage(Level = LogLevel.Error, Message = "WeCom callback {KeyHash}: handler failed ({Exception})")]
    private partial void LogHandlerFailed(string keyHash, string exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "WeCom callback {KeyHash}: replies could not be sent ({Exception})")]
    private partial void LogSendFailed(string keyHash, string exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeCom kf event {KeyHash}: sync_msg stopped ({Outcome}, errcode {ErrCode})")]
    private partial void LogKfSyncFailed(string keyHash, WecomApiOutcome outcome, int errCode);
}
