using System.Text.Json.Nodes;

namespace Studio.Voice.Emulator;

/// <summary>Something the caller heard: a say, or the prompt of a gather (possibly cut short by a barge-in).</summary>
public sealed record HeardPrompt(string Text, TimeSpan At, bool InGather, bool BargeInAllowed, bool Interrupted);

/// <summary>A gather the application sent, as jambonz would run it.</summary>
public sealed record GatherRecord(JsonObject Verb, TimeSpan At)
{
    public string? Prompt => Verb["say"]?["text"]?.GetValue<string>();
    public int? Timeout => Verb["timeout"]?.GetValue<int>();
    public bool BargeIn => Verb["bargein"]?.GetValue<bool>() ?? false;
    public bool DtmfBargeIn => Verb["dtmfBargein"]?.GetValue<bool>() ?? false;
    public bool ListenDuringPrompt => Verb["listenDuringPrompt"]?.GetValue<bool>() ?? true;
    public string? ActionHook => Verb["actionHook"]?.GetValue<string>();
    public IReadOnlyList<string> Input => Verb["input"] is JsonArray a ? [.. a.Select(i => i!.GetValue<string>())] : [];
}

/// <summary>A dial (transfer) the application sent.</summary>
public sealed record DialRecord(JsonObject Verb, TimeSpan At)
{
    public JsonObject? FirstTarget => Verb["target"] is JsonArray { Count: > 0 } targets ? targets[0] as JsonObject : null;
}

/// <summary>
/// The time our application took for one message: from sending it to receiving its ack (not speech time).
/// <paramref name="SentAt"/> is the <see cref="System.Diagnostics.Stopwatch"/> timestamp of the send, to place it in a load run.
/// </summary>
public sealed record TurnLatency(string MessageType, TimeSpan Elapsed, long SentAt = 0);

/// <summary>An event as it happens on the call, for live display (<c>studio call</c>).</summary>
public abstract record CallEvent(TimeSpan At)
{
    public sealed record Heard(HeardPrompt Prompt) : CallEvent(Prompt.At);

    public sealed record Listening(GatherRecord Gather) : CallEvent(Gather.At);

    public sealed record CallerDid(CallerAction Action, TimeSpan When) : CallEvent(When);

    public sealed record Dialed(DialRecord Dial) : CallEvent(Dial.At);

    public sealed record Ended(string How, TimeSpan When) : CallEvent(When);
}

/// <summary>Everything an emulated call saw and measured.</summary>
public sealed class CallRecord(CallSetup setup)
{
    public CallSetup Setup { get; } = setup;

    public string CallSid => Setup.CallSid;

    /// <summary>Every verb received, in order, as sent.</summary>
    public List<JsonObject> Verbs { get; } = [];

    /// <summary>Every ack received (type, msgid, data).</summary>
    public List<JsonObject> Acks { get; } = [];

    /// <summary>Messages other than acks the application sent (commands).</summary>
    public List<JsonObject> Commands { get; } = [];

    public List<HeardPrompt> Heard { get; } = [];
    public List<GatherRecord> Gathers { get; } = [];
    public List<DialRecord> Dials { get; } = [];

    /// <summary>Caller actions taken, in order.</summary>
    public List<CallerAction> CallerActions { get; } = [];

    public List<TurnLatency> Latencies { get; } = [];

    /// <summary>Protocol violations (late ack, wrong msgid …); empty on a correct application.</summary>
    public List<string> Violations { get; } = [];

    /// <summary>The application sent a hangup verb.</summary>
    public bool HungUpByApp { get; set; }

    /// <summary>How the call ended: app-hangup, caller-hangup, line-&lt;status&gt;, dropped, no-more-verbs, ack-timeout.</summary>
    public string? EndedBy { get; set; }

    /// <summary>The virtual clock: emulated speech, prompts and timeouts, not wall time.</summary>
    public TimeSpan Clock { get; set; }

    public int Reconnects { get; set; }

    /// <summary>Everything heard, one line per prompt (for assertions and display).</summary>
    public string Transcript => string.Join("\n", Heard.Select(h => h.Text));

    public IEnumerable<string> VerbNames => Verbs.Select(v => v["verb"]?.GetValue<string>() ?? "?");
}
