using Studio.Core.Dialogs;
using Studio.Core.Members;
using Studio.Core.Scripts;
using Studio.Data.Conversations;

namespace Studio.Data.Tests.Conversations;

public sealed class KeyValueStoreTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly LiteDbKeyValueStore _store;

    public KeyValueStoreTests() => _store = new LiteDbKeyValueStore(_temp.Db, _temp.Time);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Write_read_and_conflict_on_a_stale_etag()
    {
        Assert.Null(await _store.ReadAsync("grain", "k1"));
        var e1 = await _store.WriteAsync("grain", "k1", "{\"n\":1}", null);
        var read = await _store.ReadAsync("grain", "k1");
        Assert.Equal("{\"n\":1}", read!.Value);
        Assert.Equal(e1, read.ETag);
        Assert.Equal(_temp.Time.GetUtcNow(), read.UpdatedAt);

        var e2 = await _store.WriteAsync("grain", "k1", "{\"n\":2}", e1);
        Assert.NotEqual(e1, e2);

        var stale = await Assert.ThrowsAsync<ETagMismatchException>(() => _store.WriteAsync("grain", "k1", "{\"n\":3}", e1));
        Assert.Equal(e2, stale.ActualETag);
        await Assert.ThrowsAsync<ETagMismatchException>(() => _store.WriteAsync("grain", "k1", "{}", null));
        Assert.Equal("{\"n\":2}", (await _store.ReadAsync("grain", "k1"))!.Value);

        // Namespaces are separate.
        Assert.Null(await _store.ReadAsync("other", "k1"));
    }

    [Fact]
    public async Task An_etag_from_before_a_delete_never_matches_again()
    {
        var e1 = await _store.WriteAsync("grain", "k", "a", null);
        await Assert.ThrowsAsync<ETagMismatchException>(() => _store.DeleteAsync("grain", "k", "wrong"));
        Assert.True(await _store.DeleteAsync("grain", "k", e1));
        Assert.False(await _store.DeleteAsync("grain", "k", null));
        await _store.WriteAsync("grain", "k", "b", null);
        await Assert.ThrowsAsync<ETagMismatchException>(() => _store.WriteAsync("grain", "k", "c", e1));
    }

    [Fact]
    public async Task Of_concurrent_writers_with_the_same_etag_exactly_one_wins()
    {
        var etag = await _store.WriteAsync("grain", "hot", "0", null);
        var wins = await Task.WhenAll(Enumerable.Range(1, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await _store.WriteAsync("grain", "hot", i.ToString(System.Globalization.CultureInfo.InvariantCulture), etag);
                return 1;
            }
            catch (ETagMismatchException)
            {
                return 0;
            }
        })));
        Assert.Equal(1, wins.Sum());
    }

    [Fact]
    public async Task Conversation_state_round_trips_with_its_version()
    {
        var conversations = new ConversationStore(_store);
        var key = new ConversationKey(Channel.Voice, "call-0001");
        Assert.Equal(key, ConversationKey.Parse("voice:call-0001"));
        var state = new ConversationState
        {
            ScriptId = "d11",
            Version = "aaaaaaaaaaaa",
            Channel = Channel.Voice,
            Member = new MemberProfile { Id = "m-1", Surname = "张", Title = "女士", Phone = "138****5678" },
            Node = "ask_interest",
            Turn = 3,
            Arms = { ["incentive"] = "coupon" },
        };
        var etag = await conversations.SaveAsync(key, state, null);

        var loaded = await conversations.GetAsync(key);
        Assert.NotNull(loaded);
        Assert.Equal(etag, loaded.ETag);
        Assert.Equal("aaaaaaaaaaaa", loaded.Version);
        Assert.Equal("ask_interest", loaded.State.Node);
        Assert.Equal("coupon", loaded.State.Arms["incentive"]);
        Assert.Equal("张女士", loaded.State.Member.Salutation);

        await Assert.ThrowsAsync<ETagMismatchException>(() => conversations.SaveAsync(key, state, null));
        Assert.Throws<FormatException>(() => ConversationKey.Parse("fax:1"));
    }
}
