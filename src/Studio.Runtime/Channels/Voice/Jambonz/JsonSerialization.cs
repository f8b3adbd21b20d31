using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Studio.Runtime.Channels.Voice.Jambonz;

internal static class JsonSerialization
{
    /// <summary>Chinese text stays readable on the wire and in captures (WebSocket JSON is never embedded in HTML).</summary>
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] ToUtf8(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Options);
}
