using Studio.Data.Outcomes;

namespace Studio.Data.Tests.Outcomes;

public sealed class OutcomeEventStoreTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly LiteDbOutcomeEventStore _store;

    public OutcomeEventStoreTests() => _store = new LiteDbOutcomeEventStore(_temp.Db, _temp.Time);

    public void Dispose() => _temp.Dispose();

    private OutcomeEvent Event(string id, string member, string type, int minutes, decimal? amount = null) => new()
    {
        EventId = id,
        Type = type,
        MemberId = member,
        Time = _temp.Time.GetUtcNow().AddMinutes(minutes),
        Amount = amount,
        Properties = { ["order_no"] = "SO-" + id, ["store"] = "上海南京路店" },
    };

    [Fact]
    public async Task A_second_insert_of_the_same_id_is_a_duplicate_and_changes_nothing()
    {
        Assert.Equal(OutcomeInsert.Inserted, await _store.InsertAsync(Event("e1", "m-1", OutcomeTypes.OrderPlaced, 5, 299.90m)));
        Assert.Equal(OutcomeInsert.Duplicate, await _store.InsertAsync(Event("e1", "m-1", OutcomeTypes.OrderPlaced, 9, 1.00m)));
        var stored = await _store.GetAsync("e1");
        Assert.Equal(299.90m, stored!.Amount);
        Assert.Equal(_temp.Time.GetUtcNow().AddMinutes(5), stored.Time);
        Assert.Equal(_temp.Time.GetUtcNow(), stored.ReceivedAt);
        Assert.Equal("上海南京路店", stored.Properties["store"]);
    }

    [Fact]
    public async Task Concurrent_redeliveries_store_one_event()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => _store.InsertAsync(Event("same", "m-1", OutcomeTypes.CouponRedeemed, 1)))));
        Assert.Single(results, r => r == OutcomeInsert.Inserted);
        Assert.Single((await _store.QueryAsync(new OutcomeQuery())).Items);
    }

    [Fact]
    public async Task Query_by_member_type_and_time()
    {
        await _store.InsertAsync(Event("e1", "m-1", OutcomeTypes.WecomAddAccepted, 1));
        await _store.InsertAsync(Event("e2", "m-1", OutcomeTypes.OrderPlaced, 30, 499m));
        await _store.InsertAsync(Event("e3", "m-2", OutcomeTypes.SmsClicked, 10));
        await _store.InsertAsync(Event("e4", "m-1", OutcomeTypes.CouponRedeemed, 60));

        async Task<string[]> Ids(OutcomeQuery q) => [.. (await _store.QueryAsync(q)).Items.Select(e => e.EventId)];
        Assert.Equal(["e4", "e2", "e1"], await Ids(new OutcomeQuery { MemberId = "m-1" }));
        Assert.Equal(["e2"], await Ids(new OutcomeQuery { MemberId = "m-1", Type = OutcomeTypes.OrderPlaced }));
        Assert.Equal(["e2", "e3"], await Ids(new OutcomeQuery { From = _temp.Time.GetUtcNow().AddMinutes(5), To = _temp.Time.GetUtcNow().AddMinutes(60) }));

        var first = await _store.QueryAsync(new OutcomeQuery { Take = 3 });
        Assert.Equal(3, first.Items.Count);
        var rest = await _store.QueryAsync(new OutcomeQuery { Take = 3, After = first.Next });
        Assert.Equal(["e1"], rest.Items.Select(e => e.EventId));
        Assert.Null(rest.Next);
    }
}
