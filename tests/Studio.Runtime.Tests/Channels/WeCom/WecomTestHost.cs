using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Studio.Runtime.Channels.WeCom;

namespace Studio.Runtime.Tests.Channels.WeCom;

/// <summary>The runtime's WeCom callback on real Kestrel (127.0.0.1, port 0), with a test handler and captured logs.</summary>
internal sealed class WecomTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WecomTestHost(WebApplication app, Uri callbackUrl, LogSink logs)
    {
        _app = app;
        CallbackUrl = callbackUrl;
        Logs = logs;
    }

    public Uri CallbackUrl { get; }
    public LogSink Logs { get; }
    public IServiceProvider Services => _app.Services;
    public WecomInboundProcessor Processor => _app.Services.GetRequiredService<WecomInboundProcessor>();

    public static async Task<WecomTestHost> StartAsync(IWecomConversationHandler handler, Action<WecomOptions> configure, TimeProvider? time = null,
        string path = "/wecom/callback")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var logs = new LogSink();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }
        builder.Services.AddSingleton(handler);
        builder.Services.AddWecomChannel(configure: configure);
        var app = builder.Build();
        app.MapWecomCallbacks(path);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WecomTestHost(app, new Uri(address + path), logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Captures every log line (formatted message plus structured values) of a host.</summary>
internal sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Fails if any line contains one of the values (personal data that must never be logged).</summary>
    public void AssertNoneContains(params string[] values)
    {
        foreach (var line in Lines)
        {
            foreach (var value in values.Where(v => v.Length > 0))
            {
                Assert.False(line.Contains(value, StringComparison.Ordinal), $"log line contains '{value}': {line}");
            }
        }
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var sb = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    sb.Append(" |").Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                }
            }
            if (exception is not null)
            {
                sb.Append(" ex=").Append(exception);
            }
            sink._lines.Enqueue(sb.ToString());
        }
    }
}

/// <summary>A conversation handler for tests: counts calls, records messages, answers with a function, optionally slowly.</summary>
internal sealed class TestHandler(Func<WecomInboundMessage, WecomHandlerResult> answer, TimeSpan? delay = null) : IWecomConversationHandler
{
    private readonly ConcurrentQueue<WecomInboundMessage> _messages = new();
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);
    public IReadOnlyList<WecomInboundMessage> Messages => _messages.ToArray();
    public Func<WecomInboundMessage, Exception?>? FailWith { get; set; }

    public async ValueTask<WecomHandlerResult> HandleAsync(WecomInboundMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        _messages.Enqueue(message);
        if (delay is { } d)
        {
            await Task.Delay(d, cancellationToken);
        }
        if (FailWith?.Invoke(message) is { } ex)
        {
            throw ex;
        }
        return answer(message);
    }
}

/// <summary>Plays WeCom's side of the callback: encrypts and signs a message, posts it, reads the passive reply.</summary>
internal sealed class SimulatedWecom(HttpClient http, Uri callbackUrl, WxBizMsgCrypt crypto)
{
    public HttpClient Http => http;

    /// <summary>An encrypted POST for <paramref name="plainXml"/>; send the same one again to simulate a redelivery.</summary>
    public Delivery Prepare(string plainXml, long? timestamp = null, string? nonce = null)
    {
        var ts = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        nonce ??= Random.Shared.Next(100_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var encrypt = crypto.Encrypt(plainXml);
        var signature = crypto.Sign(ts, nonce, encrypt);
        var body = $"<xml><ToUserName><![CDATA[{crypto.ReceiveId}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";
        return new Delivery(new Uri($"{callbackUrl}?msg_signature={signature}&timestamp={ts}&nonce={nonce}"), body);
    }

    public async Task<(int Status, string Body)> SendAsync(Delivery delivery, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(delivery.Body, Encoding.UTF8, "text/xml");
        using var response = await http.PostAsync(delivery.Url, content, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Verifies and decrypts a passive reply envelope; null when the body is "success".</summary>
    public string? OpenReply(string body)
    {
        if (body == "success" || body.Length == 0)
        {
            return null;
        }
        var f = WecomXml.ReadFlat(body);
        return crypto.DecryptMessage(f["MsgSignature"], f["TimeStamp"], f["Nonce"], f["Encrypt"]);
    }

    public static string TextMessage(string corpId, string from, string content, string msgId, long? createTime = null) =>
        $"<xml><ToUserName><![CDATA[{corpId}]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName>" +
        $"<CreateTime>{createTime ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType>" +
        $"<Content><![CDATA[{content}]]></Content><MsgId>{msgId}</MsgId><AgentID>1000002</AgentID></xml>";

    public sealed record Delivery(Uri Url, string Body);
}
