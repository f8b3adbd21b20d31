using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Studio.Data.Outbox;
using Studio.Data.Privacy;
using Studio.Runtime.Operations;

namespace Studio.Runtime.Outbox;

/// <summary>Outbox worker settings (section <c>Studio:Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Studio:Outbox";

    /// <summary>Run the worker in this process (off for a process that only serves the studio).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often to look for due items when nothing nudges the worker.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Items leased per round.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Items performed at once.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>How long a lease lasts; a worker that dies mid-item frees it after this.</summary>
    public TimeSpan LeaseFor { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Done items are deleted after this long.</summary>
    public TimeSpan KeepDone { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Performs the outbox: leases due items, dispatches each by <see cref="OutboxItem.Type"/> to its
/// <see cref="IActionPerformer"/>, completes it, retries it with <see cref="OutboxBackoff"/> (or the performer's own
/// delay) or dead-letters it. Runs a round when nudged (a fresh enqueue) or every poll interval. Logs the item id, type
/// and outcome, never the payload.
/// </summary>
public sealed partial class OutboxWorker : BackgroundService
{
    private readonly IOutbox _outbox;
    private readonly IReadOnlyDictionary<string, IActionPerformer> _performers;
    private readonly RuntimeMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly OutboxOptions _options;
    private readonly ILogger<OutboxWorker> _logger;
    private readonly SemaphoreSlim _nudge = new(0, 1);
    private readonly string _owner = Environment.MachineName + ":" + Environment.ProcessId + ":" + Guid.NewGuid().ToString("N")[..8];
    private DateTimeOffset _lastPurge;

    public OutboxWorker(IOutbox outbox, IEnumerable<IActionPerformer> performers, RuntimeMetrics metrics, TimeProvider time,
        IOptions<OutboxOptions> options, ILogger<OutboxWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(performers);
        ArgumentNullException.ThrowIfNull(options);
        _outbox = outbox;
        _metrics = metrics;
        _time = time;
        _options = options.Value;
        _logger = logger;
        var byType = new Dictionary<string, IActionPerformer>(StringComparer.Ordinal);
        foreach (var performer in performers)
        {
            // The last registration of a type wins, so a host can replace a default performer.
            byType[performer.Type] = performer;
        }
        _performers = byType;
        if (_options.BatchSize < 1 || _options.Concurrency < 1 || _options.PollInterval <= TimeSpan.Zero || _options.LeaseFor <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{OutboxOptions.Section}: BatchSize and Concurrency must be at least 1, PollInterval and LeaseFor positive");
        }
    }

    /// <summary>The types this worker can perform.</summary>
    public IReadOnlyCollection<string> Types => [.. _performers.Keys];

    /// <summary>Wakes the worker now (call after enqueueing), instead of at the next poll.</summary>
    public void Nudge()
    {
        try
        {
            if (_nudge.CurrentCount == 0)
            {
                _nudge.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already nudged.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var types = string.Join(",", _performers.Keys.Order(StringComparer.Ordinal));
        LogStarted(_owner, types);
        while (!stoppingToken.IsCancellationRequested)
        {
            int performed;
            try
            {
                performed = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                await PurgeAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The store is down or closing: wait a poll and try again rather than stop performing for good.
                LogRoundFailed(ex.GetType().Name);
                performed = 0;
            }
            if (performed == _options.BatchSize)
            {
                continue; // more may be due
            }
            try
            {
                await _nudge.WaitAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One round: leases a batch and performs it. Returns how many items were leased.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var items = await _outbox.LeaseAsync(_owner, _options.BatchSize, _options.LeaseFor, cancellationToken).ConfigureAwait(false);
        if (items.Count == 0)
        {
            return 0;
        }
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (item, ct) => await PerformAsync(item, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return items.Count;
    }

    private async Task PerformAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ActionPerformResult result;
        if (!_performers.TryGetValue(item.Type, out var performer))
        {
            result = ActionPerformResult.Fail($"no performer for outbox type '{item.Type}'");
        }
        else
        {
            try
            {
                result = await performer.PerformAsync(item, cancellationToken).ConfigureAwait(false);
            }
            catch (OutboxPayloadException ex)
            {
                result = ActionPerformResult.Fail(ex.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutting down: the lease expires and another round (or process) performs it again.
                return;
            }
            catch (Exception ex)
            {
                // Only the exception's type: its message may quote a payload.
                result = ActionPerformResult.Retry("performer threw " + ex.GetType().Name);
            }
        }

        var error = PhoneText.Redact(result.Error, mobilesOnly: true) ?? "";
        var reference = OutboxItemRef.Of(item);
        try
        {
            switch (result.Status)
            {
                case ActionPerformStatus.Done:
                    await _outbox.CompleteAsync(item.Id, item.LeaseId!, CancellationToken.None).ConfigureAwait(false);
                    _metrics.OutboxPerformed(item.Type);
                    LogDone(reference, item.Type, item.Attempts, result.Note ?? "");
                    break;
                case ActionPerformStatus.Retry:
                    var next = result.RetryAfter is { } after ? _time.GetUtcNow() + after : (DateTimeOffset?)null;
                    var status = await _outbox.FailAsync(item.Id, item.LeaseId!, error, next, CancellationToken.None).ConfigureAwait(false);
                    if (status == OutboxStatus.Dead)
                    {
                        _metrics.OutboxDead(item.Type);
                        LogDead(reference, item.Type, item.Attempts, error);
                    }
                    else
                    {
                        _metrics.OutboxFailed(item.Type);
                        LogRetry(reference, item.Type, item.Attempts, error);
                    }
                    break;
                default:
                    await _outbox.BuryAsync(item.Id, item.LeaseId!, error, CancellationToken.None).ConfigureAwait(false);
                    _metrics.OutboxDead(item.Type);
                    LogDead(reference, item.Type, item.Attempts, error);
                    break;
            }
        }
        catch (OutboxLeaseLostException)
        {
            // Took longer than the lease: another worker has it now and will perform it again (performers are idempotent).
            LogLeaseLost(reference, item.Type);
        }
    }

    private async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now - _lastPurge < TimeSpan.FromHours(1))
        {
            return;
        }
        _lastPurge = now;
        await _outbox.PurgeDoneAsync(now - _options.KeepDone, cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _nudge.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox worker {Owner} started for {Types}")]
    private partial void LogStarted(string owner, string types);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox {ItemRef} ({Type}) done on attempt {Attempt} {Note}")]
    private partial void LogDone(string itemRef, string type, int attempt, string note);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox {ItemRef} ({Type}) attempt {Attempt} failed, will retry: {Error}")]
    private partial void LogRetry(string itemRef, string type, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox {ItemRef} ({Type}) dead-lettered after attempt {Attempt}: {Error}")]
    private partial void LogDead(string itemRef, string type, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox {ItemRef} ({Type}): lease lost before the result was stored")]
    private partial void LogLeaseLost(string itemRef, string type);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox round failed ({Error}); retrying after the poll interval")]
    private partial void LogRoundFailed(string error);
}
