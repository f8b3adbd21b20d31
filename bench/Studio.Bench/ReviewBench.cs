using System.Diagnostics;
using System.Globalization;
using Studio.Core.Experiments;

namespace Studio.Bench;

/// <summary>
/// <c>review [--members N] [--runs N] [--replicates N]</c>: time and memory to compute an A/B review of N exposed members (default one
/// million) with a contact each and realistic outcome events (≈ 6 % WeCom adds, 2 % orders), on the pure core.
/// </summary>
public static class ReviewBench
{
    public static int Run(string[] args)
    {
        var members = 1_000_000;
        var runs = 5;
        var replicates = new ReviewOptions().BootstrapReplicates;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--members" when i + 1 < args.Length:
                    members = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--replicates" when i + 1 < args.Length:
                    replicates = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--runs" when i + 1 < args.Length:
                    runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"review: unknown option '{args[i]}' (--members N, --runs N, --replicates N)");
                    return 2;
            }
        }

        var input = Generate(members);
        Console.WriteLine($"review bench: {members:N0} members, {input.Contacts.Count:N0} contacts, {input.Outcomes.Count:N0} outcome events, {Environment.ProcessorCount} cores");
        var times = new List<double>();
        var cpu = new List<double>();
        var allocations = new List<long>();
        ExperimentReview? review = null;
        for (var run = 0; run < runs + 1; run++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            review = ExperimentReview.Compute(input, new ReviewOptions { BootstrapReplicates = replicates });
            watch.Stop();
            var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            if (run == 0)
            {
                continue; // warm-up (JIT)
            }
            times.Add(watch.Elapsed.TotalMilliseconds);
            cpu.Add(cpuUsed);
            allocations.Add(allocated);
        }
        times.Sort();
        cpu.Sort();
        // CPU time too: on a shared machine wall time includes waiting for a core.
        Console.WriteLine($"compute: wall median {times[times.Count / 2]:0} ms (min {times[0]:0}, max {times[^1]:0}); CPU median {cpu[cpu.Count / 2]:0} ms (min {cpu[0]:0}) over {runs} runs; load average {LoadAverage()}");
        Console.WriteLine($"allocated per review: {allocations.Average() / 1024 / 1024:0.0} MB; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:0} MB (input included)");
        Console.WriteLine($"verdict: {review!.Verdict.English}");
        return 0;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>Two arms 50/50; B adds 6.6 % vs A's 6.0 %; 2 % order (more among added) for 100–600 yuan; 75 % answer.</summary>
    internal static ReviewInput Generate(int members)
    {
        var experiment = new ExperimentDefinition("bench-framing",
        [
            new ExperimentArm("A", 50) { IncentiveCost = 30 },
            new ExperimentArm("B", 50) { IncentiveCost = 8.5m },
        ]);
        var random = new Random(1);
        var start = new DateTimeOffset(2026, 10, 1, 1, 0, 0, TimeSpan.Zero);
        var exposures = new List<Exposure>(members);
        var contacts = new List<ContactSummary>(members);
        var outcomes = new List<OutcomeObservation>(members / 10);
        for (var i = 0; i < members; i++)
        {
            var id = "m" + i.ToString(CultureInfo.InvariantCulture);
            var arm = experiment.Assign(id);
            var time = start.AddSeconds(i * (28.0 * 86400 / members));
            exposures.Add(new Exposure(id, arm, time));
            var reached = random.NextDouble() < 0.75;
            contacts.Add(new ContactSummary(id, time)
            {
                DurationSeconds = reached ? 20 + random.NextDouble() * 100 : 0,
                Reached = reached,
                Engaged = reached && random.NextDouble() < 0.8,
                Consent = reached && random.NextDouble() < 0.1,
                OptOut = reached && random.NextDouble() < 0.01,
                Complaint = reached && random.NextDouble() < 0.002,
                EarlyHangup = reached && random.NextDouble() < 0.1,
            });
            var added = random.NextDouble() < (arm == "A" ? 0.060 : 0.066);
            if (added)
            {
                outcomes.Add(new OutcomeObservation(id, ReviewOutcomes.WecomAddAccepted, time.AddHours(1)));
            }
            if (random.NextDouble() < (added ? 0.12 : 0.014))
            {
                outcomes.Add(new OutcomeObservation(id, ReviewOutcomes.OrderPlaced, time.AddDays(2), Math.Round((decimal)(100 + random.NextDouble() * 500), 2)));
            }
        }
        return new ReviewInput(experiment, exposures, contacts, outcomes) { Now = start.AddDays(60) };
    }
}
