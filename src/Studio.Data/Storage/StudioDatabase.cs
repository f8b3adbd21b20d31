using LiteDB;

namespace Studio.Data.Storage;

/// <summary>
/// The one LiteDB database of a process: opens the file exclusively (LiteDB's direct mode) and shares a
/// single <see cref="LiteDatabase"/> with every store. LiteDB serialises writers per collection and is
/// safe to call from many threads; compare-and-set operations that read before they write take one of
/// the striped locks of <see cref="Lock"/> as well, since LiteDB's own transactions do not stop two
/// threads reading the same revision. Register it as a singleton and dispose it with the host.
/// </summary>
public sealed class StudioDatabase : IDisposable
{
    /// <summary>The storage layer's meter: batch sizes and durable commit times of the group-commit writer.</summary>
    public const string MeterName = "Studio.Data";

    private const int LockStripes = 64;
    private readonly Lock[] _locks = [.. Enumerable.Range(0, LockStripes).Select(_ => new Lock())];
    private readonly BatchWriter _writer;
    private readonly Lock _creating = new();
    private readonly FileStream _lockFile;
    private int _disposed;

    public StudioDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        // LiteDB asks for an exclusive file, but on Linux .NET maps its FileShare mode to a shared
        // advisory lock, so a second process (or a second instance in this one) could open the same
        // file and corrupt it. An exclusive lock file makes the ownership real.
        _lockFile = AcquireLockFile(Path + ".lock");
        var connection = new ConnectionString
        {
            Filename = Path,
            Connection = ConnectionType.Direct,
        };
        try
        {
            Database = new LiteDatabase(connection, StudioBsonMapper.Create());
        }
        catch
        {
            _lockFile.Dispose();
            throw;
        }
        _writer = new BatchWriter(Database);
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>The shared LiteDB instance. Stores use it; nothing else should open the file.</summary>
    public LiteDatabase Database { get; }

    /// <summary>
    /// A collection, created now if it does not exist yet. LiteDB 5 can fail a read of a collection that another
    /// transaction is creating at that moment ("page type must be collection page", LiteDB issue 2792), so stores
    /// create theirs when they are built, before anything reads them, never on a first write under load.
    /// </summary>
    public ILiteCollection<T> Collection<T>(string name)
    {
        lock (_creating)
        {
            if (!Database.CollectionExists(name))
            {
                var raw = Database.GetCollection(name);
                var placeholder = new BsonDocument { ["_id"] = "__created" };
                raw.Insert(placeholder);
                raw.Delete("__created");
            }
        }
        return Database.GetCollection<T>(name);
    }

    /// <summary>
    /// The lock guarding one logical key (e.g. a script id in the drafts collection) for read-check-write
    /// sequences. Striped: unrelated keys may share a lock, which only costs a little waiting.
    /// </summary>
    public Lock Lock(string scope, string key)
    {
        var hash = (uint)HashCode.Combine(StringComparer.Ordinal.GetHashCode(scope), StringComparer.Ordinal.GetHashCode(key));
        return _locks[hash % LockStripes];
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the database's writer thread, in one transaction with whatever
    /// else is queued (group commit). The task completes after the commit is on disk. The work must
    /// check before it writes and return refusals as results; it may read and write without locks, as
    /// the writer runs one item at a time. See <see cref="BatchWriter"/>.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _writer.WriteAsync(work);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _writer.Dispose();
        Database.Dispose();
        _lockFile.Dispose();
    }

    private static FileStream AcquireLockFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"the database {path[..^5]} is in use by another process or instance (LiteDB files have one owner; use PostgreSQL for several processes)", ex);
        }
    }
}
