using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Scripts;
using Studio.Data.Compliance;
using Studio.Data.Conversations;
using Studio.Data.Members;
using Studio.Data.Outbox;
using Studio.Data.TurnLog;
using Studio.Runtime.Compliance;
using Studio.Runtime.Experiments;
using Studio.Runtime.Outbox;
using Studio.Runtime.Publishing;

namespace Studio.Runtime.Conversations;

/// <summary>
/// Runs one conversation turn by turn with the dialog engine. Every turn is committed in one transaction — the
/// engine state, the turn-log record, the actions for the outbox and the grain's own record of handled inputs —
/// before the grain answers, so an acknowledged turn is never lost and a redelivered input is answered from the
/// record instead of running twice. WeCom conversations waiting for the member get a reminder for the script's
/// follow-ups; the follow-up messages go out through the outbox.
/// </summary>
public sealed partial class ConversationGrain(
    DialogEngine engine,
    ICompiledScriptResolver scripts,
    IConversationStore store,
    ITurnCommitter committer,
    IDoNotContactList doNotContact,
    OutboundGuard guard,
    IMemberStore members,
    IEnumerable<IConversationObserver> observers,
    ExperimentAllocator allocator,
    IOptions<ConversationOptions> options,
    TimeProvider time,
    ILogger<ConversationGrain> logger) : Grain, IConversationGrain, IRemindable
{
    internal const string FollowUpReminder = "followup";
    private readonly IConversationObserver[] _observers = [.. observers];
    private ConversationKey _key;
    private string _name = "";
    private StoredConversation? _stored;
    private ConversationMeta _meta = new();

    // When the registered follow-up reminder ticks next, as far as this activation knows: a reminder that ticks
    // before the follow-up is due is left alone (the tick defers itself), so a member who keeps writing costs no
    // reminder write per turn. Unknown (null) after activation, so the first turn there registers.
    private DateTimeOffset? _reminderTick;
    private bool _reminderCleared;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _name = this.GetPrimaryKeyString();
        _key = ConversationKey.Parse(_name);
        await LoadAsync(cancellationToken);
    }

    public Task<ConversationSnapshot?> GetAsync() => Task.FromResult(_stored is { } s
        ? new ConversationSnapshot(_key.ToString(), s.State.ScriptId, s.State.Version, s.State.Node, s.State.Turn, s.State.IsEnded, s.State.Outcome, _meta.MemberId)
        : null);

    public async Task<ConversationTurn> StartAsync(ConversationStartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_meta.Find(request.InputId, _key.ToString()) is { } replay)
        {
            return replay with { Replayed = true };
        }
        var now = time.GetUtcNow();
        var memberId = string.IsNullOrEmpty(request.MemberId) ? _key.ExternalId : request.MemberId;
        if (request.Outbound
            && await guard.CheckAsync(memberId, null, _key.Channel == Channel.Voice ? OutboundChannel.Call : OutboundChannel.Wecom, now) is { IsAllowed: false } decision)
        {
            // Do-not-contact, opted out or outside calling hours: the bot does not start the conversation.
            var reason = decision.Refusal switch
            {
                OutboundRefusal.OutsideCallingHours => "outside_calling_hours",
                OutboundRefusal.OptedOut => "opted_out",
                _ => "do_not_contact",
            };
            LogRefused(_name, reason);
            return ConversationTurn.Refusal(_name, reason);
        }
        var script = await scripts.GetActiveAsync(request.ScriptId, _key.Channel);
        if (script is null)
        {
            LogRefused(_name, "no_active_version");
            return ConversationTurn.Refusal(_key.ToString(), "no_active_version");
        }
        if (_stored is { State.IsEnded: false } running)
        {
            // The member started over (e.g. added the account again): close the old conversation first.
            await RunAsync(await ScriptOfAsync(running.State) ?? script, running.State, TurnInput.HangUp("superseded"), null, null);
        }

        var profile = await ProfileAsync(request, memberId);
        var pinned = await GrainFactory.GetGrain<IMemberGrain>(memberId).GetArmsAsync();
        var forced = new Dictionary<string, string>(pinned, StringComparer.Ordinal);
        // Experiments the member never met: a stop or Thompson weights decide their arm (first exposure stays sticky).
        foreach (var (experiment, arm) in await allocator.ForcedArmsAsync(script.Script, memberId, pinned))
        {
            forced[experiment] = arm;
        }
        foreach (var (experiment, arm) in request.ForcedArms ?? [])
        {
            forced[experiment] = arm;
        }
        var start = new ConversationStart(profile, _key.Channel, request.Seed)
        {
            ForcedArms = forced.Count > 0 ? forced : null,
            Variables = request.Variables,
        };
        _meta = new ConversationMeta { MemberId = memberId, Wecom = request.Wecom };
        foreach (var observer in _observers)
        {
            observer.ConversationStarted(_key.Channel);
        }
        return await RunAsync(script, null, TurnInput.Begin(start), request.InputId, null);
    }

    public async Task<ConversationTurn> TurnAsync(ConversationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_meta.Find(input.InputId, _key.ToString()) is { } replay)
        {
            return replay with { Replayed = true };
        }
        if (_stored is null)
        {
            return ConversationTurn.Refusal(_key.ToString(), "unknown");
        }
        var state = _stored.State;
        if (state.IsEnded)
        {
            return new ConversationTurn
            {
                Conversation = _key.ToString(), ScriptId = state.ScriptId, Version = state.Version, Turn = state.Turn,
                Node = state.Node, Ended = true, Outcome = state.Outcome, Refused = "ended",
            };
        }
        var script = await ScriptOfAsync(state);
        if (script is null)
        {
            LogRefused(_name, "version_missing");
            return ConversationTurn.Refusal(_key.ToString(), "version_missing");
        }
        if (input.Kind != ConversationInputKind.Timer)
        {
            _meta.FollowUps = 0;
        }
        return await RunAsync(script, state, input.ToTurnInput(), input.InputId, input.Kind == ConversationInputKind.Text ? input.Text : input.Digits);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != FollowUpReminder)
        {
            return;
        }
        var now = time.GetUtcNow();
        _reminderTick = now + status.Period;
        _reminderCleared = false;
        if (_meta.FollowUpDue is { } due && due - now > FollowUpEarlyTolerance && _stored is { State.IsEnded: false })
        {
            // The member wrote after this reminder was set: the follow-up waits for silence from their last turn.
            await ArmFollowUpAsync(due, now);
            return;
        }
        if (_stored is not { State.IsEnded: false } stored || _key.Channel != Channel.Wecom)
        {
            await ClearFollowUpAsync();
            return;
        }
        if (await doNotContact.IsListedAsync(_meta.MemberId, time.GetUtcNow()))
        {
            // A member who opted out elsewhere gets no further message: end the conversation quietly.
            var script = await ScriptOfAsync(stored.State);
            if (script is not null)
            {
                await RunAsync(script, stored.State, TurnInput.HangUp("do_not_contact"), null, null, sendMessages: false);
            }
            await ClearFollowUpAsync();
            return;
        }
        var compiled = await ScriptOfAsync(stored.State);
        if (compiled is null)
        {
            await ClearFollowUpAsync();
            return;
        }
        _meta.FollowUps++;
        await RunAsync(compiled, stored.State, TurnInput.TimerFired(FollowUpReminder), $"followup:{stored.State.Turn}", null, sendMessages: true);
    }

    private async Task<ConversationTurn> RunAsync(CompiledScript script, ConversationState? state, TurnInput input, string? inputId, string? memberText,
        bool sendMessages = false)
    {
        var started = Stopwatch.GetTimestamp();
        var result = engine.Step(script, state, input);
        var turn = ConversationTurn.From(_key.ToString(), result);
        var now = time.GetUtcNow();


        var record = new TurnRecord
        {
            Time = now,
            Conversation = _key.ToString(),
            Channel = _key.Channel,
            MemberId = _meta.MemberId,
            ScriptId = result.State.ScriptId,
            Version = result.State.Version,
            Turn = result.State.Turn,
            Node = result.State.Node,
            Experiment = turn.Experiment,
            Arm = turn.Arm,
            BotText = turn.ReplyText,
            MemberText = memberText,
            Intent = turn.Intent,
            Confidence = turn.Confidence,
            DecidedBy = turn.DecidedBy,
            Entities = result.Recognition is { Entities.Count: > 0 } r ? new Dictionary<string, string>(r.Entities, StringComparer.Ordinal) : [],
            Outcome = turn.Ended ? turn.Outcome : null,
            Grade = turn.Ended ? turn.Grade : null,
            LatencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        };
        var previousMeta = _meta.ToJson();
        _meta.Remember(inputId, turn);
        _meta.FollowUpDue = _key.Channel == Channel.Wecom ? FollowUpDueAfter(script, turn, now) : null;
        var commit = new TurnCommit(_key, result.State, _stored?.ETag)
        {
            Turns = [record],
            Actions = Outbox(result.State, turn, sendMessages),
            Meta = _meta.ToJson(),
        };

        TurnCommitted committed;
        try
        {
            // Writes that belong to the turn run alongside its commit and share one group commit (one fsync):
            // the opt-out listing (honoured in the same turn, before the farewell goes out), the follow-up
            // reminder, and the member's first exposure to an experiment.
            var optOut = result.Ended && result.State.Outcome == Outcomes.OptOut
                ? doNotContact.AddAsync(_meta.MemberId, null, "opt_out", now, source: _name)
                : Task.CompletedTask;
            var reminder = _key.Channel == Channel.Wecom ? ScheduleFollowUpAsync(now) : Task.CompletedTask;
            var exposures = Task.WhenAll(result.Outputs.OfType<ArmExposure>().Where(e => e.First)
                .Select(e => GrainFactory.GetGrain<IMemberGrain>(_meta.MemberId).RecordExposureAsync(e.ExperimentName, e.ArmId, now)));
            committed = await committer.CommitAsync(commit);
            await Task.WhenAll(optOut, reminder, exposures);
        }
        catch
        {
            _meta = ConversationMeta.FromJson(previousMeta);
            await LoadAsync(CancellationToken.None);
            throw;
        }
        _stored = new StoredConversation(_key, result.State, committed.ETag, now) { Meta = commit.Meta };

        var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        foreach (var observer in _observers)
        {
            observer.TurnCompleted(_key.Channel, turn, latency, committed.Actions.Count);
            if (turn.Ended)
            {
                observer.ConversationEnded(_key.Channel, turn.Outcome ?? "");
            }
        }
        return turn;
    }

    /// <summary>The turn's actions for the outbox, each with a key unique to this conversation run, turn and position.</summary>
    private List<OutboxMessage> Outbox(ConversationState state, ConversationTurn turn, bool sendMessages)
    {
        var run = $"{_key}:{state.StartedAt.ToUnixTimeMilliseconds()}:{state.Turn}";
        var items = new List<OutboxMessage>(turn.Actions.Length + 2);
        for (var i = 0; i < turn.Actions.Length; i++)
        {
            var action = turn.Actions[i];
            items.Add(Item(action.Type, $"{run}:{i}", Payload(action.NodeId, action.Parameters).ToJson()));
        }
        if (sendMessages && turn.Messages.Length > 0 && _meta.Wecom is { } route)
        {
            items.Add(Item(OutboxTypes.WecomSend, $"{run}:send",
                JsonSerializer.Serialize(new WecomSendPayload(_name, _meta.MemberId, route, turn.Messages), ActionPayload.Json)));
        }
        if (turn.Ended)
        {
            items.Add(Item(OutboxTypes.ConversationEnded, $"{run}:ended",
                (Payload(turn.Node ?? "", new Dictionary<string, string>()) with { Outcome = turn.Outcome, Grade = turn.Grade }).ToJson()));
        }
        return items;

        ActionPayload Payload(string node, Dictionary<string, string> parameters) => new()
        {
            Conversation = _name,
            MemberId = _meta.MemberId,
            ScriptId = state.ScriptId,
            Version = state.Version,
            Node = node,
            Experiment = turn.Experiment,
            Arm = turn.Arm,
            Parameters = parameters,
        };

        OutboxMessage Item(string type, string dedup, string payload) => new(type, payload)
        {
            DedupKey = dedup,
            Conversation = _key.ToString(),
            MemberId = _meta.MemberId,
        };
    }

    /// <summary>A reminder tick this close to the due time runs the follow-up rather than deferring it.</summary>
    private static readonly TimeSpan FollowUpEarlyTolerance = TimeSpan.FromMilliseconds(20);

    private DateTimeOffset? FollowUpDueAfter(CompiledScript script, ConversationTurn turn, DateTimeOffset now)
    {
        var delays = script.Script.Settings.Wecom.FollowUpDelaysMinutes;
        return turn.Ended || turn.Waiting is null || _meta.FollowUps >= delays.Count
            ? null
            : now + options.Value.FollowUpMinute * Math.Max(0, delays[_meta.FollowUps]);
    }

    /// <summary>Makes the reminder tick no later than <see cref="ConversationMeta.FollowUpDue"/>, or clears it; writes only when that changes something.</summary>
    private Task ScheduleFollowUpAsync(DateTimeOffset now) => _meta.FollowUpDue switch
    {
        null when _reminderCleared => Task.CompletedTask,
        null => ClearFollowUpAsync(),
        { } due when _reminderTick is { } tick && tick <= due => Task.CompletedTask,
        { } due => ArmFollowUpAsync(due, now),
    };

    private async Task ArmFollowUpAsync(DateTimeOffset due, DateTimeOffset now)
    {
        var wait = due > now ? due - now : TimeSpan.Zero;
        // Reminders are periodic: the period only matters when a tick is missed, since each tick re-schedules or clears it.
        await this.RegisterOrUpdateReminder(FollowUpReminder, wait, options.Value.FollowUpRetryPeriod);
        _reminderTick = due;
        _reminderCleared = false;
    }

    private async Task ClearFollowUpAsync()
    {
        if (await this.GetReminder(FollowUpReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        _reminderTick = null;
        _reminderCleared = true;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        _stored = await store.GetAsync(_key, cancellationToken);
        _meta = ConversationMeta.FromJson(_stored?.Meta);
    }

    private async Task<CompiledScript?> ScriptOfAsync(ConversationState state) => await scripts.GetAsync(state.ScriptId, state.Version);

    private async Task<MemberProfile> ProfileAsync(ConversationStartRequest request, string memberId)
    {
        var given = request.Profile();
        given.Id = memberId;
        if (await members.GetAsync(memberId) is not { } stored)
        {
            return given;
        }
        var profile = stored.ToProfile();
        profile.Name ??= given.Name;
        profile.Surname ??= given.Surname;
        profile.Title ??= given.Title;
        profile.Tier ??= given.Tier;
        profile.City ??= given.City;
        profile.Store ??= given.Store;
        foreach (var (name, value) in given.Attributes)
        {
            profile.Attributes.TryAdd(name, value);
        }
        return profile;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Conversation}: not started or continued ({Reason})")]
    private partial void LogRefused(string conversation, string reason);
}

/// <summary>Messages the bot sends to a WeCom member on its own (follow-ups), with the route to send them on.</summary>
public sealed record WecomSendPayload(string Conversation, string MemberId, WecomRoute Route, IReadOnlyList<ConversationMessage> Messages);

/// <summary>Told about every turn (metrics, the studio's live view). Called on the conversation's grain: keep it quick.</summary>
public interface IConversationObserver
{
    void ConversationStarted(Channel channel);

    void TurnCompleted(Channel channel, ConversationTurn turn, double latencyMs, int actions);

    void ConversationEnded(Channel channel, string outcome);
}
