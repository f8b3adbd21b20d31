using System.Diagnostics;
using System.Globalization;
using Studio.Data.Conversations;
using Studio.Data.Storage;
using Studio.Data.TurnLog;

namespace Studio.Bench;

/// <summary>
/// <c>storage [--writers N] [--turns N] [--think-ms T]</c>: what a turn costs the embedded store. N
/// concurrent conversations each persist a turn — a turn-log record and their state — either as two
/// writes or as one atomic <see cref="TurnCommit"/>; every write is acknowledged only once it is on disk
/// (group commit). Without --think-ms the
/// conversations write back to back (saturation: the store's capacity); with it each waits T ms (±50 %)
/// between turns, like members talking. Reports acknowledged turns per second and the latency of the
/// two writes together, plus the baseline of one LiteDB commit per write.
/// </summary>
public static class StorageBench
{
    public static int Run(string[] args)
    {
        var writers = Option(args, "--writers", 200);
        var turns = Option(args, "--turns", 25);
        var think = Option(args, "--think-ms", 0, allowZero: true);
        var directory = Path.Combine(Path.GetTempPath(), "studio-storage-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Baseline(Path.Combine(directory, "baseline.db"));
            GroupCommit(Path.Combine(directory, "separate.db"), writers, turns, think, atomic: false).GetAwaiter().GetResult();
            GroupCommit(Path.Combine(directory, "atomic.db"), writers, turns, think, atomic: true).GetAwaiter().GetResult();
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        return 0;
    }

    private static void Baseline(string path)
    {
        using var db = new StudioDatabase(path);
        var col = db.Collection<TurnRecord>("turns_baseline");
        const int n = 200;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            col.Insert(Record(i % 10, i));
        }
        Console.WriteLine(FormattableString.Invariant($"baseline: one commit per write, sequential: {watch.Elapsed.TotalMilliseconds / n:F2} ms per write ({n / watch.Elapsed.TotalSeconds:F0} writes/s)"));
    }

    private static async Task GroupCommit(string path, int writers, int turns, int think, bool atomic)
    {
        using var db = new StudioDatabase(path);
        var log = new LiteDbTurnLog(db);
        var states = new ConversationStore(new LiteDbKeyValueStore(db));
        var committer = new LiteDbTurnCommitter(db);
        var latencies = new double[writers * turns];
        var state = new Studio.Core.Dialogs.ConversationState { ScriptId = "dormant-reactivation", Version = "7773f9544ed2", Node = "ask_consent" };
        // Warm-up (JIT, collections and indexes created), not measured.
        for (var i = 0; i < 20; i++)
        {
            await log.AppendAsync([Record(-1, i)]);
            await states.SaveAsync(new ConversationKey(Studio.Core.Scripts.Channel.Voice, "warm-up-" + i.ToString(CultureInfo.InvariantCulture)), state, null);
        }
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            string? etag = null;
            var key = new ConversationKey(Studio.Core.Scripts.Channel.Voice, "call-" + w.ToString(CultureInfo.InvariantCulture));
            var random = new Random(w);
            for (var t = 0; t < turns; t++)
            {
                if (think > 0)
                {
                    await Task.Delay((int)(think * (0.5 + random.NextDouble())));
                }
                var start = Stopwatch.GetTimestamp();
                if (atomic)
                {
                    etag = (await committer.CommitAsync(new TurnCommit(key, state, etag) { Turns = [Record(w, t)] })).ETag;
                }
                else
                {
                    await log.AppendAsync([Record(w, t)]);
                    etag = await states.SaveAsync(key, state, etag);
                }
                latencies[(w * turns) + t] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        })));
        var seconds = watch.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        Array.Sort(latencies);
        Console.WriteLine(FormattableString.Invariant(
            $"{(atomic ? "one TurnCommit per turn" : "turn-log append, then state write")}: {writers} conversations x {turns} turns{(think > 0 ? $", {think} ms between turns" : ", back to back")}: {latencies.Length / seconds:F0} turns/s; p50 {Percentile(latencies, 0.50):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, max {latencies[^1]:F1} ms; CPU {cpu / seconds * 100:F0} % of one core"));
    }

    private static TurnRecord Record(int worker, int turn) => new()
    {
        Conversation = "voice:call-" + worker.ToString(CultureInfo.InvariantCulture),
        Channel = Studio.Core.Scripts.Channel.Voice,
        MemberId = "m-" + worker.ToString(CultureInfo.InvariantCulture),
        ScriptId = "dormant-reactivation",
        Version = "7773f9544ed2",
        Turn = turn,
        Node = "ask_consent",
        BotText = "现在加您企业微信,回归福利直接发到微信里,好吗?",
        MemberText = "好的可以",
        Intent = "affirm",
        Confidence = 0.97,
        DecidedBy = "rules",
        LatencyMs = 0.4,
    };

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static int Option(string[] args, string name, int fallback, bool allowZero = false)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) && (value > 0 || (allowZero && value == 0)) ? value : fallback;
    }
}
