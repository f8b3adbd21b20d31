using LiteDB;
using Studio.Data.Scripts;
using Studio.Data.Storage;
using Studio.Data.Users;

namespace Studio.Data.Tests.Storage;

public sealed class LogFileStreamTests
{
    [Fact]
    public async Task A_commit_costs_two_fsyncs_however_many_pages_it_writes()
    {
        using var temp = new TempDatabase();
        var col = temp.Db.Collection<Doc>("docs");
        var (syncs, pages) = (temp.Db.Log.Syncs, temp.Db.Log.Length / LogFileStream.PageSize);
        // 64 documents of ~2 KB in one transaction: data pages plus index pages.
        await temp.Db.WriteAsync(() => col.Insert(Enumerable.Range(0, 64).Select(i => Doc.Make(1, i))));
        pages = temp.Db.Log.Length / LogFileStream.PageSize - pages;
        Assert.True(pages >= 10, $"{pages} pages");
        Assert.Equal(2, temp.Db.Log.Syncs - syncs);
        Assert.Equal(64, col.Count());
    }

    [Fact]
    public async Task Writes_complete_only_after_their_commit_is_on_disk_whichever_thread_wrote_before()
    {
        using var temp = new TempDatabase();
        // Stores written from this thread (xUnit's synchronisation context, like a Blazor circuit's): if such a
        // write committed here, LiteDB's log loop would capture the context and later commits would return early.
        var drafts = new LiteDbScriptDraftStore(temp.Db);
        await drafts.SaveAsync("s1", "{}", 0, "tester");
        await new LiteDbUserStore(temp.Db).CreateAsync(new StudioUser { UserName = "amy", Role = "designer" });
        await drafts.SaveAsync("s1", "{ }", 1, "tester");
        var col = temp.Db.Collection<Doc>("docs");
        for (var i = 0; i < 50; i++)
        {
            var before = temp.Db.Log.Confirmations;
            await temp.Db.WriteAsync(() => col.Insert(Doc.Make(2, i)));
            Assert.True(temp.Db.Log.DurableConfirmations > before, $"write {i} completed before its confirmation in the log was synced");
        }
    }

    [Fact]
    public void The_database_reopens_from_its_files_after_a_checkpoint_emptied_the_log()
    {
        using var temp = new TempDatabase();
        temp.Db.Collection<Doc>("docs").Insert(Enumerable.Range(0, 30).Select(i => Doc.Make(3, i)));
        temp.Db.Database.Checkpoint();
        Assert.Equal(0, temp.Db.Log.Length);
        temp.Db.Collection<Doc>("docs").Insert(Doc.Make(3, 30));
        var db = temp.Reopen();
        Assert.Equal(31, db.Collection<Doc>("docs").Count());
        Assert.Equal(Doc.Make(3, 17).Payload, db.Collection<Doc>("docs").FindById("t3-17").Payload);
    }

    [Fact]
    public async Task The_writer_checkpoints_the_log_into_the_data_file_once_it_is_idle_past_the_checkpoint_size()
    {
        using var temp = new TempDatabase();
        // LiteDB's own checkpoint (inside whichever commit crosses a size) is off: the writer checkpoints between batches.
        Assert.Equal(0, temp.Db.Database.Pragma("CHECKPOINT").AsInt32);
        var idlePages = StudioDatabase.Checkpoints.IdlePages;
        var col = temp.Db.Collection<Doc>("docs");
        var longest = 0L;
        for (var i = 0; i < 240; i++)
        {
            await temp.Db.WriteAsync(() => col.Insert(Enumerable.Range(0, 4).Select(k => Doc.Make(4, i * 4 + k))));
            longest = Math.Max(longest, temp.Db.Log.Length / LogFileStream.PageSize);
        }
        // One write at a time leaves the writer idle after each: the log never grows far past the checkpoint size.
        Assert.InRange(longest, idlePages / 2, idlePages + 20);
        Assert.Equal(960, temp.Reopen().Collection<Doc>("docs").Count());
    }

