using System.Diagnostics;
using System.Globalization;
using Studio.Core.Dialogs;
using Studio.Core.Recognition;
using Studio.Core.Testing.Scripts;
using Studio.Runtime.Channels.Voice;
using Studio.Runtime.Channels.Voice.Jambonz;
using Studio.Voice.Emulator;

namespace Studio.Voice.Bench;

/// <summary>
/// Voice load: the jambonz endpoint on 127.0.0.1 with the in-process engine host, and N emulated calls at once
/// through real WebSockets. Reports our processing time per turn (send → ack), never emulated speech time.
/// Usage: [--calls N] [--concurrency C] [--pause-ms P] [--ramp-ms R] [--script FILE]
/// </summary>
public static class VoiceLoadRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = Int(args, "--calls", 1000);
        var concurrency = Int(args, "--concurrency", calls);
        var pause = TimeSpan.FromMilliseconds(Int(args, "--pause-ms", 3000));
        var rampUp = TimeSpan.FromMilliseconds(Int(args, "--ramp-ms", 5000));
        var path = Arg(args, "--script") ?? Path.Combine(FindLibrary(), "dormant-reactivation.json");
        var script = CompiledScript.Compile(ScriptFile.Load(path).Script ?? throw new InvalidOperationException("cannot read " + path));

        var handler = new EngineVoiceConversationHandler(new DialogEngine(new KeywordRecognizer()), _ => script);
        await using var host = await JambonzLoopbackHost.StartAsync(handler, new Dictionary<string, string?> { ["Voice:Jambonz:Token"] = "bench" });
        var options = new JambonzEmulatorOptions
        {
            Endpoint = host.Endpoint,
            Token = "bench",
            Strict = false,
            CallerPause = pause,
        };
        static (CallSetup, IEmulatedCaller) Call(int i) => (
            CallSetup.Outbound("bench", $"bench-{i}", "bench", new Dictionary<string, string> { ["surname"] = "张", ["title"] = "女士" }),
            new ScriptedCaller(CallerAction.Say("是我"), (i % 4) switch
            {
                0 => CallerAction.Say("别再打了"),
                1 => CallerAction.Silence(),
                _ => CallerAction.Say("好的,你加吧"),
            }, CallerAction.Silence()));

        var warmUp = await JambonzLoad.RunAsync(options, 20, 20, Call);
        GC.Collect();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var report = await JambonzLoad.RunAsync(options, calls, concurrency, rampUp, Call);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        await host.App.StopAsync();

        Console.WriteLine($"voice load · {script.Script.Id} · {calls} calls, {concurrency} at once, caller pause {pause.TotalMilliseconds:0} ms ±50 %, starts over {rampUp.TotalMilliseconds:0} ms · {Environment.ProcessorCount} cores");
        Console.WriteLine("warm-up: " + warmUp);
        Console.WriteLine(report);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cpu {cpu.TotalSeconds:0.00} s over {report.Wall.TotalSeconds:0.00} s wall; managed heap before the run {memoryBefore / 1048576.0:0.0} MB, after {GC.GetTotalMemory(false) / 1048576.0:0.0} MB (client and server share the process)"));
        foreach (var error in report.Errors)
        {
            Console.WriteLine("error: " + error);
        }
        return report.Failed == 0 ? 0 : 1;
    }

    private static string FindLibrary()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Studio.sln")))
            {
                return Path.Combine(dir.FullName, "scripts-library");
            }
        }
        throw new DirectoryNotFoundException("scripts-library not found above " + AppContext.BaseDirectory);
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Int(string[] args, string name, int fallback) =>
        Arg(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
