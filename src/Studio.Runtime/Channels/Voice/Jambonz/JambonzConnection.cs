using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Studio.Runtime.Channels.Voice.Jambonz;

/// <summary>
/// One WebSocket from jambonz. Reads messages in order and hands them to the gateway; sends are serialised
/// (a WebSocket allows one send at a time). jambonz normally opens one connection per call, but nothing here
/// assumes it: calls are keyed by call_sid.
/// </summary>
internal sealed class JambonzConnection(WebSocket socket, int maxMessageBytes, ILogger logger)
{
    private readonly SemaphoreSlim _send = new(1, 1);
    private static int _next;

    public int Id { get; } = Interlocked.Increment(ref _next);

    public bool IsOpen => socket.State == WebSocketState.Open;

    /// <summary>Reads until the socket closes; each message goes to <paramref name="onMessage"/>.</summary>
    public async Task ReceiveAsync(Action<JambonzConnection, JambonzMessage> onMessage, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= maxMessageBytes)
                    {
                        logger.MessageTooBig(Id, maxMessageBytes);
                        await CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too big");
                        return;
                    }
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxMessageBytes));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
                    return;
                }
                length += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    var message = JambonzMessage.Parse(buffer.AsSpan(0, length));
                    if (message is null)
                    {
                        logger.NotJambonz(Id, length);
                    }
                    else
                    {
                        onMessage(this, message);
                    }
                }
                length = 0;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            logger.ConnectionLost(Id, ex.GetType().Name);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends an ack for <paramref name="msgId"/> with the verbs; false when the socket is gone.</summary>
    public Task<bool> AckAsync(string msgId, JsonArray? verbs)
    {
        var ack = new JsonObject { ["type"] = JambonzMessageTypes.Ack, ["msgid"] = msgId };
        if (verbs is not null)
        {
            ack["data"] = verbs;
        }
        return SendThenDetachAsync(ack);
    }

    /// <summary>Sends, then detaches the verbs from the ack so they can be sent again (after a reconnect).</summary>
    private async Task<bool> SendThenDetachAsync(JsonObject ack)
    {
        try
        {
            return await SendAsync(ack);
        }
        finally
        {
            ack.Remove("data");
        }
    }

    public async Task<bool> SendAsync(JsonObject message)
    {
        var bytes = JsonSerialization.ToUtf8(message);
        await _send.WaitAsync();
        try
        {
            if (socket.State != WebSocketState.Open)
            {
                return false;
            }
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            logger.SendFailed(Id, ex.GetType().Name);
            return false;
        }
        finally
        {
            _send.Release();
        }
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(status, description, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
        {
            // the peer is gone already
        }
    }
}