    /// <summary>
    /// A power cut between two fsyncs keeps everything synced before it and any subset of the pages written since
    /// (the disk may reorder them). Replays every such crash point of a run of transactions, with several random
    /// subsets each, and opens LiteDB on what the disk would hold: every acknowledged transaction must be there,
    /// and every transaction must be all there or not at all.
    /// </summary>
    [Fact]
    public async Task A_writer_that_is_never_idle_checkpoints_at_the_maximum_log_size()
    {
        using var temp = new TempDatabase();
        var (idle, max) = (StudioDatabase.Checkpoints.IdlePages, StudioDatabase.Checkpoints.MaxPages);
        var col = temp.Db.Collection<Doc>("docs");
        var longest = 0L;
        var done = new TaskCompletionSource();
        // Each write queues the next before it returns: after every batch something waits, so no idle checkpoint.
        void Chain(int i)
        {
            temp.Db.WriteAsync(() =>
            {
                col.Insert(Enumerable.Range(0, 4).Select(k => Doc.Make(5, i * 4 + k)));
                longest = Math.Max(longest, temp.Db.Log.Length / LogFileStream.PageSize);
                if (i < 600)
                {
                    Chain(i + 1);
                }
                else
                {
                    done.SetResult();
                }
                return i;
            });
        }
        Chain(0);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(120));
        Assert.InRange(longest, idle + 100, max + 20);
        Assert.Equal(2404, temp.Reopen().Collection<Doc>("docs").Count());
    }

    [Fact]
    public async Task Under_load_a_batch_needs_one_fsync_and_every_write_completes_durable()
    {
        using var temp = new TempDatabase();
        var col = temp.Db.Collection<Doc>("docs");
        var (syncs, confirmations) = (temp.Db.Log.Syncs, temp.Db.Log.Confirmations);
        var writes = Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            await temp.Db.WriteAsync(() => col.Insert(Doc.Make(3, i)));
            return temp.Db.Log.DurableConfirmations;
        })).ToList();
        var durableAtCompletion = await Task.WhenAll(writes);
        var commits = temp.Db.Log.Confirmations - confirmations;
        Assert.Equal(400, col.Count());
        Assert.All(durableAtCompletion, d => Assert.True(d > confirmations));
        Assert.Equal(temp.Db.Log.Confirmations, temp.Db.Log.DurableConfirmations);
        // Two per commit when alone (all 400 may fit one batch); a commit that follows another confirms it with its own fsync.
        Assert.True(temp.Db.Log.Syncs - syncs <= Math.Max(2, 2 * commits - 1), $"{temp.Db.Log.Syncs - syncs} fsyncs for {commits} commits");
    }

    [Fact]
    public void After_a_power_cut_at_any_point_acknowledged_transactions_survive_and_none_is_torn()
    {
        var data = new MemoryStream();
        var disk = new RecordingDisk();
        var log = new LogFileStream(disk, disk.Sync);
        var acknowledgedAt = new Dictionary<int, int>();
        byte[] dataImage = [];
        // On a thread of its own, as the database writer does: LiteDB's log loop resumes on the committing thread.
        RunOnOwnThread(() =>
        {
            using var db = new LiteDatabase(data, null, log);
            var col = db.GetCollection<Doc>("docs");
            col.Insert(Doc.Make(0, 0));
            db.Checkpoint();
            dataImage = data.ToArray();
            disk.StartRecording();
            // As the database writer does under load: one fsync after each commit, which confirms the commit before;
            // a commit is acknowledged once its confirmation is durable. Some commits follow each other without an
            // fsync between them (the writer's fallback runs items one by one).
            var tickets = new Dictionary<int, long>();
            void Acknowledge()
            {
                foreach (var (tx, ticket) in tickets.Where(t => !acknowledgedAt.ContainsKey(t.Key) && t.Value <= log.DurableConfirmations).ToList())
                {
                    acknowledgedAt[tx] = disk.Syncs;
                }
            }
            for (var tx = 1; tx <= 12; tx++)
            {
                db.BeginTrans();
                col.Insert(Enumerable.Range(0, 3 + tx % 5 * 4).Select(i => Doc.Make(tx, i)));
                db.Commit();
                tickets[tx] = log.Confirmations;
                if (tx % 4 != 1)
                {
                    log.Sync();
                    Acknowledge();
                }
            }
            log.ConfirmAll();
            Acknowledge();
            Assert.Equal(12, acknowledgedAt.Count);
            // No checkpoint ran meanwhile: the data file is what a crash would find.
            Assert.Equal(dataImage, data.ToArray());
            disk.StopRecording();
        });

        var random = new Random(20261123);
        var crashes = 0;
        for (var synced = 0; synced <= disk.Syncs; synced++)
        {
            for (var attempt = 0; attempt < 6; attempt++)
            {
                var image = disk.ImageAfterPowerCut(synced, random);
                using var recovered = new LiteDatabase(Expandable(dataImage), null, Expandable(image));
                var docs = recovered.GetCollection<Doc>("docs").FindAll().ToList();
                for (var tx = 1; tx <= 12; tx++)
                {
                    var expected = 3 + tx % 5 * 4;
                    var found = docs.Where(d => d.Tx == tx).ToList();
                    Assert.All(found, d => Assert.Equal(Doc.Make(tx, d.I).Payload, d.Payload));
                    Assert.True(found.Count == 0 || found.Count == expected, $"transaction {tx} torn after a cut with {synced} fsyncs done: {found.Count} of {expected} documents");
                    if (acknowledgedAt[tx] <= synced)
                    {
                        Assert.True(found.Count == expected, $"transaction {tx} was acknowledged but lost after a cut with {synced} fsyncs done");
                    }
                }
                crashes++;
            }
        }
        Assert.True(crashes > 12 * 6, $"only {crashes} crash points");
    }

    private static MemoryStream Expandable(byte[] bytes)
    {
        var stream = new MemoryStream();
        stream.Write(bytes);
        stream.Position = 0;
        return stream;
    }

    private static void RunOnOwnThread(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new AggregateException(failure);
        }
    }

    public sealed class Doc
    {
        public string Id { get; set; } = "";
        public int Tx { get; set; }
        public int I { get; set; }
        public string Payload { get; set; } = "";

        public static Doc Make(int tx, int i) => new()
        {
            Id = $"t{tx}-{i}",
            Tx = tx,
            I = i,
            Payload = string.Concat(Enumerable.Range(0, 40).Select(k => $"会员{tx}-{i}-{k}:")) + new string('x', 900),
        };
    }

    /// <summary>A log file in memory that remembers, between fsyncs, which pages were written, so power cuts can be replayed.</summary>
    private sealed class RecordingDisk : MemoryStream
    {
        private readonly List<(long Position, byte[] Bytes, int SyncsBefore)> _writes = [];
        private byte[] _atStart = [];
        private bool _recording;

        public int Syncs { get; private set; }

        public void StartRecording()
        {
            _atStart = ToArray();
            Syncs = 0;
            _recording = true;
        }

        public void StopRecording() => _recording = false;

        public void Sync()
        {
            if (_recording)
            {
                Syncs++;
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_recording)
            {
                _writes.Add((Position, buffer.AsSpan(offset, count).ToArray(), Syncs));
            }
            base.Write(buffer, offset, count);
        }

        public override void SetLength(long value)
        {
            Assert.False(_recording, "the log was truncated while recording (a checkpoint ran)");
            base.SetLength(value);
        }

        /// <summary>
        /// What the disk holds after a cut once <paramref name="synced"/> fsyncs completed: every write before the
        /// last of them, plus a random subset of the writes issued after it (whole pages).
        /// </summary>
        public byte[] ImageAfterPowerCut(int synced, Random random)
        {
            var image = new MemoryStream();
            image.Write(_atStart);
            foreach (var (position, bytes, syncsBefore) in _writes)
            {
                var durable = syncsBefore < synced || (syncsBefore == synced && random.Next(2) == 0);
                if (durable)
                {
                    image.Position = position;
                    image.Write(bytes);
                }
            }
            return image.ToArray();
        }
    }
}
