using System.Runtime.CompilerServices;
using Studio.Cli.Nlu;

namespace Studio.Cli.Tests;

internal static class NluCacheSetup
{
    /// <summary>The CLI caches trained models on disk; the tests keep that cache in the temp directory, not the user's home.</summary>
#pragma warning disable CA2255 // a test assembly sets up its process once, before any test runs
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void UseTempModelCache() =>
        Environment.SetEnvironmentVariable(Recognizers.CacheVariable, Path.Combine(Path.GetTempPath(), "studio-cli-tests-nlu-cache"));
}
