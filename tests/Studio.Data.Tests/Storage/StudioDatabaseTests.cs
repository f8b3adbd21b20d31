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
    public async Task Flush_completes_for_concurrent_callers_and_after_writes()
    {
        using var temp = new TempDatabase();
        var col = temp.Db.Collection<Item>("items");
        var tasks = Enumerable.Range(0, 20).Select(async i =>
        {
            col.Insert(new Item { Id = i + 1, Text = "第" + i + "条" });
            await temp.Db.FlushAsync();
        });
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(20, col.Count());
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

    public sealed class Item
    {
        public int Id { get; set; }
        public string Text { get; set; } = "";
    }
}
