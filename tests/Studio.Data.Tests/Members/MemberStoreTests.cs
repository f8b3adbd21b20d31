using System.Text;
using Studio.Data.Members;
using Studio.Data.Privacy;

namespace Studio.Data.Tests.Members;

public sealed class MemberStoreTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    private static MemberInput Zhang => new()
    {
        Id = "m-1001",
        Phone = "+86 138-1234-5678",
        Name = "张丽",
        Surname = "张",
        Title = "女士",
        Tier = "VIP",
        City = "上海",
        Tags = ["high_value", "likes_sneakers"],
        Attributes = new Dictionary<string, string> { ["orders"] = "7", ["spend"] = "5400" },
    };

    [Fact]
    public async Task The_phone_number_is_stored_masked_hashed_and_encrypted_never_in_clear()
    {
        var store = new LiteDbMemberStore(_temp.Db, _temp.Protector, _temp.Time);
        var saved = await store.UpsertAsync(Zhang);
        Assert.Equal("138****5678", saved.PhoneMasked);
        Assert.True(saved.HasDialNumber);
        Assert.NotNull(saved.PhoneHash);

        Assert.Equal("13812345678", await store.GetDialNumberAsync("m-1001"));
        Assert.Equal("m-1001", (await store.FindByPhoneAsync("13812345678"))!.Id);
        Assert.Null(await store.FindByPhoneAsync("13900000000"));

        var profile = (await store.GetAsync("m-1001"))!.ToProfile();
        Assert.Equal("138****5678", profile.Phone);
        Assert.Equal("张女士", profile.Salutation);
        Assert.Equal("5400", profile.Attributes["spend"]);

        _temp.Db.Database.Checkpoint();
        var raw = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(_temp.Path));
        Assert.DoesNotContain("12345678", raw);
        Assert.DoesNotContain("1234-5678", raw);
        Assert.Contains("张丽", raw);
    }

    [Fact]
    public async Task Without_a_secret_only_the_masked_number_is_kept()
    {
        var store = new LiteDbMemberStore(_temp.Db, PersonalDataProtector.None, _temp.Time);
        var saved = await store.UpsertAsync(Zhang);
        Assert.Equal("138****5678", saved.PhoneMasked);
        Assert.False(saved.HasDialNumber);
        Assert.Null(saved.PhoneHash);
        Assert.Null(await store.GetDialNumberAsync("m-1001"));
        Assert.Null(await store.FindByPhoneAsync("13812345678"));
    }

    [Fact]
    public async Task A_wrong_key_cannot_read_the_number()
    {
        await new LiteDbMemberStore(_temp.Db, _temp.Protector, _temp.Time).UpsertAsync(Zhang);
        var other = new PersonalDataProtector([.. Enumerable.Repeat((byte)9, 32)]);
        var store = new LiteDbMemberStore(_temp.Db, other, _temp.Time);
        await Assert.ThrowsAnyAsync<System.Security.Cryptography.CryptographicException>(() => store.GetDialNumberAsync("m-1001"));
        Assert.Null(await store.FindByPhoneAsync("13812345678"));
    }

    [Fact]
    public async Task Upsert_updates_given_fields_and_keeps_the_rest()
    {
        var store = new LiteDbMemberStore(_temp.Db, _temp.Protector, _temp.Time);
        await store.UpsertAsync(Zhang);
        _temp.Time.Advance(TimeSpan.FromDays(1));
        var updated = await store.UpsertAsync(new MemberInput { Id = "m-1001", Tier = "SVIP" });
        Assert.Equal("SVIP", updated.Tier);
        Assert.Equal("张丽", updated.Name);
        Assert.Equal(["high_value", "likes_sneakers"], updated.Tags);
        Assert.Equal("13812345678", await store.GetDialNumberAsync("m-1001"));
        Assert.Equal(_temp.Time.GetUtcNow().AddDays(-1), updated.CreatedAt);
        Assert.Equal(_temp.Time.GetUtcNow(), updated.UpdatedAt);
    }

    [Fact]
    public async Task Tags_are_added_and_removed()
    {
        var store = new LiteDbMemberStore(_temp.Db, _temp.Protector, _temp.Time);
        await store.UpsertAsync(Zhang);
        var tagged = await store.TagAsync("m-1001", ["interested:连衣裙", "high_value"], ["likes_sneakers"]);
        Assert.Equal(["high_value", "interested:连衣裙"], tagged!.Tags);
        Assert.Null(await store.TagAsync("nobody", ["x"]));
    }

    [Fact]
    public async Task List_searches_filters_by_tag_and_tier_and_pages()
    {
        var store = new LiteDbMemberStore(_temp.Db, _temp.Protector, _temp.Time);
        await store.UpsertAsync(Zhang);
        await store.UpsertAsync(new MemberInput { Id = "m-1002", Name = "李雷", Surname = "李", Tier = "VIP", Phone = "13900001111", Tags = ["churned"] });
        await store.UpsertAsync(new MemberInput { Id = "m-1003", Name = "王芳", Tier = "normal", Tags = ["high_value", "churned"] });

        async Task<string[]> Ids(MemberQuery q) => [.. (await store.ListAsync(q)).Items.Select(m => m.Id)];
        Assert.Equal(["m-1001", "m-1002", "m-1003"], await Ids(new MemberQuery()));
        Assert.Equal(["m-1001", "m-1002"], await Ids(new MemberQuery { Tier = "VIP" }));
        Assert.Equal(["m-1001", "m-1003"], await Ids(new MemberQuery { Tags = ["high_value"] }));
        Assert.Equal(["m-1003"], await Ids(new MemberQuery { Tags = ["high_value", "churned"] }));
        Assert.Equal(["m-1002"], await Ids(new MemberQuery { Search = "李" }));
        Assert.Equal(["m-1002"], await Ids(new MemberQuery { Search = "1111" }));

        var page = await store.ListAsync(new MemberQuery { Take = 2 });
        Assert.Equal(2, page.Items.Count);
        Assert.Equal(["m-1003"], (await store.ListAsync(new MemberQuery { Take = 2, After = page.Next })).Items.Select(m => m.Id));

        Assert.True(await store.DeleteAsync("m-1003"));
        Assert.Null(await store.GetAsync("m-1003"));
    }

    [Fact]
    public async Task A_large_import_runs_in_few_transactions_and_concurrent_tagging_loses_nothing()
    {
        var store = new LiteDbMemberStore(_temp.Db, _temp.Protector, _temp.Time);
        var inputs = Enumerable.Range(0, 2000).Select(i => new MemberInput
        {
            Id = $"m-{i:D5}",
            Phone = $"139{i:D8}",
            Name = "会员" + i,
            Tier = i % 10 == 0 ? "VIP" : "normal",
        });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(2000, await store.UpsertManyAsync(inputs));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"import took {watch.Elapsed}");
        Assert.Equal(200, (await store.ListAsync(new MemberQuery { Tier = "VIP", Take = 1000 })).Items.Count);
        Assert.Equal("m-01234", (await store.FindByPhoneAsync("13900001234"))!.Id);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => store.TagAsync("m-00001", ["tag" + i]))));
        Assert.Equal(20, (await store.GetAsync("m-00001"))!.Tags.Count);
    }
}
