using Studio.Core.Scripts;

namespace Studio.Data.Conversations;

/// <summary>
/// Identifies a conversation: the channel plus the channel's own id for it (a WeCom external user id
/// with the agent, a voice call id). Written as "wecom:xyz" / "voice:abc".
/// </summary>
public readonly record struct ConversationKey(Channel Channel, string ExternalId)
{
    public override string ToString() => (Channel == Channel.Voice ? "voice" : "wecom") + ":" + ExternalId;

    public static ConversationKey Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == value.Length - 1 || !Enum.TryParse<Channel>(value[..colon], ignoreCase: true, out var channel) || !Enum.IsDefined(channel))
        {
            throw new FormatException($"not a conversation key (channel:id): '{value}'");
        }
        return new ConversationKey(channel, value[(colon + 1)..]);
    }
}
