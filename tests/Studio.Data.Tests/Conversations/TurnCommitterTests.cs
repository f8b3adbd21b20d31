using Studio.Core.Dialogs;
using Studio.Core.Scripts;
using Studio.Data.Conversations;
using Studio.Data.Outbox;
using Studio.Data.TurnLog;

namespace Studio.Data.Tests.Conversations;

public sealed class TurnCommitterTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly LiteDbTurnCommitter _committer;
    private readonly ConversationStore _states;
    private readonly LiteDbTurnLog _log;
    private readonly LiteDbOutbox _outbox;
    private static readonly ConversationKey Key = new(Channel.Voice, "call-1");

    public TurnCommitterTests()
    {
        _committer = new LiteDbTurnCommitter(_temp.Db, _temp.Protector, _temp.Time);
        _states = new ConversationStore(new LiteDbKeyValueStore(_temp.Db, _temp.Time));
        _log = new LiteDbTurnLog(_temp.Db, _temp.Protector, _temp.Time);
        _outbox = new LiteDbOutbox(_temp.Db, _temp.Time);
    }

    public void Dispose() => _temp.Dispose();

    private static TurnCommit Turn(int turn, string? etag, string node, params OutboxMessage[] actions) =>
        new(Key, new ConversationState { ScriptId = "d11", Version = "aaaaaaaaaaaa", Node = node, Turn = turn }, etag)
        {
            Turns = [new TurnRecord { Conversation = Key.ToString(), MemberId = "13812345678", ScriptId = "d11", Turn = turn, Node = node, MemberText = "好的" }],
            Actions = actions,
        };

    [Fact]
    public async Task A_turn_rolled_back_with_its_batch_is_forgotten_by_the_writer_and_commits_when_run_again_alone()
    {
        var first = await _committer.CommitAsync(Turn(0, null, "ask_consent") with { Meta = "{\"n\":0}" });
        // Hold the writer so the next two items share one batch: the turn, then an item that throws.
        using var hold = new ManualResetEventSlim();
        var held = _temp.Db.WriteAsync(() => hold.Wait(TimeSpan.FromSeconds(30)));
        var turn = _committer.CommitAsync(Turn(1, first.ETag, "end_consent") with { Meta = "{\"n\":1}" });
        var failing = _temp.Db.WriteAsync<int>(() => throw new InvalidOperationException("坏的写入"));
        hold.Set();
        await held;
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);

        // Run again alone, the turn is checked against the stored etag, not the one its rolled-back write made.
        var second = await turn;
        var stored = await _states.GetAsync(Key);
        Assert.Equal(("end_consent", second.ETag, "{\"n\":1}"), (stored!.State.Node, stored.ETag, stored.Meta));
        Assert.Single((await _log.QueryAsync(new TurnQuery { Conversation = Key.ToString(), Node = "end_consent" })).Items);
    }

    [Fact]
    public async Task State_log_and_actions_are_stored_together()
    {
        var first = await _committer.CommitAsync(Turn(0, null, "ask_consent"));
        Assert.Empty(first.Actions);
        var second = await _committer.CommitAsync(Turn(1, first.ETag, "end_consent",
            new OutboxMessage("wecom_add", """{"memberId":"m-1"}""") { DedupKey = "voice:call-1/1/0", Conversation = Key.ToString() }));

        var state = await _states.GetAsync(Key);
        Assert.Equal(second.ETag, state!.ETag);
        Assert.Equal("end_consent", state.State.Node);
        var turns = (await _log.QueryAsync(new TurnQuery { Conversation = Key.ToString() })).Items;
        Assert.Equal([1, 0], turns.Select(t => t.Turn));
        Assert.StartsWith("h:", turns[0].MemberId);
        var action = Assert.Single(second.Actions);
        Assert.Equal("wecom_add", Assert.Single(await _outbox.LeaseAsync("w", 10, TimeSpan.FromSeconds(30))).Type);
        Assert.Equal("d:voice:call-1/1/0", action.Id);
    }

    [Fact]
    public async Task The_hosts_record_is_stored_with_the_state_kept_by_plain_saves_and_read_from_its_old_place()
    {
        var first = await _committer.CommitAsync(Turn(0, null, "ask_consent") with { Meta = """{"memberId":"m-1"}""" });
        Assert.Equal("""{"memberId":"m-1"}""", (await _states.GetAsync(Key))!.Meta);

        // A save without the record (a tool writing the state alone) keeps it.
        await _states.SaveAsync(Key, new ConversationState { ScriptId = "d11", Version = "aaaaaaaaaaaa", Node = "retain", Turn = 1 }, first.ETag);
        var stored = await _states.GetAsync(Key);
        Assert.Equal(("retain", """{"memberId":"m-1"}"""), (stored!.State.Node, stored.Meta));

        // A conversation written before the record moved into the state's record still finds it.
        var kv = new LiteDbKeyValueStore(_temp.Db, _temp.Time);
        var old = new ConversationKey(Channel.Wecom, "wm-old");
        await kv.WriteAsync(ConversationStore.Namespace, old.ToString(), new ConversationState { ScriptId = "d11", Version = "aaaaaaaaaaaa", Node = "ask_a" }.ToJson(), null);
        await kv.WriteAsync(ConversationStore.LegacyMetaNamespace, old.ToString(), """{"memberId":"m-old"}""", null);
        Assert.Equal("""{"memberId":"m-old"}""", (await _states.GetAsync(old))!.Meta);
    }

    [Fact]
    public async Task A_stale_etag_writes_nothing_at_all()
    {
        var first = await _committer.CommitAsync(Turn(0, null, "ask_consent"));
        await _committer.CommitAsync(Turn(1, first.ETag, "retain"));

        // A second activation still holding the first etag (a duplicate delivery, a zombie grain).
        await Assert.ThrowsAsync<ETagMismatchException>(() => _committer.CommitAsync(Turn(1, first.ETag, "end_consent",
            new OutboxMessage("sms", "{}"))));

        Assert.Equal("retain", (await _states.GetAsync(Key))!.State.Node);
        Assert.Equal(2, (await _log.QueryAsync(new TurnQuery())).Items.Count);
        Assert.Empty(await _outbox.LeaseAsync("w", 10, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Of_racing_commits_from_one_etag_exactly_one_lands_with_its_log_and_actions()
    {
        var first = await _committer.CommitAsync(Turn(0, null, "ask_consent"));
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await _committer.CommitAsync(Turn(1, first.ETag, "node-" + i, new OutboxMessage("tag", "{\"i\":" + i + "}")));
                return i;
            }
            catch (ETagMismatchException)
            {
                return -1;
            }
        })));
        var winner = Assert.Single(results, r => r >= 0);
        Assert.Equal("node-" + winner, (await _states.GetAsync(Key))!.State.Node);
        Assert.Equal(["node-" + winner], (await _log.QueryAsync(new TurnQuery())).Items.Where(t => t.Turn == 1).Select(t => t.Node));
        Assert.Equal("{\"i\":" + winner + "}", Assert.Single(await _outbox.LeaseAsync("w", 10, TimeSpan.FromSeconds(30))).Payload);
    }
}
