using BenchmarkDotNet.Running;
using Studio.Bench;

// dotnet run -c Release --project bench/Studio.Bench -- throughput [--conversations N] [--library DIR]
// dotnet run -c Release --project bench/Studio.Bench -- bdn [BenchmarkDotNet arguments]
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(StepBenchmarks).Assembly).Run(args[1..]);
    return 0;
}
if (args.Length > 0 && args[0] == "throughput")
{
    return ThroughputRunner.Run(args[1..]);
}
Console.Error.WriteLine("usage: Studio.Bench throughput [--conversations N] [--library DIR] | bdn [BenchmarkDotNet args]");
return 2;
