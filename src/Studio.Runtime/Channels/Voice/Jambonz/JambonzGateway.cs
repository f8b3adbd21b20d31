using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Studio.Core.Dialogs;

namespace Studio.Runtime.Channels.Voice.Jambonz;

/// <summary>
/// The jambonz WebSocket application: turns jambonz messages into calls on the conversation host and the
/// host's turns into verbs. Every message of a call goes through that call's queue, so one call runs one turn
/// at a time while calls run in parallel. Calls are keyed by call_sid, so a reconnect on a new socket resumes
/// the same call. No log line carries a full phone number.
/// </summary>
public sealed class JambonzGateway
{
    private readonly ConcurrentDictionary<string, JambonzCall> _calls = new(StringComparer.Ordinal);
    private readonly IVoiceConversationHandler _handler;
    private readonly JambonzOptions _options;
    private readonly VoiceOptions _voice;
    private readonly ILogger<JambonzGateway> _logger;
    private readonly TimeProvider _time;

    public JambonzGateway(IVoiceConversationHandler handler, IOptions<JambonzOptions> options, IOptions<VoiceOptions> voice,
        ILogger<JambonzGateway> logger, TimeProvider? time = null)
    {
        _handler = handler;
        _options = options.Value;
        _voice = voice.Value;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    public JambonzOptions Options => _options;

    /// <summary>Calls currently held (answered and not yet finished on the line).</summary>
    public int ActiveCalls => _calls.Count;

    /// <summary>Serves one accepted WebSocket until it closes.</summary>
    public async Task RunAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var connection = new JambonzConnection(socket, _options.MaxMessageBytes, _logger);
        _logger.ConnectionEvent(connection.Id, "opened");
        await connection.ReceiveAsync(Dispatch, cancellationToken);
        _logger.ConnectionEvent(connection.Id, "closed");
        OnClosed(connection);
    }

    private void Dispatch(JambonzConnection connection, JambonzMessage message)
    {
        switch (message.Type)
        {
            case JambonzMessageTypes.SessionNew:
                OnSessionNew(connection, message);
                break;
            case JambonzMessageTypes.VerbHook:
                OnVerbHook(connection, message);
                break;
            case JambonzMessageTypes.CallStatus:
                OnCallStatus(connection, message);
                break;
            case JambonzMessageTypes.SessionReconnect:
                OnReconnect(connection, message);
                break;
            case JambonzMessageTypes.SessionRedirect:
                if (message.CallSid is { } sid && _calls.ContainsKey(sid))
                {
                    Adopt(sid, connection);
                    Ack(connection, message, null);
                }
                else
                {
                    OnSessionNew(connection, message); // redirected to this application: the call starts here
                }
                break;
            case JambonzMessageTypes.JambonzError:
                _logger.JambonzError(message.CallSid, JambonzMessage.SafeForLog(message.DataString("error")), message.DataString("verb"));
                break;
            case JambonzMessageTypes.VerbStatus:
                _logger.VerbStatus(message.CallSid, message.DataString("verb"), message.DataString("status"));
                break;
            default:
                _logger.MessageIgnored(message.Type, message.CallSid);
                break;
        }
    }

    private void OnSessionNew(JambonzConnection connection, JambonzMessage message)
    {
        if (message.CallSid is not { Length: > 0 } sid || message.MsgId is null)
        {
            _logger.MissingIds(message.Type);
            return;
        }
        var info = message.ToCallInfo();
        var call = new JambonzCall(new VoiceCall(info, _handler, _voice, _logger), connection);
        if (!_calls.TryAdd(sid, call))
        {
            _logger.DuplicateSession(message.Type, sid);
            Adopt(sid, connection);
            Ack(connection, message, null);
            return;
        }
        call.Voice.Queue.Enqueue(async () =>
        {
            var plan = await call.Voice.StartAsync(CancellationToken.None);
            var verbs = Verbs(call, plan);
            if (JambonzVerbs.Config(_options) is { } config)
            {
                verbs.Insert(0, config);
            }
            await AckAsync(call, message.MsgId, verbs);
        });
    }

