using Studio.Voice.Bench;

// dotnet run -c Release --project bench/Studio.Voice.Bench -- [--calls N] [--concurrency C] [--pause-ms P] [--ramp-ms R] [--script FILE]
return await VoiceLoadRunner.RunAsync(args);
