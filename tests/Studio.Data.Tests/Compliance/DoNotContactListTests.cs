using Studio.Data.Compliance;
using Studio.Data.Privacy;

namespace Studio.Data.Tests.Compliance;

public sealed class DoNotContactListTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly LiteDbDoNotContactList _list;

    public DoNotContactListTests() => _list = new LiteDbDoNotContactList(_temp.Db, _temp.Protector);

    public void Dispose() => _temp.Dispose();

    private DateTimeOffset Now => _temp.Time.GetUtcNow();

    [Fact]
    public async Task A_refusal_lists_the_member_for_six_months_by_default()
    {
        var entry = await _list.AddAsync("m-1", null, DoNotContactReasons.OptOut, Now, source: "voice:call-1");
        Assert.Equal(Now.AddDays(183), entry.Until);
        Assert.True(entry.Until >= Now.AddMonths(6));

        Assert.False(await _list.IsListedAsync("m-1", Now.AddSeconds(-1)));
        Assert.True(await _list.IsListedAsync("m-1", Now));
        Assert.True(await _list.IsListedAsync("m-1", Now.AddDays(182)));
        Assert.False(await _list.IsListedAsync("m-1", Now.AddDays(183)));
        Assert.False(await _list.IsListedAsync("m-2", Now));

        var stored = Assert.Single(await _list.GetAsync("m-1"));
        Assert.Equal("voice:call-1", stored.Source);
        Assert.Equal(DoNotContactReasons.OptOut, stored.Reason);
    }

    [Fact]
    public async Task Listing_again_keeps_the_later_end_and_an_expired_entry_starts_afresh()
    {
        await _list.AddAsync("m-1", null, DoNotContactReasons.OptOut, Now, Now.AddDays(30));
        await _list.AddAsync("m-1", null, DoNotContactReasons.Complaint, Now.AddDays(1), Now.AddDays(10));
        var entry = Assert.Single(await _list.GetAsync("m-1"));
        Assert.Equal(Now.AddDays(30), entry.Until);
        Assert.Equal(Now, entry.Since);

        var later = Now.AddDays(40);
        await _list.AddAsync("m-1", null, DoNotContactReasons.OptOut, later);
        entry = Assert.Single(await _list.GetAsync("m-1"));
        Assert.Equal(later, entry.Since);
        Assert.Equal(later.AddDays(183), entry.Until);
        Assert.False(await _list.IsListedAsync("m-1", Now.AddDays(35)));
        Assert.True(await _list.IsListedAsync("m-1", later));
    }

    [Fact]
    public async Task A_phone_number_is_listed_by_keyed_hash()
    {
        await _list.AddAsync(null, "13812345678", DoNotContactReasons.OptOut, Now);
        Assert.True(await _list.IsListedAsync(null, Now, "+86 138 1234 5678"));
        Assert.True(await _list.IsListedAsync("m-unknown", Now, "13812345678"));
        Assert.False(await _list.IsListedAsync(null, Now, "13912345678"));
        var entry = Assert.Single(await _list.GetAsync(null, "13812345678"));
        Assert.DoesNotContain("12345678", entry.Id);

        var withoutKey = new LiteDbDoNotContactList(_temp.Db, PersonalDataProtector.None);
        await Assert.ThrowsAsync<ArgumentException>(() => withoutKey.AddAsync(null, "13812345678", DoNotContactReasons.OptOut, Now));
    }

    [Fact]
    public async Task Remove_and_list_active()
    {
        await _list.AddAsync("m-1", "13812345678", DoNotContactReasons.OptOut, Now);
        await _list.AddAsync("m-2", null, DoNotContactReasons.Manual, Now, Now.AddDays(1));
        await _list.AddAsync("m-3", null, DoNotContactReasons.Manual, Now.AddDays(-10), Now.AddDays(-1));

        Assert.Equal(["m-1", "m-1", "m-2"], (await _list.ListActiveAsync(Now)).Select(e => e.MemberId).Order());
        Assert.Equal(2, await _list.RemoveAsync("m-1", "13812345678"));
        Assert.False(await _list.IsListedAsync("m-1", Now, "13812345678"));
        Assert.Equal(["m-2"], (await _list.ListActiveAsync(Now)).Select(e => e.MemberId));
        Assert.Empty(await _list.ListActiveAsync(Now.AddDays(2)));
    }
}
