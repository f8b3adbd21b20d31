using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Studio.Voice.Emulator;

/// <summary>
/// jambonz's side of one WebSocket: connects with the subprotocol and credentials, sends messages, and reads
/// the application's messages into a queue. Tests use it directly for raw protocol checks.
/// </summary>
public sealed class JambonzClientConnection : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ClientWebSocket _socket;
    private readonly Channel<JsonObject> _incoming = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Task _reader;

    private JambonzClientConnection(ClientWebSocket socket)
    {
        _socket = socket;
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>The subprotocol the application accepted.</summary>
    public string? AcceptedSubprotocol => _socket.SubProtocol;

    public WebSocketState State => _socket.State;

    /// <summary>Completes when the application closed the socket or it dropped.</summary>
    public Task Closed => _reader;

    /// <summary>Connects, or throws <see cref="JambonzEmulatorException"/> with the HTTP status of a refused upgrade.</summary>
    public static async Task<JambonzClientConnection> ConnectAsync(JambonzEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (options.Subprotocol is { } subprotocol)
        {
            socket.Options.AddSubProtocol(subprotocol);
        }
        var uri = options.Endpoint;
        if (options.Username is not null && options.Password is not null)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(options.Username + ":" + options.Password));
            socket.Options.SetRequestHeader("Authorization", "Basic " + basic);
        }
        else if (options.Token is not null && !options.TokenInQuery)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + options.Token);
        }
        else if (options.Token is not null)
        {
            var builder = new UriBuilder(uri);
            var query = builder.Query.TrimStart('?');
            builder.Query = (query.Length > 0 ? query + "&" : "") + "token=" + Uri.EscapeDataString(options.Token);
            uri = builder.Uri;
        }
        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
        }
        catch (WebSocketException ex)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw new RefusedException(status, $"the application refused the WebSocket upgrade (HTTP {(int)status})", ex);
        }
        if (options.Subprotocol is not null && socket.SubProtocol != options.Subprotocol)
        {
            socket.Abort();
            socket.Dispose();
            throw new JambonzEmulatorException($"the application accepted subprotocol '{socket.SubProtocol}' instead of '{options.Subprotocol}'");
        }
        return new JambonzClientConnection(socket);
    }

    /// <summary>A refused upgrade with its HTTP status (401 for credentials, 400 for the subprotocol …).</summary>
    public sealed class RefusedException(HttpStatusCode status, string message, Exception inner) : Exception(message, inner)
    {
        public HttpStatusCode Status { get; } = status;
    }

    public async Task SendAsync(JsonObject message, CancellationToken cancellationToken = default)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, Json);
        await _send.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>The next message from the application, or null when none arrives within <paramref name="timeout"/> or the socket closed.</summary>
    public async Task<JsonObject?> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            return await _incoming.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Closes politely (what jambonz does when a call ends).</summary>
    public async Task CloseAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "call ended", cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            _socket.Abort();
        }
    }

    /// <summary>Drops the connection without a close handshake (a network failure).</summary>
    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        try
        {
            await _reader;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // gone
        }
        _socket.Dispose();
        _send.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }
                if (JsonNode.Parse(message.ToArray()) is JsonObject json)
                {
                    _incoming.Writer.TryWrite(json);
                }
                message.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or JsonException)
        {
            // the socket dropped (or we aborted it)
        }
        finally
        {
            _incoming.Writer.TryComplete();
        }
    }
}