    private void OnVerbHook(JambonzConnection connection, JambonzMessage message)
    {
        if (message.MsgId is null)
        {
            return;
        }
        if (message.CallSid is not { } sid || !_calls.TryGetValue(sid, out var call))
        {
            _logger.HookForUnknownCall(message.CallSid);
            Ack(connection, message, [new JsonObject { ["verb"] = "hangup" }]);
            return;
        }
        call.Connection = connection;
        call.Voice.Queue.Enqueue(async () =>
        {
            if (message.Hook == _options.DialHook)
            {
                await OnDialResultAsync(call, message);
                return;
            }
            if (message.DataString("reason") is null)
            {
                _logger.HookWithoutResult(message.Hook, call.Voice.CallSid);
                await AckAsync(call, message.MsgId, null);
                return;
            }
            var input = message.ToVoiceInput();
            if (input is NoInput { Reason: "error" })
            {
                _logger.GatherError(call.Voice.CallSid, JambonzMessage.SafeForLog(message.DataString("details") ?? message.DataString("error")));
            }
            var plan = await call.Voice.InputAsync(input, CancellationToken.None);
            await AckAsync(call, message.MsgId, Verbs(call, plan));
        });
    }

    private async Task OnDialResultAsync(JambonzCall call, JambonzMessage message)
    {
        var status = message.DataString("dial_call_status") ?? message.DataString("call_status");
        _logger.TransferEnded(call.Voice.CallSid, status);
        if (status == "completed")
        {
            await AckAsync(call, message.MsgId!, null); // the agent talked to the member: go on to the hang-up
            return;
        }
        var verbs = new JsonArray();
        if (!string.IsNullOrWhiteSpace(_voice.TransferFailedText))
        {
            verbs.Add(JambonzVerbs.Say(_voice.TransferFailedText));
        }
        verbs.Add(new JsonObject { ["verb"] = "hangup" });
        await AckAsync(call, message.MsgId!, verbs);
    }

    private void OnCallStatus(JambonzConnection connection, JambonzMessage message)
    {
        var status = message.DataString("call_status");
        if (message.CallSid is not { } sid || !_calls.TryGetValue(sid, out var call))
        {
            _logger.CallStatus(message.CallSid, status);
            return;
        }
        var outcome = status switch
        {
            "completed" => Outcomes.Hangup,
            "failed" or "no-answer" or "busy" => Outcomes.Dropped,
            _ => null,
        };
        if (outcome is null)
        {
            _logger.CallStatus(sid, status);
            return;
        }
        call.Voice.Queue.Enqueue(async () =>
        {
            call.LineClosed = true;
            if (!call.Voice.ConversationEnded)
            {
                _logger.LineEndedFirst(sid, status);
                await call.Voice.EndAsync(outcome, CancellationToken.None);
            }
            _calls.TryRemove(new KeyValuePair<string, JambonzCall>(sid, call));
        });
    }

    private void OnReconnect(JambonzConnection connection, JambonzMessage message)
    {
        if (message.CallSid is not { Length: > 0 } sid || message.MsgId is null)
        {
            return;
        }
        if (_calls.TryGetValue(sid, out var call))
        {
            call.Connection = connection;
            call.Reconnects++;
            call.Voice.Queue.Enqueue(async () =>
            {
                var pending = call.PendingVerbs;
                call.PendingVerbs = null;
                _logger.Reconnected(sid, pending is null ? "resuming" : "re-sending the unsent reply");
                await AckAsync(call, message.MsgId, pending);
            });
            return;
        }

        // Not held here (another process, or a restart): the host may still have the conversation.
        var info = message.ToCallInfo();
        var resumed = new JambonzCall(new VoiceCall(info, _handler, _voice, _logger), connection) { Reconnects = 1 };
        if (!_calls.TryAdd(sid, resumed))
        {
            OnReconnect(connection, message);
            return;
        }
        resumed.Voice.Queue.Enqueue(async () =>
        {
            bool live;
            try
            {
                using var timeout = new CancellationTokenSource(_voice.TurnTimeout);
                live = await _handler.ResumeAsync(info, timeout.Token);
            }
            catch (Exception ex)
            {
                _logger.ResumeFailed(ex, sid);
                live = false;
            }
            if (live)
            {
                resumed.Voice.MarkResumed();
                _logger.Resumed(sid);
                await AckAsync(resumed, message.MsgId, null);
                return;
            }
            _logger.ReconnectUnknown(sid);
            _calls.TryRemove(new KeyValuePair<string, JambonzCall>(sid, resumed));
            await resumed.Connection.AckAsync(message.MsgId, [new JsonObject { ["verb"] = "hangup" }]);
        });
    }

