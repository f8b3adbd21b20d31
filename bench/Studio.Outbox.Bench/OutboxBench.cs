using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Studio.Data;
using Studio.Data.Outbox;
using Studio.Runtime.Operations;
using Studio.Runtime.Outbox;

namespace Studio.Outbox.Bench;

/// <summary>
/// <c>outbox [--items N] [--concurrency C] [--receiver-ms T]</c>: how fast the outbox worker drains: N webhook actions
/// enqueued at once, performed by <see cref="OutboxWorker"/> rounds against a loopback HTTP receiver that answers after
/// T ms (a CRM's latency), each signed and completed in LiteDB. Reports items per second and the time per round.
/// </summary>
public static class OutboxBench
{
    public static int Run(string[] args)
    {
        var items = Option(args, "--items", 2000);
        var concurrency = Option(args, "--concurrency", 8);
        var receiverMs = Option(args, "--receiver-ms", 0, allowZero: true);
        return RunAsync(items, concurrency, receiverMs, args.Contains("--no-http")).GetAwaiter().GetResult();
    }

    /// <summary>Done at once: with --no-http the bench measures the outbox and worker alone.</summary>
    private sealed class NoopPerformer : IActionPerformer
    {
        public string Type => "noop";

        public Task<ActionPerformResult> PerformAsync(OutboxItem item, CancellationToken cancellationToken) => Task.FromResult(ActionPerformResult.Done());
    }

    private static async Task<int> RunAsync(int items, int concurrency, int receiverMs, bool noHttp)
    {
        var directory = Path.Combine(Path.GetTempPath(), "studio-outbox-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var receiver = WebApplication.CreateSlimBuilder();
        receiver.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        receiver.Logging.ClearProviders();
        await using var app = receiver.Build();
        var received = 0;
        app.Run(async http =>
        {
            if (receiverMs > 0)
            {
                await Task.Delay(receiverMs);
            }
            Interlocked.Increment(ref received);
            await http.Response.WriteAsync("{}");
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Studio:Outbox:Concurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
            ["Studio:Outbox:BatchSize"] = (concurrency * 4).ToString(CultureInfo.InvariantCulture),
            ["Studio:Webhooks:Secret"] = "bench-secret-0123456789",
            ["Studio:Webhooks:Endpoints:crm:Url"] = url + "/crm",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddLiteDbStudioData(new StudioDataOptions { DatabasePath = Path.Combine(directory, "outbox.db") });
        services.AddRuntimeCompliance(configuration);
        services.AddRuntimeOutbox(configuration);
        services.AddSingleton<IActionPerformer, NoopPerformer>();
        await using var provider = services.BuildServiceProvider();
        try
        {
            var outbox = provider.GetRequiredService<IOutbox>();
            var worker = provider.GetRequiredService<OutboxWorker>();
            var payload = new ActionPayload { Conversation = "voice:bench", MemberId = "m-1", Parameters = new() { ["webhook"] = "crm", ["payload.level"] = "A" } }.ToJson();
            await Task.WhenAll(Enumerable.Range(0, items).Select(i => outbox.EnqueueAsync(new OutboxMessage(noHttp ? "noop" : "webhook", payload) { DedupKey = "bench/" + i })));

            var clock = Stopwatch.StartNew();
            var rounds = 0;
            while (await worker.RunOnceAsync() > 0)
            {
                rounds++;
            }
            clock.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"outbox: {items} {(noHttp ? "no-op" : "webhook")} items, concurrency {concurrency}, receiver {receiverMs} ms: {received} delivered in {clock.Elapsed.TotalSeconds:0.00} s = {items / clock.Elapsed.TotalSeconds:0} items/s, {clock.Elapsed.TotalMilliseconds / Math.Max(1, rounds):0.0} ms per round of {concurrency * 4}"));
            return received == items || noHttp ? 0 : 1;
        }
        finally
        {
            await provider.DisposeAsync();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static int Option(string[] args, string name, int fallback, bool allowZero = false)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) && (value > 0 || (allowZero && value == 0)) ? value : fallback;
    }
}
