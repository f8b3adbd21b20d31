using System.Text.Json;
using System.Text.Json.Serialization;

namespace Studio.Runtime.Conversations;

/// <summary>
/// What the conversation grain keeps next to the engine's state, in the same transaction: the member, the WeCom
/// route for messages the bot sends on its own, the follow-ups sent since the member last answered, and the
/// last few handled inputs with their turns — so a delivery repeated after a crash is answered from the record.
/// </summary>
internal sealed class ConversationMeta
{
    public const int HandledKept = 8;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string MemberId { get; set; } = "";
    public WecomRoute? Wecom { get; set; }
    public int FollowUps { get; set; }

    /// <summary>When the next follow-up is due (the member's silence is measured from their last turn); null: none.</summary>
    public DateTimeOffset? FollowUpDue { get; set; }
    public List<HandledInput> Handled { get; set; } = [];

    public ConversationTurn? Find(string? inputId) =>
        inputId is null ? null : Handled.Find(h => h.InputId == inputId)?.Turn;

    public void Remember(string? inputId, ConversationTurn turn)
    {
        if (inputId is null)
        {
            return;
        }
        Handled.Add(new HandledInput(inputId, turn));
        if (Handled.Count > HandledKept)
        {
            Handled.RemoveRange(0, Handled.Count - HandledKept);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ConversationMeta FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? new ConversationMeta() : JsonSerializer.Deserialize<ConversationMeta>(json, Json) ?? new ConversationMeta();

    internal sealed record HandledInput(string InputId, ConversationTurn Turn);
}
