using System.Globalization;
using Microsoft.Extensions.Options;
using Studio.Data.Outbox;
using Studio.Runtime.Outbox;

namespace Studio.Runtime.Conversations;

/// <summary>
/// What the runtime keeps per member across all their conversations (key: member id): the experiment arms (the arm a
/// member entered at first exposure is kept, so a retry, another channel or a later change of the split's weights
/// never moves them) and the scheduled call-back. Persisted with the LiteDB grain storage.
/// </summary>
public interface IMemberGrain : IGrainWithStringKey
{
    Task<Dictionary<string, string>> GetArmsAsync();

    /// <summary>Records the first exposure to an experiment; a later exposure keeps the first arm. Returns the member's arm.</summary>
    Task<string> RecordExposureAsync(string experiment, string arm, DateTimeOffset at);

    /// <summary>
    /// Schedules a call-back (the script's <c>callback</c> action) with a durable reminder; a later request replaces an
    /// earlier one (one pending call-back per member). When it is due, a <c>voice_dial</c> outbox item places the call.
    /// </summary>
    Task ScheduleCallbackAsync(ScheduledCallback callback);

    /// <summary>The pending call-back, if any.</summary>
    Task<ScheduledCallback?> GetCallbackAsync();
}

/// <summary>A call-back the member asked for: when, which script calls, and the conversation that promised it.</summary>
[GenerateSerializer]
public sealed record ScheduledCallback(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string ScriptId,
    [property: Id(2)] string Conversation);

[GenerateSerializer]
public sealed class MemberCallback
{
    [Id(0)] public ScheduledCallback? Pending { get; set; }
}

[GenerateSerializer]
public sealed class MemberArms
{
    [Id(0)] public Dictionary<string, ArmEntry> Experiments { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer]
public sealed record ArmEntry([property: Id(0)] string Arm, [property: Id(1)] DateTimeOffset FirstExposedAt);

public sealed class MemberGrain(
    [PersistentState("arms", StudioGrainStorage.Name)] IPersistentState<MemberArms> arms,
    [PersistentState("callback", StudioGrainStorage.Name)] IPersistentState<MemberCallback> callback,
    IOutbox outbox,
    IOptions<ConversationOptions> options,
    TimeProvider time) : Grain, IMemberGrain, IRemindable
{
    private const string CallbackReminder = "callback";

    public Task<Dictionary<string, string>> GetArmsAsync() =>
        Task.FromResult(arms.State.Experiments.ToDictionary(e => e.Key, e => e.Value.Arm, StringComparer.Ordinal));

    public async Task<string> RecordExposureAsync(string experiment, string arm, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(experiment);
        ArgumentException.ThrowIfNullOrEmpty(arm);
        if (arms.State.Experiments.TryGetValue(experiment, out var entry))
        {
            return entry.Arm;
        }
        arms.State.Experiments[experiment] = new ArmEntry(arm, at);
        await arms.WriteStateAsync();
        return arm;
    }

    public async Task ScheduleCallbackAsync(ScheduledCallback scheduled)
    {
        ArgumentNullException.ThrowIfNull(scheduled);
        callback.State.Pending = scheduled;
        await callback.WriteStateAsync();
        var due = scheduled.At - time.GetUtcNow();
        // Reminders are periodic: should queueing the call fail, the next tick (the retry period later) tries again.
        await this.RegisterOrUpdateReminder(CallbackReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, options.Value.FollowUpRetryPeriod);
    }

    public Task<ScheduledCallback?> GetCallbackAsync() => Task.FromResult(callback.State.Pending);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != CallbackReminder)
        {
            return;
        }
        if (callback.State.Pending is { } due && due.At <= time.GetUtcNow())
        {
            // Compliance (do-not-contact, opt-out, calling hours) is checked when the call is placed, not here.
            var payload = new ActionPayload
            {
                Conversation = due.Conversation,
                MemberId = this.GetPrimaryKeyString(),
                ScriptId = due.ScriptId,
                Parameters = new() { ["campaign"] = OutboxTypes.Callback, ["at"] = due.At.ToString("O", CultureInfo.InvariantCulture) },
            };
            await outbox.EnqueueAsync(new OutboxMessage(OutboxTypes.VoiceDial, payload.ToJson())
            {
                // A tick repeated after a crash queues no second call.
                DedupKey = $"voice_dial:{payload.MemberId}:{due.At.UtcTicks}",
                Conversation = due.Conversation,
                MemberId = payload.MemberId,
            });
            callback.State.Pending = null;
            await callback.WriteStateAsync();
        }
        if (callback.State.Pending is null && await this.GetReminder(CallbackReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}

/// <summary>The name of the grain storage this host's grains use (<c>[PersistentState(..., StudioGrainStorage.Name)]</c>).</summary>
public static class StudioGrainStorage
{
    public const string Name = "studio";
}
