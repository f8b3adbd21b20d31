namespace Studio.Core.Tests.Scripts;

/// <summary>Files under Scripts/Fixtures, copied beside the test assembly.</summary>
internal static class Fixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Scripts", "Fixtures", name);

    /// <summary>The repository root (the folder of Studio.sln), found by walking up from the test assembly.</summary>
    public static DirectoryInfo RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Studio.sln")))
            {
                return dir;
            }
        }
        throw new InvalidOperationException("Studio.sln not found above " + AppContext.BaseDirectory);
    }
}
