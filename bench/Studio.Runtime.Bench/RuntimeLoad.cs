using System.Diagnostics;
using System.Runtime;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Studio.Data.Scripts;
using Studio.Data.Storage;
using Studio.Runtime.Channels.WeCom;
using Studio.Runtime.Hosting;
using Studio.Runtime.Publishing;
using Studio.Voice.Emulator;

namespace Studio.Runtime.Bench;

/// <summary>
/// Drives the hosted runtime through its real endpoints on 127.0.0.1 and reports our processing time per turn
/// (request sent → answer received: decrypt/recognise/engine/durable commit/encrypt), throughput, CPU and the
/// managed memory held per active conversation. The generator shares the process (and the 2 cores) with the host.
/// </summary>
public static class RuntimeLoad
{
    private const string Token = "benchToken01";
    private const string CorpId = "wwbenchcorp000001";
    private static readonly string AesKey = Convert.ToBase64String(Enumerable.Range(11, 32).Select(i => (byte)(i * 3)).ToArray())[..43];

    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.FirstOrDefault() ?? "voice";
        var dir = Directory.CreateTempSubdirectory("studio-runtime-bench-").FullName;
        try
        {
            await using var host = await StartHostAsync(dir);
            return mode switch
            {
                "voice" => await VoiceAsync(host, args),
                "wecom" => await WecomAsync(host, args),
                "memory" => await MemoryAsync(host, args),
                _ => throw new ArgumentException($"unknown mode '{mode}' (voice, wecom, memory)"),
            };
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<int> VoiceAsync(BenchHost host, string[] args)
    {
        var calls = Int(args, "--calls", 1000);
        var pause = TimeSpan.FromMilliseconds(Int(args, "--pause-ms", 3000));
        var rampUp = TimeSpan.FromMilliseconds(Int(args, "--ramp-ms", 5000));
        var options = new JambonzEmulatorOptions { Endpoint = host.Jambonz, Token = "bench", Strict = false, CallerPause = pause };
        static (CallSetup, IEmulatedCaller) Call(int i) => (
            CallSetup.Outbound("dormant-reactivation", $"bench-{i}", "bench", new Dictionary<string, string> { ["surname"] = "张", ["title"] = "女士" }),
            new ScriptedCaller(CallerAction.Say("是我"), (i % 4) switch
            {
                0 => CallerAction.Say("别再打了"),
                1 => CallerAction.Silence(),
                _ => CallerAction.Say("好的,你加吧"),
            }, CallerAction.Silence()));

        // The runtime recompiles a method optimised once it has run 30 times: code that runs once per call (the call's
        // start, its grain's activation) needs that many calls before the measured run, or the JIT takes ~10 % of the
        // 2 cores while the 1,000 calls ramp up (perf). A host that has served 300 calls is still a young one.
        var warmUpCalls = Int(args, "--warm-up-calls", 300);
        var warmUp = await JambonzLoad.RunAsync(options, warmUpCalls, warmUpCalls, TimeSpan.FromMilliseconds(warmUpCalls * 10), i => Call(1_000_000 + i));
        Console.WriteLine($"warmed up; placing {calls} calls …");
        var (report, cpu) = await Measure(() => JambonzLoad.RunAsync(options, calls, calls, rampUp, Call));
        Console.WriteLine($"hosted voice load · dormant-reactivation · {calls} calls all at once, starts over {rampUp.TotalMilliseconds:0} ms, " +
            $"caller pause {pause.TotalMilliseconds:0} ms ±50 % · NLU pipeline, Orleans grains, durable LiteDB commit per turn · {Environment.ProcessorCount} cores");
        Console.WriteLine("warm-up: " + warmUp);
        Console.WriteLine(report);
        static string P99(IEnumerable<TurnLatency> samples) => Invariant($"{Percentile([.. samples.Select(s => s.Elapsed.TotalMilliseconds).Order()], 0.99):0.0} ms");
        // Where the tail lies: call starts against answers, and the ramp (a new grain per call) against the rest.
        Console.WriteLine("p99 by message: " + string.Join(" · ", report.Samples.GroupBy(s => s.MessageType).OrderBy(g => g.Key)
            .Select(g => $"{g.Key} {P99(g)} ({g.Count()})")));
        Console.WriteLine("p99 by 2 s of the run: " + string.Join(" · ", report.Samples
            .GroupBy(s => (int)(Stopwatch.GetElapsedTime(report.StartedAt, s.SentAt).TotalSeconds / 2)).OrderBy(g => g.Key)
            .Select(g => $"{g.Key * 2}–{g.Key * 2 + 2} s {P99(g)} ({g.Count()})")));
        Console.WriteLine(Invariant($"cpu {cpu.TotalSeconds:0.00} s over {report.Wall.TotalSeconds:0.00} s wall ({cpu.TotalSeconds / report.Wall.TotalSeconds * 100:0} % of one core; host and generator share the process)"));
        foreach (var error in report.Errors)
        {
            Console.WriteLine("error: " + error);
        }
        return report.Failed == 0 ? 0 : 1;
    }

    private static async Task<int> WecomAsync(BenchHost host, string[] args)
    {
        var rate = Int(args, "--rate", 0);
        var concurrency = Int(args, "--concurrency", 64);
        var seconds = Int(args, "--seconds", 20);
        var members = Int(args, "--members", rate > 0 ? rate * 2 : concurrency * 4);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = rate > 0 ? 1024 : concurrency * 2 }) { Timeout = TimeSpan.FromSeconds(30) };
        var sender = new WecomSender(http, host.BaseUrl);
        var texts = new[] { "好的", "嗯嗯,在用", "不用了", "还行吧", "可以" };
        string Member(int m) => $"wmBENCH{m:000000}";

