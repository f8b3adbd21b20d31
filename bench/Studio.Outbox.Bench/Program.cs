using Studio.Outbox.Bench;

// dotnet run -c Release --project bench/Studio.Outbox.Bench -- [--items N] [--concurrency C] [--receiver-ms T]
return OutboxBench.Run(args);
