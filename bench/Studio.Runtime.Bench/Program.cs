using Studio.Runtime.Bench;

// dotnet run -c Release --project bench/Studio.Runtime.Bench -- voice [--calls 1000] [--pause-ms 3000] [--ramp-ms 5000]
// dotnet run -c Release --project bench/Studio.Runtime.Bench -- wecom [--rate 500 [--members 1000] | --concurrency 64] [--seconds 20]
// dotnet run -c Release --project bench/Studio.Runtime.Bench -- memory [--conversations 5000]
return await RuntimeLoad.RunAsync(args);
