using Studio.Data.Users;

namespace Studio.Data.Tests.Users;

public sealed class LiteDbUserStoreTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private LiteDbUserStore Store() => new(_db.Db, _db.Time);

    [Fact]
    public async Task Names_are_ids_without_case_or_surrounding_spaces_and_cannot_be_taken_twice()
    {
        var store = Store();
        var created = await store.CreateAsync(new StudioUser { UserName = " Wang.Yun ", DisplayName = "王运营", Role = "designer", PasswordHash = "h" });
        Assert.Equal("wang.yun", created.UserName);
        Assert.False(string.IsNullOrEmpty(created.SecurityStamp));
        Assert.Equal(_db.Time.GetUtcNow(), created.CreatedAt);
        Assert.Equal("王运营", (await store.GetAsync("WANG.YUN"))!.DisplayName);
        var taken = await Assert.ThrowsAsync<UserExistsException>(() => store.CreateAsync(new StudioUser { UserName = "wang.yun", Role = "admin" }));
        Assert.Contains("wang.yun", taken.Message, StringComparison.Ordinal);
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task Updates_are_stored_and_survive_a_restart()
    {
        var store = Store();
        await store.CreateAsync(new StudioUser { UserName = "li", Role = "reviewer", PasswordHash = "old" });
        _db.Time.Advance(TimeSpan.FromMinutes(5));
        var updated = await store.UpdateAsync("LI", u =>
        {
            u.Disabled = true;
            u.PasswordHash = "new";
        });
        Assert.Equal(_db.Time.GetUtcNow(), updated!.UpdatedAt);
        Assert.Null(await store.UpdateAsync("nobody", u => u.Disabled = true));

        _db.Reopen();
        var reopened = await new LiteDbUserStore(_db.Db).GetAsync("li");
        Assert.Equal((true, "new", "reviewer"), (reopened!.Disabled, reopened.PasswordHash, reopened.Role));
    }

    [Fact]
    public async Task The_list_is_ordered_by_name()
    {
        var store = Store();
        foreach (var name in new[] { "zhao", "admin", "li" })
        {
            await store.CreateAsync(new StudioUser { UserName = name, Role = "designer" });
        }
        Assert.Equal(["admin", "li", "zhao"], (await store.ListAsync()).Select(u => u.UserName));
    }
}
