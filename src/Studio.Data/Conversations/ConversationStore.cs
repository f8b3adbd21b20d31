using Studio.Core.Dialogs;

namespace Studio.Data.Conversations;

/// <summary>The latest state of a conversation as stored.</summary>
public sealed record StoredConversation(ConversationKey Key, ConversationState State, string ETag, DateTimeOffset UpdatedAt)
{
    /// <summary>The host's record kept with the state (see <see cref="TurnCommit.Meta"/>); null when none was written.</summary>
    public string? Meta { get; init; }

    /// <summary>The script version the conversation runs on (it finishes on it, whatever is published meanwhile).</summary>
    public string Version => State.Version;
}

/// <summary>Conversation states on an <see cref="IKeyValueStore"/> (namespace "conversation"), with the same etag rules.</summary>
public interface IConversationStore
{
    Task<StoredConversation?> GetAsync(ConversationKey key, CancellationToken cancellationToken = default);

    /// <summary>Writes the state if the stored etag is <paramref name="expectedETag"/> (null: new conversation); returns the new etag.</summary>
    Task<string> SaveAsync(ConversationKey key, ConversationState state, string? expectedETag, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(ConversationKey key, string? expectedETag, CancellationToken cancellationToken = default);
}

public sealed class ConversationStore(IKeyValueStore store) : IConversationStore
{
    public const string Namespace = "conversation";

    /// <summary>Where <see cref="TurnCommit.Meta"/> was kept before it moved into the state's record (still read).</summary>
    public const string LegacyMetaNamespace = "conversation-meta";

    public async Task<StoredConversation?> GetAsync(ConversationKey key, CancellationToken cancellationToken = default)
    {
        var stored = await store.ReadAsync(Namespace, key.ToString(), cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }
        var meta = stored.Attachment
            ?? (await store.ReadAsync(LegacyMetaNamespace, key.ToString(), cancellationToken).ConfigureAwait(false))?.Value;
        return new StoredConversation(key, ConversationState.FromJson(stored.Value), stored.ETag, stored.UpdatedAt) { Meta = meta };
    }

    public Task<string> SaveAsync(ConversationKey key, ConversationState state, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return store.WriteAsync(Namespace, key.ToString(), state.ToJson(), expectedETag, cancellationToken);
    }

    public Task<bool> DeleteAsync(ConversationKey key, string? expectedETag, CancellationToken cancellationToken = default) =>
        store.DeleteAsync(Namespace, key.ToString(), expectedETag, cancellationToken);
}
