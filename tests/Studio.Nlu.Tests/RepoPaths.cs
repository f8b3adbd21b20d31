namespace Studio.Nlu.Tests;

internal static class RepoPaths
{
    /// <summary>The repository root (where Studio.sln is), found from the test's output folder.</summary>
    public static string Root { get; } = FindRoot();

    public static string Library => Path.Combine(Root, "scripts-library");

    public static string Seeds => Path.Combine(Root, "seeds", "nlu", "zh-CN");

    public static string Dev => Path.Combine(Seeds, "dev.tsv");

    public static string Train8 => Path.Combine(Seeds, "train-8.tsv");

    public static string SystemTsv => Path.Combine(Seeds, "system.tsv");

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