        // Warm-up: each member's first message starts the script (opening plus answer are two messages, sent through
        // the API); JIT, connections. Later messages must be answered passively.
        using (var warmUp = new StorageMeterSummary())
        {
            var clock = Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
            {
                for (var m = Interlocked.Increment(ref next); m < members; m = Interlocked.Increment(ref next))
                {
                    await sender.SendAsync(Member(m), "好的");
                }
            }));
            Console.WriteLine("warm-up " + warmUp.Describe(clock.Elapsed));
        }
        host.InHost.TakeSorted();

        List<double> all;
        TimeSpan cpu;
        string load;
        if (rate > 0)
        {
            // Open loop: message i is due at start + i/rate whatever happened to earlier ones, and its latency counts
            // from when it was due — a stalled server cannot hide its queue by slowing the generator down.
            var total = rate * seconds;
            var latencies = new double[total];
            (_, cpu) = await Measure(async () =>
            {
                var start = Stopwatch.GetTimestamp();
                var inFlight = new List<Task>(total);
                for (var i = 0; i < total; i++)
                {
                    var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(wait);
                    }
                    var n = i;
                    inFlight.Add(Task.Run(async () =>
                    {
                        await sender.SendAsync(Member(n % members), texts[n / members % texts.Length], passiveOnly: true);
                        latencies[n] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
                    }));
                }
                await Task.WhenAll(inFlight);
                return 0;
            });
            all = [.. latencies.Order()];
            load = $"open loop at {rate} msg/s, {members} members (each writes every {members / (double)rate:0.#} s)";
            // The tail over time: a fresh process's first seconds (tiered JIT, a growing database) against the rest.
            var window = Math.Max(5, seconds / 6);
            Console.WriteLine("p99 by " + window + " s of the run: " + string.Join(" · ", latencies.Chunk(rate * window)
                .Select((chunk, w) => Invariant($"{w * window}–{(w + 1) * window} s {Percentile([.. chunk.Order()], 0.99):0.0} ms"))));
        }
        else
        {
            async Task<List<double>> Worker(int w, TimeSpan duration)
            {
                var latencies = new List<double>(4096);
                var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
                for (var n = 0; Stopwatch.GetTimestamp() < until; n++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await sender.SendAsync(Member(w * 4 + n % 4), texts[n % texts.Length], passiveOnly: true);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                return latencies;
            }
            List<double>[] runs;
            (runs, cpu) = await Measure(() => Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Worker(w, TimeSpan.FromSeconds(seconds)))));
            all = [.. runs.SelectMany(l => l).Order()];
            load = $"closed loop, {concurrency} concurrent senders, {concurrency * 4} members";
        }
        double At(double q) => Percentile(all, q);
        Console.WriteLine($"hosted WeCom load · wecom-bench · {load}, {seconds} s · " +
            $"encrypted callback → decrypt → NLU → grain turn → durable LiteDB commit → encrypted passive reply · {Environment.ProcessorCount} cores");
        Console.WriteLine(Invariant($"{all.Count} messages, {all.Count / (double)seconds:0} msg/s; latency p50 {At(0.5):0.0} ms, p90 {At(0.9):0.0} ms, p99 {At(0.99):0.0} ms, max {all[^1]:0.0} ms; {sender.NotPassive} not answered passively (over the passive budget or failed)"));
        var hosted = host.InHost.TakeSorted();
        double InHostAt(double q) => Percentile(hosted, q);
        Console.WriteLine(Invariant($"in the host (request in → reply written, {hosted.Count} callbacks): p50 {InHostAt(0.5):0.0} ms, p90 {InHostAt(0.9):0.0} ms, p99 {InHostAt(0.99):0.0} ms, max {hosted[^1]:0.0} ms"));
        Console.WriteLine(Invariant($"cpu {cpu.TotalSeconds:0.00} s over {seconds} s wall ({cpu.TotalSeconds / seconds * 100:0} % of one core; host and generator share the process)"));
        return 0;
    }

    private static double Percentile(IReadOnlyList<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    /// <summary>Posts encrypted WeCom text callbacks, as WeCom's servers would, and checks the passive replies.</summary>
    private sealed class WecomSender(HttpClient http, Uri baseUrl)
    {
        private readonly WxBizMsgCrypt _crypto = new(Token, AesKey, CorpId);
        private long _msgIds = 1_000_000_000_000;
        private int _notPassive;

        public int NotPassive => Volatile.Read(ref _notPassive);

        public async Task SendAsync(string member, string text, bool passiveOnly = false)
        {
            var xml = Invariant($"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><FromUserName><![CDATA[{member}]]></FromUserName><CreateTime>{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{text}]]></Content><MsgId>{Interlocked.Increment(ref _msgIds)}</MsgId><AgentID>1000002</AgentID></xml>");
            var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var nonce = Random.Shared.Next(100_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
            var encrypt = _crypto.Encrypt(xml);
            var url = new Uri(baseUrl, $"wecom/callback?msg_signature={_crypto.Sign(ts, nonce, encrypt)}&timestamp={ts}&nonce={nonce}");
            var body = $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";
            using var content = new StringContent(body, Encoding.UTF8, "text/xml");
            string reply;
            try
            {
                using var response = await http.PostAsync(url, content);
                reply = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                reply = ex.GetType().Name;
            }
            // A late answer (over the passive budget) goes through the API instead of the response.
            if (passiveOnly && !reply.Contains("<Encrypt>", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _notPassive);
            }
        }
    }

    private static async Task<int> MemoryAsync(BenchHost host, string[] args)
    {
        var count = Int(args, "--conversations", 5000);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        async Task StartAsync(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                var grain = grains.GetGrain<Conversations.IConversationGrain>($"wecom:wmMEM{i:000000}");
                await grain.StartAsync(new Conversations.ConversationStartRequest { ScriptId = "wecom-bench", InputId = "start", MemberId = $"m-{i}" });
                await grain.TurnAsync(Conversations.ConversationInput.Say("好的", "t1"));
            }
        }
        await StartAsync(0, 200); // warm-up: code paths, caches
        var before = Heap();
        var slices = 16;
        await Task.WhenAll(Enumerable.Range(0, slices).Select(s => StartAsync(200 + s * count / slices, 200 + (s + 1) * count / slices)));
        var after = Heap();
        Console.WriteLine($"memory · {count} active WeCom conversations (grain activated, state and handled-input record in memory, waiting at an ask)");
        Console.WriteLine(Invariant($"managed heap {before / 1048576.0:0.0} MB → {after / 1048576.0:0.0} MB: {(after - before) / (double)count / 1024:0.0} KB per active conversation"));
        return 0;
    }

    private static long Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task<(T Result, TimeSpan Cpu)> Measure<T>(Func<Task<T>> run)
    {
        using var storage = new StorageMeterSummary();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var pausedBefore = GC.GetTotalPauseDuration();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        var result = await run();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.WriteLine(storage.Describe(clock.Elapsed));
        // Every thread stops while a GC suspends them: the writer too, so pauses land straight on the turn latency tail.
        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        var kind = GCSettings.IsServerGC ? "server" : "workstation";
        var allocated = (GC.GetTotalAllocatedBytes() - allocatedBefore) / 1048576.0;
        Console.WriteLine(Invariant($"gc: {allocated:0} MB allocated, {GC.CollectionCount(0) - gcBefore[0]} gen0, {GC.CollectionCount(1) - gcBefore[1]} gen1, {GC.CollectionCount(2) - gcBefore[2]} gen2 collections, paused {paused.TotalMilliseconds:0} ms in all ({kind} GC, {GCSettings.LatencyMode})"));
        return (result, cpu);
    }

    /// <summary>What the group-commit writer did meanwhile (the Studio.Data meter): the one serial stage of a turn.</summary>
    private sealed class StorageMeterSummary : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _commits, _items, _syncs, _pages;
        private long _checkpoints;
        private double _commitMs, _maxCommitMs, _syncMs, _busyMs, _checkpointMs, _maxCheckpointMs;

        public StorageMeterSummary()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StudioDatabase.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, items, _, _) => Interlocked.Add(ref _items, items));
            _listener.SetMeasurementEventCallback<long>((instrument, n, _, _) =>
            {
                if (instrument.Name == "studio.db.log.pages")
                {
                    Interlocked.Add(ref _pages, n);
                }
            });
            _listener.SetMeasurementEventCallback<double>((instrument, ms, _, _) =>
            {
                // Only the writer thread records: no race on the sums.
                if (instrument.Name == "studio.db.log.sync.duration")
                {
                    _syncs++;
                    _syncMs += ms;
                    return;
                }
                if (instrument.Name == "studio.db.checkpoint.duration")
                {
                    _checkpoints++;
                    _checkpointMs += ms;
                    _maxCheckpointMs = Math.Max(_maxCheckpointMs, ms);
                    return;
                }
                if (instrument.Name == "studio.db.writer.busy")
                {
                    _busyMs += ms;
                    return;
                }
                _commits++;
                _commitMs += ms;
                _maxCommitMs = Math.Max(_maxCommitMs, ms);
            });
            _listener.Start();
        }

        public string Describe(TimeSpan wall) => _commits == 0 ? "db: no commits" : Invariant(
            $"db writer: {_commits} commits ({_commits / wall.TotalSeconds:0}/s), {_items / (double)_commits:0.0} writes and {Interlocked.Read(ref _pages) / (double)_commits:0.0} log pages per commit, {_syncs / (double)_commits:0.0} fsyncs per commit, commit mean {_commitMs / _commits:0.00} ms, max {_maxCommitMs:0.0} ms, busy {_busyMs / wall.TotalMilliseconds * 100:0} % of the time ({_syncMs / wall.TotalMilliseconds * 100:0} % in fsyncs of the log, {_syncMs / Math.Max(1, _syncs):0.00} ms each); ") + Invariant(
            $"{_checkpoints} checkpoints, {_checkpointMs / Math.Max(1, _checkpoints):0.0} ms each, max {_maxCheckpointMs:0.0} ms");

        public void Dispose() => _listener.Dispose();
    }

    private static async Task<BenchHost> StartHostAsync(string dir)
    {
        // As in the product (content root = the build output, data in ./data), the database is not under the content
        // root: the host watches that tree for appsettings changes, and every page written there would wake the watcher.
        var contentRoot = Directory.CreateDirectory(Path.Combine(dir, "content")).FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = contentRoot });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Studio:Data:DatabasePath"] = Path.Combine(dir, "data", "studio.db"),
            ["Voice:Jambonz:Token"] = "bench",
            ["Studio:Conversations:WecomDefaultScript"] = "wecom-bench",
            ["WeCom:CorpId"] = CorpId,
            ["WeCom:CorpSecret"] = "bench-secret",
            ["WeCom:AgentId"] = "1000002",
            ["WeCom:Token"] = Token,
            ["WeCom:EncodingAESKey"] = AesKey,
            ["WeCom:BaseUrl"] = "http://127.0.0.1:9/",
            ["Studio:Compliance:CallingHours:Weekdays"] = "00:00-24:00",
            ["Studio:Compliance:CallingHours:Weekends"] = "00:00-24:00",
            ["Studio:Compliance:CallingHours:HolidayWindow"] = "00:00-24:00",
            ["Studio:Outbox:Enabled"] = "false",
            ["WeCom:MessagesPerMemberPerMinute"] = "100000",
            ["WeCom:MessagesPerMemberPerHour"] = "1000000",
            // The product logs requests at Warning only (root appsettings.json); so does the bench.
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddStudioRuntime();
        var app = builder.Build();
        var inHost = new HostLatency();
        // Request in → reply written, as the host sees it: without the generator's own scheduling, which shares the cores.
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            await next();
            if (context.Request.Path.StartsWithSegments("/wecom"))
            {
                inHost.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
        app.MapStudioRuntime();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new BenchHost(app, new Uri(address.TrimEnd('/') + "/"), inHost);
        await host.PublishAsync("dormant-reactivation", File.ReadAllText(Path.Combine(FindRoot(), "scripts-library", "dormant-reactivation.json")));
        await host.PublishAsync("wecom-bench", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "wecom-bench.json")));
        return host;
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Studio.sln")))
            {
                return d.FullName;
            }
        }
        throw new DirectoryNotFoundException("Studio.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>WeCom callback latencies measured inside the host.</summary>
    private sealed class HostLatency
    {
        private readonly Lock _gate = new();
        private List<double> _values = new(16384);

        public void Add(double ms)
        {
            lock (_gate)
            {
                _values.Add(ms);
            }
        }

        public List<double> TakeSorted()
        {
            List<double> taken;
            lock (_gate)
            {
                (taken, _values) = (_values, new List<double>(16384));
            }
            taken.Sort();
            return taken;
        }
    }

    private sealed class BenchHost(WebApplication app, Uri baseUrl, HostLatency inHost) : IAsyncDisposable
    {
        public IServiceProvider Services => app.Services;
        public HostLatency InHost => inHost;
        public Uri BaseUrl => baseUrl;
        public Uri Jambonz => new(baseUrl.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + "voice/jambonz");

        public async Task PublishAsync(string id, string document)
        {
            await Services.GetRequiredService<IScriptDraftStore>().SaveAsync(id, document, 0, "bench");
            var result = await Services.GetRequiredService<ScriptPublisher>().PublishDraftAsync(id, "bench", "bench");
            if (result.Status != PublishStatus.Published)
            {
                throw new InvalidOperationException($"{id}: {result.Status} {string.Join("; ", result.Diagnostics)}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
