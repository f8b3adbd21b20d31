using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Studio.Nlu.Tests.Llm;

/// <summary>A request the fake endpoint received.</summary>
public sealed record RecordedRequest(string Method, string Path, string? Authorization, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
}

/// <summary>What the fake endpoint answers: an HTTP status and, for 200, the assistant's content.</summary>
public sealed record FakeReply(HttpStatusCode Status, string Content, TimeSpan Delay = default)
{
    public static FakeReply Ok(string content, TimeSpan delay = default) => new(HttpStatusCode.OK, content, delay);
}

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions wire format
/// (POST /v1/chat/completions), recording every request. No internet involved.
/// </summary>
public sealed class FakeChatCompletionsServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _served;

    public FakeChatCompletionsServer(Func<RecordedRequest, FakeReply> reply)
    {
        Reply = reply;
        // Find a free port, then listen on it; retry if another process takes it in between.
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Func<RecordedRequest, FakeReply> Reply { get; set; }

    public int Port { get; }

    /// <summary>The OpenAI-style base URL (with the version path) to configure as the endpoint.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}/v1";

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Requests whose answer was completely written.</summary>
    public int Served => Volatile.Read(ref _served);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync().ConfigureAwait(false);
            }
            var request = new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], body);
            _requests.Enqueue(request);

            FakeReply reply;
            if (request.Method != "POST" || request.Path != "/v1/chat/completions")
            {
                reply = new FakeReply(HttpStatusCode.NotFound, "");
            }
            else
            {
                reply = Reply(request);
            }
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, _stopping.Token).ConfigureAwait(false);
            }

            var response = context.Response;
            response.StatusCode = (int)reply.Status;
            response.ContentType = "application/json";
            var payload = reply.Status == HttpStatusCode.OK
                ? Completion(request, reply.Content)
                : JsonSerializer.Serialize(new { error = new { message = "fake failure", type = "server_error", code = (string?)null } });
            var bytes = Encoding.UTF8.GetBytes(payload);
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes, _stopping.Token).ConfigureAwait(false);
            response.Close();
            Interlocked.Increment(ref _served);
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
        }
        catch (HttpListenerException)
        {
            // The client went away (its budget ran out): nothing to answer.
        }
        catch (IOException)
        {
        }
    }

    private static string Completion(RecordedRequest request, string content)
    {
        var model = request.Json["model"]?.GetValue<string>() ?? "unknown";
        var completion = new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12],
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 120, ["completion_tokens"] = 12, ["total_tokens"] = 132 },
        };
        return completion.ToJsonString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
        }
        _stopping.Dispose();
    }
}
