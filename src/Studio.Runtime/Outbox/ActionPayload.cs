using System.Text.Json;
using System.Text.Json.Serialization;
using Studio.Core.Dialogs;
using Studio.Core.Scripts;
using Studio.Data.Outbox;

namespace Studio.Runtime.Outbox;

/// <summary>
/// The payload of the engine's actions and of <c>conversation_ended</c>, as the conversation host writes it:
/// <c>{"conversation":"voice:call-1","memberId":"m-1","scriptId":"…","version":"…","node":"n1","parameters":{…}}</c>;
/// <c>conversation_ended</c> adds <c>"outcome"</c> and <c>"grade"</c>. Parameters are the engine's
/// (<see cref="ActionRequest.Parameters"/>): tag → tags "a,b"; sms → text, template; webhook → webhook, payload.*;
/// transfer → queue, text; callback → at; wecom_add → text; any → offer.
/// </summary>
public sealed record ActionPayload
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Conversation { get; init; } = "";
    public string MemberId { get; init; } = "";
    public string? ScriptId { get; init; }
    public string? Version { get; init; }
    public string? Node { get; init; }
    public string? Experiment { get; init; }
    public string? Arm { get; init; }
    public Dictionary<string, string> Parameters { get; init; } = [];

    /// <summary>conversation_ended: the end node's outcome and grade.</summary>
    public string? Outcome { get; init; }

    public string? Grade { get; init; }

    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads an item's payload; a payload that is not this shape is a permanent failure.</summary>
    public static ActionPayload Read(OutboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        ActionPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<ActionPayload>(item.Payload, Json);
        }
        catch (JsonException ex)
        {
            throw new OutboxPayloadException($"the {item.Type} payload is not valid JSON ({ex.Path}: {ex.Message})");
        }
        if (payload is null || string.IsNullOrEmpty(payload.MemberId))
        {
            throw new OutboxPayloadException($"the {item.Type} payload has no memberId");
        }
        return payload with { Parameters = payload.Parameters ?? [] };
    }

    /// <summary>The outbox message for an engine action (the dedup key makes a replayed turn enqueue it once).</summary>
    public static OutboxMessage ForAction(ActionRequest action, string conversation, string memberId, string scriptId, string version, int turn, int index)
    {
        ArgumentNullException.ThrowIfNull(action);
        var type = JsonSerializer.Serialize(action.Type, Json).Trim('"');
        var payload = new ActionPayload
        {
            Conversation = conversation,
            MemberId = memberId,
            ScriptId = scriptId,
            Version = version,
            Node = action.NodeId,
            Experiment = action.Experiment,
            Arm = action.Arm,
            Parameters = new Dictionary<string, string>(action.Parameters, StringComparer.Ordinal),
        };
        return new OutboxMessage(type, payload.ToJson())
        {
            DedupKey = $"{conversation}/{turn}/{index}",
            Conversation = conversation,
            MemberId = memberId,
        };
    }

    /// <summary>The outbox message that tags the member once a conversation ends.</summary>
    public static OutboxMessage ForEnd(ConversationEnded end, string conversation, string memberId, string scriptId, string version)
    {
        ArgumentNullException.ThrowIfNull(end);
        var payload = new ActionPayload
        {
            Conversation = conversation,
            MemberId = memberId,
            ScriptId = scriptId,
            Version = version,
            Node = end.NodeId,
            Outcome = end.Outcome,
            Grade = end.Grade.ToString(),
        };
        return new OutboxMessage(OutboxTypes.ConversationEnded, payload.ToJson())
        {
            DedupKey = conversation + "/ended",
            Conversation = conversation,
            MemberId = memberId,
        };
    }
}

/// <summary>An outbox payload the performer cannot read: dead-lettered, never retried.</summary>
public sealed class OutboxPayloadException(string message) : Exception(message);
