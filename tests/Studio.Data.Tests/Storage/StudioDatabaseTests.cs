using Studio.Data.Storage;

namespace Studio.Data.Tests.Storage;

public sealed class StudioDatabaseTests
{
    [Fact]
    public void A_second_open_of_the_same_file_is_refused_while_the_first_owns_it()
    {
        using var temp = new TempDatabase();
        var ex = Record.Exception(() => new StudioDatabase(temp.Path).Dispose());
        Assert.NotNull(ex);
    }

    [Fact]
    public async Task Queued_writes_share_commits_and_one_failing_item_does_not_take_others_down()
    {
        using var temp = new TempDatabase();
        var col = temp.Db.Collection<Item>("items");
        col.Insert(new Item { Id = 5, Text = "已有" });
        var tasks = Enumerable.Range(1, 40).Select(i => Task.Run(() => temp.Db.WriteAsync(() =>
        {
            // Item 5 exists: its insert throws inside the shared transaction.
            col.Insert(new Item { Id = i, Text = "第" + i + "条" });
            return i;
        }))).ToList();
        var results = await Task.WhenAll(tasks.Select(async t =>
        {
            try
            {
                return await t;
            }
            catch (LiteDB.LiteException)
            {
                return -1;
            }
        })).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Single(results, r => r == -1);
        Assert.Equal(40, col.Count());
        Assert.Equal("已有", col.FindById(5).Text);
        Assert.Equal("第7条", col.FindById(7).Text);
    }

    [Fact]
    public async Task Writes_queued_before_dispose_are_on_disk_after_reopen()
    {
        using var temp = new TempDatabase();
        var col = temp.Db.Collection<Item>("items");
        var pending = Enumerable.Range(1, 100).Select(i => temp.Db.WriteAsync(() => col.Insert(new Item { Id = i, Text = "x" }))).ToList();
        var db = temp.Reopen();
        Assert.All(pending, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.Equal(100, db.Collection<Item>("items").Count());

        var closed = new StudioDatabase(Path.Combine(temp.Directory, "closed.db"));
        closed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => { _ = closed.WriteAsync(() => 1); });
    }

    [Fact]
    public void Creates_the_directory_of_the_file()
    {
        using var temp = new TempDatabase();
        var nested = Path.Combine(temp.Directory, "a", "b", "studio.db");
        using (var db = new StudioDatabase(nested))
        {
            db.Collection<Item>("items").Insert(new Item { Id = 1, Text = " 前后有空格 " });
        }
        using var reopened = new StudioDatabase(nested);
        Assert.Equal(" 前后有空格 ", reopened.Collection<Item>("items").FindById(1).Text);
    }

    [Fact]
    public void Keys_are_compared_ordinally_so_ids_differing_only_in_case_are_different_members()
    {
        using var temp = new TempDatabase();
        Assert.Equal(StudioDatabase.KeyCollation.ToString(), temp.Db.Database.Collation.ToString());
        var col = temp.Db.Collection<Keyed>("keyed");
        col.Insert(new Keyed { Id = "wmAbc", Text = "大写" });
        col.Insert(new Keyed { Id = "wmabc", Text = "小写" });
        Assert.Equal("大写", col.FindById("wmAbc").Text);
        Assert.Equal("小写", col.FindById("wmabc").Text);
        Assert.Equal(2, col.Count());
    }

    [Fact]
    public void A_file_created_with_LiteDBs_default_collation_is_rebuilt_once_with_ours_and_keeps_its_data()
    {
        using var temp = new TempDatabase();
        var old = Path.Combine(temp.Directory, "old.db");
        using (var plain = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = old, Collation = new LiteDB.Collation("zh-CN/IgnoreCase") }))
        {
            var col = plain.GetCollection<Keyed>("keyed");
            col.EnsureIndex(k => k.Text);
            col.Insert(new Keyed { Id = "a", Text = "旧数据" });
        }

        using (var db = new StudioDatabase(old))
        {
            Assert.Equal(StudioDatabase.KeyCollation.ToString(), db.Database.Collation.ToString());
            var col = db.Collection<Keyed>("keyed");
            Assert.Equal("旧数据", col.FindById("a").Text);
            Assert.Single(col.Find(LiteDB.Query.EQ(nameof(Keyed.Text), "旧数据")));
            col.Insert(new Keyed { Id = "A", Text = "新数据" });
        }
        Assert.Contains(Directory.GetFiles(temp.Directory), f => Path.GetFileName(f).StartsWith("old-backup", StringComparison.Ordinal));

        using var reopened = new StudioDatabase(old);
        Assert.Equal(2, reopened.Collection<Keyed>("keyed").Count());
    }

    public sealed class Keyed
    {
        public string Id { get; set; } = "";
        public string Text { get; set; } = "";
    }

    public sealed class Item
    {
        public int Id { get; set; }
        public string Text { get; set; } = "";
    }
}
