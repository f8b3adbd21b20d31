using Studio.Data.Outbox;
using Studio.Data.Privacy;
using Studio.Data.Storage;
using Studio.Data.TurnLog;

namespace Studio.Data.Conversations;

/// <summary>
/// <see cref="ITurnCommitter"/> on LiteDB: one work item on the writer thread, so the whole turn costs
/// one share of a group commit (one fsync for many conversations) instead of three commits.
/// </summary>
public sealed class LiteDbTurnCommitter(StudioDatabase db, PersonalDataProtector? protector = null, TimeProvider? time = null) : ITurnCommitter
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly LiteDbKeyValueStore _states = new(db, time);
    private readonly LiteDbTurnLog _turns = new(db, protector, time);
    private readonly LiteDbOutbox _outbox = new(db, time);

    public async Task<TurnCommitted> CommitAsync(TurnCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(commit.State);
        var now = _time.GetUtcNow();
        var id = LiteDbKeyValueStore.Id(ConversationStore.Namespace, commit.Key.ToString());
        var json = commit.State.ToJson();
        _turns.Prepare(commit.Turns);
        var items = commit.Actions.Select(a => LiteDbOutbox.NewItem(a, now)).ToList();

        var (written, etag, stored) = await db.WriteAsync(() =>
        {
            // The host's record rides in the state's record: one document rewritten per turn.
            var (ok, tag) = _states.TryWrite(id, json, commit.ExpectedETag, now, commit.Meta);
            if (!ok)
            {
                return (false, tag, (List<OutboxItem>?)null);
            }
            _turns.Insert(commit.Turns);
            return (true, tag, items.Select(_outbox.Add).ToList());
        }).ConfigureAwait(false);

        return written
            ? new TurnCommitted(etag!, stored!)
            : throw new ETagMismatchException(ConversationStore.Namespace, commit.Key.ToString(), commit.ExpectedETag, etag);
    }
}
