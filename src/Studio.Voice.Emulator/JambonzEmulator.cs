using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Studio.Voice.Emulator;

/// <summary>
/// Plays jambonz for one call against the application: connects, announces the call (session:new with
/// customerData), holds every ack to the 5 s deadline and the right msgid, then runs the verbs the way jambonz
/// does — say, gather (with the caller's answer, barge-in and timeouts), dial, hangup — on a virtual clock, so a
/// call with long prompts and timeouts runs in milliseconds. Measures our processing time per message (send →
/// ack), never emulated speech time.
/// </summary>
public sealed class JambonzEmulator(JambonzEmulatorOptions options)
{
    private int _msg;

    public JambonzEmulatorOptions Options { get; } = options;

    /// <summary>Called for every event as it happens (for live display); may be null.</summary>
    public Action<CallEvent>? OnEvent { get; init; }

    /// <summary>Places a call and drives it to its end; returns what happened.</summary>
    public async Task<CallRecord> PlaceCallAsync(CallSetup setup, IEmulatedCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(caller);
        var record = new CallRecord(setup);
        var connection = await JambonzClientConnection.ConnectAsync(Options, cancellationToken);
        try
        {
            var sessionNew = Message("session:new", setup.CallSid, setup.CallData());
            var stack = new List<JsonObject>(await ExchangeAsync(connection, sessionNew, record, cancellationToken) ?? []);
            var turn = 0;
            while (record.EndedBy is null)
            {
                if (stack.Count == 0)
                {
                    // jambonz ends a call whose application has nothing more to do.
                    await EndLineAsync(connection, setup, record, "completed", "no-more-verbs");
                    break;
                }
                var verb = stack[0];
                stack.RemoveAt(0);
                switch (verb["verb"]?.GetValue<string>())
                {
                    case "say":
                        Hear(record, Text(verb), inGather: false, bargeIn: false, interrupted: false);
                        record.Clock += Duration(Text(verb));
                        break;
                    case "pause":
                        record.Clock += TimeSpan.FromSeconds(verb["length"]?.GetValue<double>() ?? 0);
                        break;
                    case "gather":
                        var next = await GatherAsync(connection, verb, caller, record, turn++, cancellationToken);
                        connection = next.Connection;
                        if (next.Verbs is { Count: > 0 } replaced)
                        {
                            stack = [.. replaced]; // an actionHook's verbs replace what was left
                        }
                        break;
                    case "dial":
                        var dial = new DialRecord(verb, record.Clock);
                        record.Dials.Add(dial);
                        OnEvent?.Invoke(new CallEvent.Dialed(dial));
                        record.Clock += Options.AgentTalkTime;
                        if (verb["actionHook"]?.GetValue<string>() is { } dialHook)
                        {
                            var data = setup.CallData();
                            data["dial_call_status"] = Options.DialResult;
                            data["dial_sip_status"] = Options.DialResult == "completed" ? 200 : 480;
                            var hook = Message("verb:hook", setup.CallSid, data);
                            hook["hook"] = dialHook;
                            if (await ExchangeAsync(connection, hook, record, cancellationToken) is { Count: > 0 } after)
                            {
                                stack = [.. after];
                            }
                        }
                        break;
                    case "hangup":
                        record.HungUpByApp = true;
                        await EndLineAsync(connection, setup, record, "completed", "app-hangup");
                        break;
                    default:
                        break; // config and other verbs: recorded, nothing to emulate
                }
            }
            return record;
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    private async Task<(JambonzClientConnection Connection, IReadOnlyList<JsonObject>? Verbs)> GatherAsync(
        JambonzClientConnection connection, JsonObject verb, IEmulatedCaller caller, CallRecord record, int turn, CancellationToken cancellationToken)
    {
        var gather = new GatherRecord(verb, record.Clock);
        record.Gathers.Add(gather);
        OnEvent?.Invoke(new CallEvent.Listening(gather));
        var setup = record.Setup;
        while (true)
        {
            var action = await caller.NextAsync(gather, cancellationToken);
            record.CallerActions.Add(action);
            if (Options.CallerPause > TimeSpan.Zero)
            {
                // Jittered (50–150 %), so that many calls do not answer in lockstep.
                await Task.Delay(Options.CallerPause * (0.5 + Random.Shared.NextDouble()), cancellationToken);
            }
            var prompt = gather.Prompt ?? "";
            var promptTime = Duration(prompt);
            var data = setup.CallData();
            switch (action)
            {
                case CallerAction.ReconnectSocket:
                    connection.Abort();
                    await connection.DisposeAsync();
                    connection = await JambonzClientConnection.ConnectAsync(Options, cancellationToken);
                    record.Reconnects++;
                    OnEvent?.Invoke(new CallEvent.CallerDid(action, record.Clock));
                    var resumed = await ExchangeAsync(connection, Message("session:reconnect", setup.CallSid, setup.CallData()), record, cancellationToken);
                    if (resumed is { Count: > 0 })
                    {
                        return (connection, resumed);
                    }
                    continue; // the same gather goes on
                case CallerAction.JambonzError error:
                    await connection.SendAsync(Message("jambonz:error", setup.CallSid, new JsonObject { ["error"] = error.Error, ["verb"] = error.Verb }), cancellationToken);
                    OnEvent?.Invoke(new CallEvent.CallerDid(action, record.Clock));
                    continue;
                case CallerAction.EndCall end:
                    Hear(record, prompt, true, gather.BargeIn, interrupted: false);
                    record.Clock += promptTime;
                    OnEvent?.Invoke(new CallEvent.CallerDid(action, record.Clock));
                    await EndLineAsync(connection, setup, record, end.Status, end.Status == "completed" ? "caller-hangup" : "line-" + end.Status);
                    return (connection, null);
                case CallerAction.DropSocket:
                    Hear(record, prompt, true, gather.BargeIn, interrupted: false);
                    OnEvent?.Invoke(new CallEvent.CallerDid(action, record.Clock));
                    connection.Abort();
                    record.EndedBy = "dropped";
                    OnEvent?.Invoke(new CallEvent.Ended("dropped", record.Clock));
                    return (connection, null);
                case CallerAction.Speak speak:
                    var canBargeIn = gather.BargeIn && gather.ListenDuringPrompt && prompt.Length > 0;
                    if (speak.Interrupting && canBargeIn)
                    {
                        Hear(record, prompt, true, gather.BargeIn, interrupted: true);
                        record.Clock += TimeSpan.FromSeconds(Math.Min(speak.AfterSeconds, promptTime.TotalSeconds));
                    }
                    else
                    {
                        // Without barge-in jambonz is not listening yet: the caller repeats after the prompt.
                        Hear(record, prompt, true, gather.BargeIn, interrupted: false);
                        record.Clock += promptTime;
                    }
                    record.Clock += Duration(speak.Text);
                    data["reason"] = "speechDetected";
                    data["speech"] = Speech(speak.Text, speak.Confidence, turn);
                    break;
                case CallerAction.LowConfidence low:
                    Hear(record, prompt, true, gather.BargeIn, interrupted: false);
                    record.Clock += promptTime + Duration(low.Text);
                    data["reason"] = "stt-low-confidence";
                    data["speech"] = Speech(low.Text, low.Confidence, turn);
                    break;
                case CallerAction.Press press:
                    var keyBargeIn = gather.DtmfBargeIn && prompt.Length > 0;
                    Hear(record, prompt, true, gather.BargeIn, interrupted: keyBargeIn);
                    record.Clock += keyBargeIn ? TimeSpan.FromSeconds(Math.Min(1, promptTime.TotalSeconds)) : promptTime;
                    data["reason"] = "dtmfDetected";
                    data["digits"] = press.Digits;
                    break;
                case CallerAction.SttError stt:
                    Hear(record, prompt, true, gather.BargeIn, interrupted: false);
                    record.Clock += promptTime;
                    data["reason"] = "error";
                    data["details"] = stt.Details;
                    break;
                default:
                    Hear(record, prompt, true, gather.BargeIn, interrupted: false);
                    record.Clock += promptTime + TimeSpan.FromSeconds(gather.Timeout ?? 0);
                    data["reason"] = "timeout";
                    break;
            }
            OnEvent?.Invoke(new CallEvent.CallerDid(action, record.Clock));
            var hook = Message("verb:hook", setup.CallSid, data);
            hook["hook"] = gather.ActionHook ?? "";
            var verbs = await ExchangeAsync(connection, hook, record, cancellationToken);
            return (connection, verbs);
        }
    }

    /// <summary>Sends a message that must be acked and waits for its ack; returns the ack's verbs (null on a violation).</summary>
    private async Task<IReadOnlyList<JsonObject>?> ExchangeAsync(JambonzClientConnection connection, JsonObject message, CallRecord record, CancellationToken cancellationToken)
    {
        var msgid = message["msgid"]!.GetValue<string>();
        var type = message["type"]!.GetValue<string>();
        var started = Stopwatch.GetTimestamp();
        await connection.SendAsync(message, cancellationToken);
        while (true)
        {
            var left = Options.AckTimeout - Stopwatch.GetElapsedTime(started);
            var reply = left > TimeSpan.Zero ? await connection.ReceiveAsync(left, cancellationToken) : null;
            if (reply is null)
            {
                var why = connection.State == System.Net.WebSockets.WebSocketState.Open
                    ? $"no ack for {type} {msgid} within {Options.AckTimeout.TotalSeconds:0.#} s"
                    : $"the application closed the socket without acking {type} {msgid}";
                return await ViolationAsync(connection, record, why);
            }
            if (reply["type"]?.GetValue<string>() != "ack")
            {
                record.Commands.Add(reply);
                continue;
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            record.Acks.Add(reply);
            var acked = reply["msgid"]?.GetValue<string>();
            if (acked != msgid)
            {
                return await ViolationAsync(connection, record, $"ack for msgid '{acked}' while waiting for {type} {msgid}");
            }
            record.Latencies.Add(new TurnLatency(type, elapsed, started));
            var verbs = new List<JsonObject>();
            if (reply["data"] is JsonArray data)
            {
                foreach (var item in data)
                {
                    if (item is JsonObject verb)
                    {
                        var copy = (JsonObject)verb.DeepClone();
                        record.Verbs.Add(copy);
                        verbs.Add(copy);
                    }
                    else
                    {
                        record.Violations.Add($"ack {msgid} holds a verb that is not an object: {item?.ToJsonString()}");
                    }
                }
            }
            else if (reply["data"] is not null)
            {
                record.Violations.Add($"ack {msgid} has data that is not an array");
            }
            return verbs;
        }
    }

    private async Task<IReadOnlyList<JsonObject>?> ViolationAsync(JambonzClientConnection connection, CallRecord record, string why)
    {
        record.Violations.Add(why);
        // jambonz hangs up a call whose application does not answer in time.
        await EndLineAsync(connection, record.Setup, record, "completed", "ack-timeout");
        if (Options.Strict)
        {
            throw new JambonzEmulatorException(why);
        }
        return null;
    }

    private async Task EndLineAsync(JambonzClientConnection connection, CallSetup setup, CallRecord record, string status, string how)
    {
        if (connection.State == System.Net.WebSockets.WebSocketState.Open)
        {
            var data = setup.CallData();
            data["call_status"] = status;
            try
            {
                await connection.SendAsync(Message("call:status", setup.CallSid, data));
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or OperationCanceledException)
            {
                // the application closed first
            }
            await connection.CloseAsync();
        }
        record.EndedBy ??= how;
        OnEvent?.Invoke(new CallEvent.Ended(how, record.Clock));
    }

    private void Hear(CallRecord record, string text, bool inGather, bool bargeIn, bool interrupted)
    {
        if (text.Length == 0)
        {
            return;
        }
        var heard = new HeardPrompt(text, record.Clock, inGather, bargeIn, interrupted);
        record.Heard.Add(heard);
        OnEvent?.Invoke(new CallEvent.Heard(heard));
    }

    private JsonObject Speech(string text, double confidence, int turn)
    {
        var alternative = new JsonObject { ["confidence"] = confidence, ["transcript"] = text };
        var shape = Options.SpeechShape == SpeechShape.Alternate
            ? (turn % 2 == 0 ? SpeechShape.Transcripts : SpeechShape.Alternatives)
            : Options.SpeechShape;
        return shape == SpeechShape.Alternatives
            ? new JsonObject { ["language_code"] = "zh-CN", ["is_final"] = true, ["alternatives"] = new JsonArray(alternative) }
            : new JsonObject
            {
                ["is_final"] = true,
                ["transcripts"] = new JsonArray(new JsonObject { ["is_final"] = true, ["language_code"] = "zh-CN", ["alternatives"] = new JsonArray(alternative) }),
            };
    }

    private JsonObject Message(string type, string callSid, JsonObject data) => new()
    {
        ["type"] = type,
        ["msgid"] = $"emu{Interlocked.Increment(ref _msg):x6}{callSid[..Math.Min(8, callSid.Length)]}",
        ["call_sid"] = callSid,
        ["data"] = data,
    };

    private static string Text(JsonObject verb) => verb["text"] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray a => string.Join("", a.Select(t => t?.GetValue<string>())),
        _ => "",
    };

    private TimeSpan Duration(string text) => TimeSpan.FromSeconds(text.Length / Math.Max(0.5, Options.CharactersPerSecond));
}
