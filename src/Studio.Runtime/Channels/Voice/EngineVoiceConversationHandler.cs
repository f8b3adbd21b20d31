using System.Collections.Concurrent;
using Studio.Core.Dialogs;
using Studio.Core.Scripts;
using Studio.Runtime.Conversations;

namespace Studio.Runtime.Channels.Voice;

/// <summary>
/// An in-process conversation host for voice calls: runs the dialog engine over compiled scripts and keeps each
/// call's state in memory. Used by <c>studio call</c>, tests and the load bench; the runtime's Orleans host
/// replaces it with persistent grains. Actions (tag, WeCom add, SMS …) are recorded, not performed.
/// </summary>
public sealed class EngineVoiceConversationHandler(DialogEngine engine, Func<string?, CompiledScript?> scripts) : IVoiceConversationHandler
{
    private readonly ConcurrentDictionary<string, EngineCall> _calls = new(StringComparer.Ordinal);

    /// <summary>Raised after every turn (start, turns and line ends), on the call's own turn order.</summary>
    public event Action<EngineCall, TurnResult>? TurnCompleted;

    public IReadOnlyList<EngineCall> Calls => [.. _calls.Values];

    public EngineCall? Find(string callSid) => _calls.TryGetValue(callSid, out var call) ? call : null;

    /// <summary>Waits until the conversation of <paramref name="callSid"/> has ended (or throws on timeout).</summary>
    public async Task<EngineCall> WaitForEndAsync(string callSid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_calls.TryGetValue(callSid, out var call))
            {
                await call.Ended.WaitAsync(deadline - DateTime.UtcNow < TimeSpan.Zero ? TimeSpan.Zero : deadline - DateTime.UtcNow);
                return call;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"call {callSid} never started");
            }
            await Task.Delay(10);
        }
    }

    public Task<ConversationTurn> StartAsync(VoiceCallInfo call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var script = scripts(call.ScriptId) ?? throw new InvalidOperationException($"no script '{call.ScriptId}' is available for call {call.CallSid}");
        var start = new ConversationStart(call.Member.Clone(), Channel.Voice, call.Seed)
        {
            ForcedArms = call.ForcedArms,
            Variables = call.Variables,
        };
        var state = new EngineCall(call, script);
        if (!_calls.TryAdd(call.CallSid, state))
        {
            throw new InvalidOperationException($"call {call.CallSid} has started already");
        }
        return Task.FromResult(state.Apply(engine.Step(script, null, TurnInput.Begin(start)), TurnInput.Begin(start), this));
    }

    public Task<ConversationTurn> TurnAsync(string callSid, TurnInput input, CancellationToken cancellationToken)
    {
        var call = _calls.TryGetValue(callSid, out var c) ? c : throw new InvalidOperationException($"unknown call {callSid}");
        return Task.FromResult(call.Apply(engine.Step(call.Script, call.State, input), input, this));
    }

    public Task<ConversationTurn?> EndAsync(string callSid, string outcome, CancellationToken cancellationToken)
    {
        if (!_calls.TryGetValue(callSid, out var call) || call.State is null || call.State.IsEnded)
        {
            return Task.FromResult<ConversationTurn?>(null);
        }
        var input = TurnInput.HangUp(outcome);
        return Task.FromResult<ConversationTurn?>(call.Apply(engine.Step(call.Script, call.State, input), input, this));
    }

    public Task<bool> ResumeAsync(VoiceCallInfo call, CancellationToken cancellationToken) =>
        Task.FromResult(_calls.TryGetValue(call.CallSid, out var held) && held.State is { IsEnded: false });

    internal void Raise(EngineCall call, TurnResult result) => TurnCompleted?.Invoke(call, result);
}

/// <summary>One call's conversation in <see cref="EngineVoiceConversationHandler"/>: state, inputs, turns and actions.</summary>
public sealed class EngineCall(VoiceCallInfo info, CompiledScript script)
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(TurnInput Input, TurnResult Result)> _turns = [];
    private readonly Lock _lock = new();

    public VoiceCallInfo Info { get; } = info;
    public CompiledScript Script { get; } = script;
    public ConversationState? State { get; private set; }

    /// <summary>Completes when the conversation has ended.</summary>
    public Task Ended => _ended.Task;

    public IReadOnlyList<(TurnInput Input, TurnResult Result)> Turns
    {
        get
        {
            lock (_lock)
            {
                return [.. _turns];
            }
        }
    }

    public IReadOnlyList<ActionRequest> Actions => [.. Turns.SelectMany(t => t.Result.Actions)];

    public string? Outcome => State?.Outcome;

    internal ConversationTurn Apply(TurnResult result, TurnInput input, EngineVoiceConversationHandler owner)
    {
        lock (_lock)
        {
            _turns.Add((input, result));
            State = result.State;
        }
        owner.Raise(this, result);
        if (result.State.IsEnded)
        {
            _ended.TrySetResult();
        }
        return ConversationTurn.From("voice:" + Info.CallSid, result);
    }
}
