namespace Studio.Web.Seeding;

/// <summary>Where the data the product ships with is found: next to the binaries (copied at build), else from the working directory up.</summary>
internal static class SeedPaths
{
    public static string? Find(string configured, string contentRoot)
    {
        if (Path.IsPathRooted(configured))
        {
            return Exists(configured) ? configured : null;
        }
        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, configured);
                if (Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);
}
