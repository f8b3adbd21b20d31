using Microsoft.Extensions.Time.Testing;
using Studio.Data.Privacy;
using Studio.Data.Storage;

namespace Studio.Data.Tests;

/// <summary>A real LiteDB file in a fresh temporary directory, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "studio-data-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "studio.db");
        Db = new StudioDatabase(Path);
    }

    public string Directory { get; }
    public string Path { get; }
    public StudioDatabase Db { get; private set; }

    /// <summary>A clock at a fixed, whole-second time that tests move by hand.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 11, 11, 9, 30, 0, TimeSpan.Zero));

    public static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    public PersonalDataProtector Protector { get; } = new(Secret);

    /// <summary>Closes the file and opens it again (a process restart).</summary>
    public StudioDatabase Reopen()
    {
        Db.Dispose();
        Db = new StudioDatabase(Path);
        return Db;
    }

    public void Dispose()
    {
        Db.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
