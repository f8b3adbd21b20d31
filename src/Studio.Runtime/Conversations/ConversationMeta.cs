using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Studio.Runtime.Conversations;

/// <summary>
/// What the conversation grain keeps next to the engine's state, in the same transaction: the member, the WeCom
/// route for messages the bot sends on its own, the follow-ups sent since the member last answered, and the
/// last handled inputs — so a delivery repeated after a crash is answered from the record, never run twice.
/// <para>
/// The record is rewritten with every turn, so it stays small (a larger document spreads over more pages, each one
/// rewritten per turn): the last <see cref="HandledKept"/> inputs by a 64-bit digest of their id, the turn (the reply)
/// only for the last <see cref="RepliesKept"/>, and Chinese text as UTF-8 rather than \u escapes. A redelivery comes
/// within seconds (WeCom retries three times in ~15 s); one older than that is still recognised, and answered with
/// nothing rather than a second reply.
/// </para>
/// </summary>
internal sealed class ConversationMeta
{
    public const int HandledKept = 16;
    public const int RepliesKept = 3;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        // Stored, never embedded in HTML: the relaxed encoder keeps Chinese as UTF-8 (3 bytes a character, not 6).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string MemberId { get; set; } = "";
    public WecomRoute? Wecom { get; set; }
    public int FollowUps { get; set; }

    /// <summary>When the next follow-up is due (the member's silence is measured from their last turn); null: none.</summary>
    public DateTimeOffset? FollowUpDue { get; set; }
    public List<HandledInput> Handled { get; set; } = [];

    /// <summary>The turn that answered <paramref name="inputId"/> before; one without messages when its reply is no longer kept.</summary>
    public ConversationTurn? Find(string? inputId, string conversation)
    {
        if (inputId is null)
        {
            return null;
        }
        var digest = Digest(inputId);
        // Records written before inputs were kept by digest hold the id itself.
        return Handled.Find(h => h.InputId == digest || h.InputId == inputId) is { } handled
            ? handled.Turn ?? new ConversationTurn { Conversation = conversation }
            : null;
    }

    public void Remember(string? inputId, ConversationTurn turn)
    {
        if (inputId is null)
        {
            return;
        }
        Handled.Add(new HandledInput(Digest(inputId), turn));
        if (Handled.Count > HandledKept)
        {
            Handled.RemoveRange(0, Handled.Count - HandledKept);
        }
        for (var i = 0; i < Handled.Count - RepliesKept; i++)
        {
            Handled[i] = Handled[i] with { Turn = null };
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ConversationMeta FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? new ConversationMeta() : JsonSerializer.Deserialize<ConversationMeta>(json, Json) ?? new ConversationMeta();

    /// <summary>The first 64 bits of the id's SHA-256: ids of one conversation's last inputs do not collide in practice.</summary>
    private static string Digest(string inputId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inputId)).AsSpan(0, 8));

    internal sealed record HandledInput(string InputId, ConversationTurn? Turn);
}
