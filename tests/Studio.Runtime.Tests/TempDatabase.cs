using Studio.Data.Storage;

namespace Studio.Runtime.Tests;

/// <summary>A real LiteDB file in a fresh temporary directory, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "studio-runtime-tests", Guid.NewGuid().ToString("N"));

    public TempDatabase()
    {
        Directory.CreateDirectory(_directory);
        Db = new StudioDatabase(Path.Combine(_directory, "studio.db"));
    }

    public StudioDatabase Db { get; }

    /// <summary>The temporary directory (for other files a test needs next to the database).</summary>
    public string Folder => _directory;

    public void Dispose()
    {
        Db.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still closing; the temporary directory is cleaned by the system.
        }
    }
}
