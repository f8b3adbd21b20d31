using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using LiteDB;
using LiteDB.Engine;

namespace Studio.Data.Storage;

/// <summary>
/// The one LiteDB database of a process: owns the file (a lock file makes that real) and shares a single
/// <see cref="LiteDatabase"/> with every store. Stores read from any thread; <b>every write goes through
/// <see cref="WriteAsync{T}"/></b>, i.e. runs on one writer thread. Besides group commit and lock-free
/// read-check-write, that keeps commits durable when they return: LiteDB 5.0.20 writes its log from an async
/// loop that resumes on the thread of the latest committer and captures that thread's context, so one commit
/// from a Blazor circuit, an Orleans activation or a test thread would make every later commit return before
/// its pages are written. Register it as a singleton and dispose it with the host.
/// </summary>
public sealed class StudioDatabase : IDisposable
{
    /// <summary>The storage layer's meter: batch sizes and durable commit times of the group-commit writer.</summary>
    public const string MeterName = "Studio.Data";

    private const string OpenedCollection = "studio_opened";
    private readonly BatchWriter _writer;
    private readonly FileStream _lockFile;
    private readonly DataFileStream _dataFile;
    private readonly LogFileStream _logFile;
    private readonly ConcurrentDictionary<string, StrongBox<long>> _generations = new(StringComparer.Ordinal);
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
        // The same two files LiteDB would open by name, but with our streams: the log syncs twice per
        // transaction instead of once per page (see LogFileStream).
        try
        {
            (_dataFile, _logFile, Database) = OpenFiles(Path);
            if (Database.Collation.ToString() != KeyCollation.ToString())
            {
                Database.Dispose();
                _logFile.Dispose();
                _dataFile.Dispose();
                ConvertToKeyCollation(Path);
                (_dataFile, _logFile, Database) = OpenFiles(Path);
            }
            TurnOffLiteDbCheckpoints();
        }
        catch
        {
            Database?.Dispose();
            _logFile?.Dispose();
            _dataFile?.Dispose();
            _lockFile.Dispose();
            throw;
        }
        _writer = new BatchWriter(Database, _logFile, Checkpoints, onRollback: KnownRecords.Clear);
        // A checkpoint starts by making every commit durable: the commits still waiting for their confirmation are
        // acknowledged then, not after the checkpoint's copy (tens of ms).
        _dataFile.BeforeWrite = () =>
        {
            _logFile.ConfirmAll();
            _writer.AcknowledgeDurable();
        };
        // LiteDB starts its log loop on a thread of its own at the first write and flushes that write there; later
        // writes run the loop inline on the committing thread (ours). A first write now, and waiting for the loop
        // to settle (a checkpoint waits for it), puts every write the stores make on that inline, durable path.
        WriteAsync(() => Database.GetCollection(OpenedCollection).Upsert(new BsonDocument { ["_id"] = "last", ["at"] = DateTime.UtcNow })).GetAwaiter().GetResult();
        Database.Checkpoint();
    }

    /// <summary>
    /// How the database compares strings in indexes and queries: ordinal, case-sensitive. LiteDB's default is the
    /// culture of the process that created the file, ignoring case: member ids, WeCom external user ids and
    /// conversation keys that differ only in case would collide, the order would depend on the machine's locale, and
    /// every index step went through culture-aware comparison (12 % of the writer's time under load).
    /// </summary>
    public static readonly Collation KeyCollation = Collation.Binary;

    /// <summary>
    /// When the log is copied into the data file (a checkpoint; writes wait meanwhile, ~5 ms per 200 pages here).
    /// LiteDB's own runs inside whichever commit crosses its size, with writes queued behind it; ours runs between
    /// batches once the log has 200 pages (1.6 MB) and nothing is queued, and at 1,000 pages whatever is queued. Larger
    /// idle sizes cost the same per page and stall longer (docs/benchmarks.md, session 6).
    /// </summary>
    internal static readonly BatchWriter.CheckpointPolicy Checkpoints = new(IdlePages: 200, MaxPages: 1_000);

    /// <summary>Writer thread only: the etags of key/value records it wrote, so writes need not read them back.</summary>
    internal Conversations.KnownRecords KnownRecords { get; } = new();

    /// <summary>
    /// How many committed changes stores have reported for <paramref name="collection"/> (<see cref="Changed"/>): a store
    /// that caches reads of a rarely written collection — which script version is active — checks it to notice a change
    /// made through any instance on this database.
    /// </summary>
    internal long Generation(string collection) => Interlocked.Read(ref GenerationOf(collection).Value);

    /// <summary>Reports a committed change to <paramref name="collection"/>; call it after the write's task completed.</summary>
    internal void Changed(string collection) => Interlocked.Increment(ref GenerationOf(collection).Value);

    private StrongBox<long> GenerationOf(string collection) => _generations.GetOrAdd(collection, _ => new StrongBox<long>());

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>fsyncs of the log so far, and the transactions known to be on disk (tests and diagnostics).</summary>
    internal LogFileStream Log => _logFile;

    /// <summary>The shared LiteDB instance. Stores use it; nothing else should open the file.</summary>
    public LiteDatabase Database { get; }

    /// <summary>
    /// A collection, created now (with <paramref name="setup"/>, e.g. its indexes) if it does not exist yet. LiteDB 5 can
    /// fail a read of a collection that another transaction is creating at that moment ("page type must be collection
    /// page", LiteDB issue 2792), so stores create theirs when they are built, before anything reads them, never on a
    /// first write under load. Like every write, the creation runs on the writer thread (see <see cref="WriteAsync{T}"/>).
    /// </summary>
    public ILiteCollection<T> Collection<T>(string name, Action<ILiteCollection<T>>? setup = null, BsonAutoId autoId = BsonAutoId.ObjectId)
    {
        var collection = Database.GetCollection<T>(name, autoId);
        WriteAsync(() =>
        {
            if (!Database.CollectionExists(name))
            {
                var raw = Database.GetCollection(name);
                var placeholder = new BsonDocument { ["_id"] = "__created" };
                raw.Insert(placeholder);
                raw.Delete("__created");
            }
            setup?.Invoke(collection);
            return true;
        }).GetAwaiter().GetResult();
        return collection;
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

    /// <summary>
    /// The writer checkpoints (<see cref="Checkpoints"/>), so LiteDB's automatic one is off (0 pages). A pragma cannot be
    /// set inside a transaction, so not on the writer; it runs on a thread of its own, which keeps LiteDB's log loop
    /// (started by the first write) free of the caller's context, as <see cref="WriteAsync{T}"/> does.
    /// </summary>
    private void TurnOffLiteDbCheckpoints()
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Database.Pragma("CHECKPOINT", 0);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }) { Name = "studio-db-open" };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new IOException($"could not configure the database {Path}: {failure.Message}", failure);
        }
    }

    private static (DataFileStream Data, LogFileStream Log, LiteDatabase Database) OpenFiles(string path)
    {
        var data = new DataFileStream(path);
        LogFileStream? log = null;
        try
        {
            log = LogFileStream.Open(path);
            // Until the writer exists (the checkpoint at open); the constructor then also acknowledges waiting commits.
            data.BeforeWrite = log.ConfirmAll;
            // No collation in the settings: a new file gets ours (Initialize reads it from here only when creating),
            // an existing one opens with its own and is converted by the caller.
            var settings = new EngineSettings { DataStream = data, LogStream = log, Collation = data.Length == 0 ? KeyCollation : null };
            return (data, log, new LiteDatabase(new LiteEngine(settings), StudioBsonMapper.Create()));
        }
        catch
        {
            log?.Dispose();
            data.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Databases created before <see cref="KeyCollation"/> was fixed are rebuilt once with it, by LiteDB's own rebuild
    /// (indexes included); it keeps the original file next to the new one with a "-backup" suffix.
    /// </summary>
    private static void ConvertToKeyCollation(string path)
    {
        using var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, StudioBsonMapper.Create());
        db.Rebuild(new RebuildOptions { Collation = KeyCollation });
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _writer.Dispose();
        // LiteDB checkpoints at close only when its automatic checkpoint is on; a clean close leaves no log behind.
        try
        {
            Database.Checkpoint();
        }
        catch (Exception ex) when (ex is IOException or LiteException)
        {
            // The log keeps every commit and is replayed at the next open.
        }
        Database.Dispose();
        // LiteDB leaves streams it was given open; an empty log (everything checkpointed) is removed as LiteDB would.
        var logEmpty = _logFile.Length == 0;
        _logFile.Dispose();
        _dataFile.Dispose();
        if (logEmpty)
        {
            File.Delete(LogFileStream.LogPathOf(Path));
        }
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
