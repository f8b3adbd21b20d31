using System.Diagnostics;
using System.Globalization;
using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Recognition;

namespace Studio.Bench;

/// <summary>
/// Replays N scripted conversations in-process on one thread (the library's stories as the path
/// mix, each with its own member so arms vary) and reports turns/s, allocation per turn and the
/// serialised size of conversation state.
/// </summary>
public static class ThroughputRunner
{
    public static int Run(string[] args)
    {
        var conversations = 100_000;
        var library = LibraryPaths.FindLibrary();
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--conversations")
            {
                conversations = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--library")
            {
                library = args[i + 1];
            }
        }
        var paths = LibraryPaths.Load(library);
        var engine = new DialogEngine(new KeywordRecognizer(), TimeProvider.System);
        Console.WriteLine($"{paths.Count} story paths from {library}; {conversations:N0} conversations on one thread");

        // Members: one per conversation, prepared up front so the loop measures the engine only.
        var members = Enumerable.Range(0, conversations).Select(i => new MemberProfile { Id = "m" + i, Surname = "张", Title = "女士", Tier = i % 5 == 0 ? "VIP" : "普通" }).ToArray();

        Replay(engine, paths, Math.Min(conversations, 5_000), members); // warm-up: JIT, tiering, recogniser tables
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var gcBefore = GC.CollectionCount(0);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var (turns, maxState, stateBytes, states) = Replay(engine, paths, conversations, members, measureState: false);
        clock.Stop();
        process.Refresh();
        // CPU time of the whole process (GC and JIT threads included): on a shared machine this is the
        // honest "per core" figure, since wall time also counts the time other processes held the core.
        var cpu = process.TotalProcessorTime - cpuBefore;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var gen0 = GC.CollectionCount(0) - gcBefore;

        // State size is measured in a separate pass so serialisation does not count as engine time.
        (_, maxState, stateBytes, states) = Replay(engine, paths, Math.Min(conversations, 20_000), members, measureState: true);

        Console.WriteLine($"turns:                 {turns:N0}");
        Console.WriteLine($"elapsed:               {clock.Elapsed.TotalMilliseconds:N0} ms");
        Console.WriteLine($"throughput:            {turns / clock.Elapsed.TotalSeconds:N0} turns/s");
        Console.WriteLine($"mean turn:             {clock.Elapsed.TotalMilliseconds * 1000 / turns:N2} µs");
        Console.WriteLine($"process CPU time:      {cpu.TotalMilliseconds:N0} ms ({cpu.TotalMilliseconds / clock.Elapsed.TotalMilliseconds:P0} of wall)");
        Console.WriteLine($"turns per CPU-second:  {turns / cpu.TotalSeconds:N0}");
        Console.WriteLine($"allocated per turn:    {allocated / (double)turns:N0} B");
        Console.WriteLine($"gen0 collections:      {gen0:N0}");
        Console.WriteLine($"state size (json):     mean {stateBytes / (double)states:N0} B, max {maxState:N0} B over {states:N0} states");
        return 0;
    }

    private static (long Turns, int MaxState, long StateBytes, long States) Replay(DialogEngine engine, List<ConversationPath> paths, int conversations, MemberProfile[] members, bool measureState = false)
    {
        long turns = 0, stateBytes = 0, states = 0;
        var maxState = 0;
        for (var i = 0; i < conversations; i++)
        {
            var path = paths[i % paths.Count];
            var start = path.Start with { Member = path.Start.ForcedArms is null ? members[i] : path.Start.Member };
            var result = engine.Step(path.Script, null, TurnInput.Begin(start));
            turns++;
            foreach (var input in path.Inputs)
            {
                if (result.Ended)
                {
                    break;
                }
                result = engine.Step(path.Script, result.State, input);
                turns++;
                if (measureState)
                {
                    var size = result.State.ToUtf8Json().Length;
                    stateBytes += size;
                    states++;
                    maxState = Math.Max(maxState, size);
                }
            }
        }
        return (turns, maxState, stateBytes, states);
    }
}
