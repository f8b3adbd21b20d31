namespace Studio.Web.Tests.Tester;

/// <summary>Library scripts the tester tests run on.</summary>
internal static class TesterRepo
{
    public static string Root { get; } = FindRoot();

    public static string Library(string file) => File.ReadAllText(Path.Combine(Root, "scripts-library", file));

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
