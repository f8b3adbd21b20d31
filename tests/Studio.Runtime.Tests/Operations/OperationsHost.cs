using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Studio.Data;
using Studio.Runtime.Operations;
using Studio.Runtime.Publishing;

namespace Studio.Runtime.Tests.Operations;

/// <summary>
/// The runtime's operations on real Kestrel (127.0.0.1, port 0) with a real LiteDB file: API keys for each role, the
/// outbox worker off (tests run its rounds) unless asked, Serilog off (tests of logging build their own logger).
/// </summary>
internal sealed class OperationsHost : IAsyncDisposable
{
    public const string AdminKey = "admin-key-0123456789abcdef";
    public const string DesignerKey = "designer-key-0123456789abcdef";
    public const string ReviewerKey = "reviewer-key-0123456789abcdef";
    public const string EventsSecret = "events-secret-for-tests-0123456789";

    private readonly WebApplication _app;
    private readonly string _directory;

    private OperationsHost(WebApplication app, string directory, Uri baseAddress)
    {
        _app = app;
        _directory = directory;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => _app.Services;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public static async Task<OperationsHost> StartAsync(IDictionary<string, string?>? settings = null, TimeProvider? time = null,
        Action<IServiceCollection>? services = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "studio-runtime-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        // The content root is the temporary directory: the product's appsettings.json (copied beside the tests) must not
        // add its tagging rules or keys to the ones a test configures.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = directory });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var config = new Dictionary<string, string?>
        {
            ["Studio:Operations:Serilog"] = "false",
            ["Studio:Outbox:Enabled"] = "false",
            ["Studio:Api:Keys:0:Name"] = "ops",
            ["Studio:Api:Keys:0:Role"] = "admin",
            ["Studio:Api:Keys:0:Key"] = AdminKey,
            ["Studio:Api:Keys:1:Name"] = "designer-wang",
            ["Studio:Api:Keys:1:Role"] = "designer",
            // Kept as a hash, as a committed appsettings.json would.
            ["Studio:Api:Keys:1:KeyHash"] = Convert.ToHexStringLower(ApiKeyRing.Hash(DesignerKey)),
            ["Studio:Api:Keys:2:Name"] = "bi-export",
            ["Studio:Api:Keys:2:Role"] = "reviewer",
            ["Studio:Api:Keys:2:Key"] = ReviewerKey,
            ["Studio:Events:Secret"] = EventsSecret,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(config);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }
        builder.Services.AddLiteDbStudioData(new StudioDataOptions
        {
            DatabasePath = Path.Combine(directory, "studio.db"),
            SecretKey = Convert.ToBase64String([.. Enumerable.Range(1, 32).Select(i => (byte)i)]),
        });
        builder.Services.AddScriptPublishing();
        builder.AddRuntimeOperations();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapRuntimeOperations();
        app.MapProtectedPublishingApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new OperationsHost(app, directory, new Uri(address));
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? key = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>One request a <see cref="LoopbackReceiver"/> received.</summary>
internal sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A webhook receiver / SMS gateway / add service on 127.0.0.1 (real Kestrel): records every request and answers with
/// the queued status codes, then 200.
/// </summary>
internal sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _answers = new();

    private LoopbackReceiver(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;
    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public Uri Url(string path) => new(BaseUrl, path);

    public void AnswerNext(int status, string? retryAfter = null) => _answers.Enqueue((status, retryAfter));

    public static async Task<LoopbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new LoopbackReceiver(app);
        app.Run(async http =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            receiver._received.Enqueue(new ReceivedRequest(http.Request.Path, http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                buffer.ToArray()));
            var (status, retryAfter) = receiver._answers.TryDequeue(out var next) ? next : (200, null);
            http.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                http.Response.Headers.RetryAfter = retryAfter;
            }
            await http.Response.WriteAsync("{}");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.BaseUrl = new Uri(address + "/");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
