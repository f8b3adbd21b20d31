namespace Studio.Core.Testing.Tests;

internal static class RepoPaths
{
    /// <summary>The repository root (where Studio.sln is), found from the test's output folder.</summary>
    public static string Root { get; } = FindRoot();

    public static string Library => Path.Combine(Root, "scripts-library");

    public static string Fixtures => Path.Combine(Root, "tests", "Studio.Core.Testing.Tests", "Fixtures");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Studio.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Studio.sln not found above " + AppContext.BaseDirectory);
    }
}
