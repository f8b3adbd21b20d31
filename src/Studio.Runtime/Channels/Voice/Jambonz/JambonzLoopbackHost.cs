using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Studio.Runtime.Channels.Voice.Jambonz;

/// <summary>
/// The jambonz endpoint alone on a real Kestrel at 127.0.0.1 (a free port), with a given conversation
/// handler: what `studio call`, the voice load bench and the voice tests dial with the emulator.
/// </summary>
public sealed class JambonzLoopbackHost : IAsyncDisposable
{
    private JambonzLoopbackHost(WebApplication app, Uri endpoint)
    {
        App = app;
        Endpoint = endpoint;
    }

    public WebApplication App { get; }

    /// <summary>The ws:// address of the jambonz endpoint.</summary>
    public Uri Endpoint { get; }

    public static async Task<JambonzLoopbackHost> StartAsync(
        IVoiceConversationHandler handler, IReadOnlyDictionary<string, string?> settings, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Limits.MaxConcurrentConnections = null).UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.Services.AddJambonz();
        builder.Services.AddSingleton(handler);
        var app = builder.Build();
        app.MapJambonz();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new JambonzLoopbackHost(app, new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + JambonzEndpoint.DefaultPath));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