    private void OnClosed(JambonzConnection connection)
    {
        foreach (var call in _calls.Values)
        {
            if (!ReferenceEquals(call.Connection, connection))
            {
                continue;
            }
            call.Voice.Queue.Enqueue(() =>
            {
                if (!ReferenceEquals(call.Connection, connection))
                {
                    return Task.CompletedTask; // already reconnected
                }
                if (call.Voice.ConversationEnded || call.LineClosed)
                {
                    _calls.TryRemove(new KeyValuePair<string, JambonzCall>(call.Voice.CallSid, call));
                    return Task.CompletedTask;
                }
                _ = DropAfterGraceAsync(call, connection);
                return Task.CompletedTask;
            });
        }
    }

    /// <summary>The socket of a live call closed: unless jambonz reconnects within the grace period, the call dropped.</summary>
    private async Task DropAfterGraceAsync(JambonzCall call, JambonzConnection connection)
    {
        try
        {
            await Task.Delay(_voice.ReconnectGrace, _time);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }
        await call.Voice.Queue.Enqueue(async () =>
        {
            if (!ReferenceEquals(call.Connection, connection) && call.Connection.IsOpen)
            {
                return; // jambonz came back on a new socket
            }
            _logger.Dropped(call.Voice.CallSid);
            await call.Voice.EndAsync(Outcomes.Dropped, CancellationToken.None);
            _calls.TryRemove(new KeyValuePair<string, JambonzCall>(call.Voice.CallSid, call));
        });
    }

    private JsonArray Verbs(JambonzCall call, IReadOnlyList<VoiceInstruction> plan)
    {
        foreach (var transfer in plan.OfType<TransferInstruction>().Where(t => t.Target is null))
        {
            _logger.NoTransferTarget(call.Voice.CallSid, transfer.Queue);
        }
        return JambonzVerbs.Build(plan, _options, _voice);
    }

    private void Adopt(string sid, JambonzConnection connection)
    {
        if (_calls.TryGetValue(sid, out var call))
        {
            call.Connection = connection;
        }
    }

    private void Ack(JambonzConnection connection, JambonzMessage message, JsonArray? verbs)
    {
        if (message.MsgId is { } msgId)
        {
            _ = connection.AckAsync(msgId, verbs);
        }
    }

    private static async Task AckAsync(JambonzCall call, string msgId, JsonArray? verbs)
    {
        if (!await call.Connection.AckAsync(msgId, verbs) && verbs is { Count: > 0 })
        {
            call.PendingVerbs = verbs; // the socket dropped under us: jambonz gets them when it reconnects
        }
    }
}

/// <summary>A call as the jambonz gateway holds it: the neutral call plus the socket it currently talks on.</summary>
internal sealed class JambonzCall(VoiceCall voice, JambonzConnection connection)
{
    private JambonzConnection _connection = connection;

    public VoiceCall Voice { get; } = voice;

    public JambonzConnection Connection
    {
        get => Volatile.Read(ref _connection);
        set => Volatile.Write(ref _connection, value);
    }

    /// <summary>Verbs that could not be sent because the socket dropped; sent on reconnect.</summary>
    public JsonArray? PendingVerbs { get; set; }

    /// <summary>jambonz reported the call finished (completed, failed …).</summary>
    public bool LineClosed { get; set; }

    public int Reconnects { get; set; }
}
