using Studio.Data.Tests.Storage;

namespace Studio.Data.Tests;

/// <summary>
/// The test assembly's entry point. The test runner never calls it; the crash tests start this
/// assembly as a separate process (<c>dotnet Studio.Data.Tests.dll crash-writer &lt;db&gt;</c>) and kill it.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["crash-writer", var path])
        {
            await CrashWriter.RunAsync(path);
            return 0;
        }
        await Console.Error.WriteLineAsync("this assembly holds tests; run them with dotnet test");
        return 2;
    }
}
