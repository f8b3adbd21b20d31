using BenchmarkDotNet.Running;
using Studio.Bench;

// dotnet run -c Release --project bench/Studio.Bench -- throughput [--conversations N] [--library DIR]
// dotnet run -c Release --project bench/Studio.Bench -- bdn [BenchmarkDotNet arguments]
// dotnet run -c Release --project bench/Studio.Bench -- nlu [--passes N] [--trainings N]
// dotnet run -c Release --project bench/Studio.Bench -- storage [--writers N] [--turns N]
// dotnet run -c Release --project bench/Studio.Bench -- review [--members N] [--runs N]
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(StepBenchmarks).Assembly).Run(args[1..]);
    return 0;
}
if (args.Length > 0 && args[0] == "nlu")
{
    return NluBench.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "storage")
{
    return StorageBench.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "review")
{
    return ReviewBench.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "throughput")
{
    return ThroughputRunner.Run(args[1..]);
}
Console.Error.WriteLine("usage: Studio.Bench throughput [--conversations N] [--library DIR] | nlu [--passes N] [--trainings N] | storage [--writers N] [--turns N] | review [--members N] [--runs N] | bdn [BenchmarkDotNet args]");
return 2;
