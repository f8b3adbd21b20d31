using Studio.Core.Dialogs;
using Studio.Data.Outbox;
using Studio.Data.TurnLog;

namespace Studio.Data.Conversations;

/// <summary>
/// Everything one turn of a conversation changes, written atomically: the new state (with the etag it
/// was based on), the turn-log records, and the actions for the outbox. Either all of it is stored or,
/// on an etag mismatch, none of it.
/// </summary>
public sealed record TurnCommit(ConversationKey Key, ConversationState State, string? ExpectedETag)
{
    public IReadOnlyList<TurnRecord> Turns { get; init; } = [];
    public IReadOnlyList<OutboxMessage> Actions { get; init; } = [];

    /// <summary>
    /// The host's own record kept with the state (recently handled input ids and their replies, channel routing,
    /// follow-up count), written in the same transaction; null leaves the stored one as it is.
    /// </summary>
    public string? Meta { get; init; }
}

/// <summary>The result of a committed turn: the state's new etag and the stored outbox items.</summary>
public sealed record TurnCommitted(string ETag, IReadOnlyList<OutboxItem> Actions);

/// <summary>
/// Commits a turn in one transaction, so a host persists state, log and actions with one durable write
/// before it replies: no action is enqueued for a state that was not saved, and no saved state misses
/// its actions (the transactional outbox).
/// </summary>
public interface ITurnCommitter
{
    /// <summary>Throws <see cref="ETagMismatchException"/> (and writes nothing) when the state's etag is not the expected one.</summary>
    Task<TurnCommitted> CommitAsync(TurnCommit commit, CancellationToken cancellationToken = default);
}
