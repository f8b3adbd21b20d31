namespace Studio.Web.Tests;

/// <summary>Files of the repository the tests run on (found from the test binaries upwards).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The path of a scripts-library file.</summary>
    public static string Library(string file) => Path.Combine(Root, "scripts-library", file);

    /// <summary>The text of a scripts-library file.</summary>
    public static string LibraryText(string file) => File.ReadAllText(Library(file));

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
