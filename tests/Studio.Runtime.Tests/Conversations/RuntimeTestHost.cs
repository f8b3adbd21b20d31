using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Studio.Core.Scripts;
using Studio.Data.Scripts;
using Studio.Runtime.Channels.Voice;
using Studio.Runtime.Conversations;
using Studio.Runtime.Hosting;
using Studio.Runtime.Publishing;
using Studio.Runtime.Tests.Channels.Voice;
using Studio.Runtime.Tests.Channels.WeCom;
using Studio.Runtime.Tests.Publishing;
using Studio.Voice.Emulator;

namespace Studio.Runtime.Tests.Conversations;

/// <summary>
/// The runtime exactly as the product hosts it (<c>AddStudioRuntime</c>: LiteDB, NLU pipeline, an Orleans silo with
/// localhost clustering, jambonz and WeCom endpoints) on Kestrel at 127.0.0.1, over a database directory that
/// outlives the host, so a test can stop it and start another on the same file.
/// </summary>
internal sealed class RuntimeTestHost : IAsyncDisposable
{
    public const string WecomToken = "rtToken123";
    public static readonly string WecomAesKey = Convert.ToBase64String(Enumerable.Range(3, 32).Select(i => (byte)(i * 5)).ToArray())[..43];

    private RuntimeTestHost(WebApplication app, Uri baseUrl, LogSink logs)
    {
        App = app;
        BaseUrl = baseUrl;
        Logs = logs;
    }

    public WebApplication App { get; }
    public Uri BaseUrl { get; }
    public LogSink Logs { get; }
    public IServiceProvider Services => App.Services;
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();
    public Uri JambonzEndpoint => new(BaseUrl.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + "voice/jambonz");
    public Uri WecomCallback => new(BaseUrl, "wecom/callback");

    public JambonzEmulator Emulator() => new(new JambonzEmulatorOptions { Endpoint = JambonzEndpoint, Username = VoiceTestHost.User, Password = VoiceTestHost.Password });

    public static async Task<RuntimeTestHost> StartAsync(string directory, Uri? wecomApi = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = directory });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var config = new Dictionary<string, string?>
        {
            ["Studio:Data:DatabasePath"] = Path.Combine(directory, "studio.db"),
            // These tests inspect what the grains put in the outbox; the worker that performs it is tested in Outbox/.
            ["Studio:Outbox:Enabled"] = "false",
            ["Voice:Jambonz:Username"] = VoiceTestHost.User,
            ["Voice:Jambonz:Password"] = VoiceTestHost.Password,
            ["Studio:Conversations:FollowUpMinute"] = "00:00:00.200",
            ["Studio:Conversations:WecomDefaultScript"] = "wecom-welcome-first-order",
            ["Studio:Conversations:WecomStateScripts:birthday"] = "birthday-care-wecom",
        };
        if (wecomApi is not null)
        {
            config["WeCom:CorpId"] = FakeWecomApi.CorpId;
            config["WeCom:CorpSecret"] = FakeWecomApi.CorpSecret;
            config["WeCom:AgentId"] = "1000002";
            config["WeCom:Token"] = WecomToken;
            config["WeCom:EncodingAESKey"] = WecomAesKey;
            config["WeCom:BaseUrl"] = wecomApi.ToString();
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(config);
        var logs = new LogSink();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddProvider(logs);
        builder.AddStudioRuntime();
        var app = builder.Build();
        app.MapStudioRuntime();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RuntimeTestHost(app, new Uri(address.TrimEnd('/') + "/"), logs);
    }

    /// <summary>Saves a library script as a draft and publishes it (validate, lint, train NLU, store, activate).</summary>
    public async Task PublishAsync(string scriptFile, Func<string, string>? edit = null)
    {
        var document = Library.Read(scriptFile);
        document = edit is null ? document : edit(document);
        var id = Path.GetFileNameWithoutExtension(scriptFile);
        var drafts = Services.GetRequiredService<IScriptDraftStore>();
        var existing = await drafts.GetAsync(id);
        await drafts.SaveAsync(id, document, existing?.Revision ?? 0, "test");
        var result = await Services.GetRequiredService<ScriptPublisher>().PublishDraftAsync(id, "test", "test");
        Assert.True(result.Status is PublishStatus.Published or PublishStatus.Reactivated, $"{id}: {result.Status} {string.Join("; ", result.Diagnostics)}");
    }

    public IConversationGrain Conversation(Channel channel, string id) =>
        Grains.GetGrain<IConversationGrain>((channel == Channel.Voice ? "voice:" : "wecom:") + id);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
