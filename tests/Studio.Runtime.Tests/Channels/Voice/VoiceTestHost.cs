using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Studio.Core.Dialogs;
using Studio.Core.Recognition;
using Studio.Runtime.Channels.Voice;
using Studio.Runtime.Channels.Voice.Jambonz;
using Studio.Voice.Emulator;

namespace Studio.Runtime.Tests.Channels.Voice;

/// <summary>
/// A real Kestrel on 127.0.0.1 with the jambonz endpoint and an in-process host that runs the real dialog
/// engine over scripts-library scripts; plus the emulator options to call it and every log line it wrote.
/// </summary>
public sealed class VoiceTestHost : IAsyncDisposable
{
    public const string User = "jambonz";
    public const string Password = "s3cret-pass";
    public const string Token = "t0ken-for-tests";

    private readonly JambonzLoopbackHost _host;

    private VoiceTestHost(JambonzLoopbackHost host, EngineVoiceConversationHandler handler, LogCapture logs)
    {
        _host = host;
        Handler = handler;
        Logs = logs;
    }

    public Uri Endpoint => _host.Endpoint;
    public EngineVoiceConversationHandler Handler { get; }
    public LogCapture Logs { get; }
    public JambonzGateway Gateway => _host.App.Services.GetRequiredService<JambonzGateway>();

    /// <summary>Emulator options with basic auth (what a jambonz application with user and password sends).</summary>
    public JambonzEmulatorOptions Options(Func<JambonzEmulatorOptions, JambonzEmulatorOptions>? change = null)
    {
        var options = new JambonzEmulatorOptions { Endpoint = Endpoint, Username = User, Password = Password };
        return change is null ? options : change(options);
    }

    public JambonzEmulator Emulator(Func<JambonzEmulatorOptions, JambonzEmulatorOptions>? change = null) => new(Options(change));

    public static async Task<VoiceTestHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, IHandlerWrapper? wrap = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Voice:Jambonz:Username"] = User,
            ["Voice:Jambonz:Password"] = Password,
            ["Voice:Jambonz:Token"] = Token,
            ["Voice:Jambonz:Synthesizer:Vendor"] = "microsoft",
            ["Voice:Jambonz:Synthesizer:Language"] = "zh-CN",
            ["Voice:Jambonz:Synthesizer:Voice"] = "zh-CN-XiaoxiaoNeural",
            ["Voice:Jambonz:Recognizer:Vendor"] = "microsoft",
            ["Voice:Jambonz:Recognizer:Language"] = "zh-CN",
            ["Voice:ReconnectGrace"] = "00:00:00.300",
            ["Voice:TransferTargets:vip_advisor:Type"] = "sip",
            ["Voice:TransferTargets:vip_advisor:SipUri"] = "sip:vip-advisors@pbx.example.cn",
            ["Voice:DefaultTransferTarget:Type"] = "phone",
            ["Voice:DefaultTransferTarget:Number"] = "+864008860520",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var handler = new EngineVoiceConversationHandler(new DialogEngine(new KeywordRecognizer()), VoiceScripts.Find);
        var logs = new LogCapture();
        var host = await JambonzLoopbackHost.StartAsync(wrap is null ? handler : wrap.Wrap(handler), config, logging =>
        {
            logging.AddProvider(logs);
            logging.SetMinimumLevel(LogLevel.Debug);
        });
        return new VoiceTestHost(host, handler, logs);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

/// <summary>Lets a test put a decorator (slow, failing) around the engine handler.</summary>
public interface IHandlerWrapper
{
    IVoiceConversationHandler Wrap(EngineVoiceConversationHandler inner);
}

/// <summary>Every log line, formatted, for assertions (no phone number may appear).</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Text)> Lines => [.. _lines];

    public string All => string.Join("\n", _lines.Select(l => $"{l.Level} {l.Category}: {l.Text}"));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(LogLevel, string, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (exception is not null)
            {
                text += " | " + exception.GetType().Name + ": " + exception.Message;
            }
            lines.Enqueue((logLevel, category, text));
        }
    }
}
