using System.Diagnostics;

namespace Studio.Voice.Emulator;

/// <summary>Figures of a load run: calls, failures, turns and our processing time per turn.</summary>
public sealed record LoadReport(int Calls, int Failed, int Turns, TimeSpan Wall, TimeSpan P50, TimeSpan P99, TimeSpan Max, IReadOnlyList<string> Errors)
{
    /// <summary>Every acked message of the run, for breakdowns by type and time (sent after <see cref="StartedAt"/>).</summary>
    public IReadOnlyList<TurnLatency> Samples { get; init; } = [];

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the run started.</summary>
    public long StartedAt { get; init; }

    public double TurnsPerSecond => Wall.TotalSeconds > 0 ? Turns / Wall.TotalSeconds : 0;

    public override string ToString() =>
        $"{Calls} calls ({Failed} failed), {Turns} turns in {Wall.TotalSeconds:0.00} s = {TurnsPerSecond:0} turns/s; " +
        $"turn latency p50 {P50.TotalMilliseconds:0.0} ms, p99 {P99.TotalMilliseconds:0.0} ms, max {Max.TotalMilliseconds:0.0} ms";
}

/// <summary>Many emulated calls at once: the load bench's generator (bounded in count, loopback only).</summary>
public static class JambonzLoad
{
    public static async Task<LoadReport> RunAsync(JambonzEmulatorOptions options, int calls, int concurrency,
        Func<int, (CallSetup Setup, IEmulatedCaller Caller)> call, CancellationToken cancellationToken = default) =>
        await RunAsync(options, calls, concurrency, TimeSpan.Zero, call, cancellationToken);

    /// <summary>As above, with call starts spread evenly over <paramref name="rampUp"/> (a dialler does not start every call at once).</summary>
    public static async Task<LoadReport> RunAsync(JambonzEmulatorOptions options, int calls, int concurrency, TimeSpan rampUp,
        Func<int, (CallSetup Setup, IEmulatedCaller Caller)> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var emulator = new JambonzEmulator(options);
        var latencies = new List<TurnLatency>();
        var errors = new List<string>();
        var failed = 0;
        var gate = new SemaphoreSlim(Math.Max(1, concurrency));
        var startedAt = Stopwatch.GetTimestamp();
        var wall = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, calls).Select(async i =>
        {
            if (rampUp > TimeSpan.Zero)
            {
                await Task.Delay(rampUp * i / calls, cancellationToken);
            }
            await gate.WaitAsync(cancellationToken);
            try
            {
                var (setup, caller) = call(i);
                var record = await emulator.PlaceCallAsync(setup, caller, cancellationToken);
                lock (latencies)
                {
                    latencies.AddRange(record.Latencies);
                    if (record.Violations.Count > 0)
                    {
                        failed++;
                        errors.Add(record.Violations[0]);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lock (latencies)
                {
                    failed++;
                    errors.Add(ex.Message);
                }
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks);
        wall.Stop();
        var sorted = latencies.Select(l => l.Elapsed).Order().ToList();
        TimeSpan At(double q) => sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return new LoadReport(calls, failed, sorted.Count, wall.Elapsed, At(0.5), At(0.99), sorted.Count > 0 ? sorted[^1] : TimeSpan.Zero, errors.Take(10).ToList())
        {
            Samples = latencies,
            StartedAt = startedAt,
        };
    }
}
