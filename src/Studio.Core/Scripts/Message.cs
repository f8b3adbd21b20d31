using System.Text.Json.Serialization;

namespace Studio.Core.Scripts;

/// <summary>
/// What the bot says or sends. Text is a template (<c>{{member.name}}</c>); several variations are
/// rotated without repeats within a conversation. Each channel may refine the rendering.
/// </summary>
public sealed class Message
{
    /// <summary>Shorthand for a single variation.</summary>
    public string? Text { get; set; }

    public List<string> Variations { get; set; } = [];
    public VoiceRendering? Voice { get; set; }
    public WecomRendering? Wecom { get; set; }

    [JsonIgnore]
    public IEnumerable<string> AllTexts => Text is null ? Variations : Variations.Prepend(Text);
}

public sealed class VoiceRendering
{
    /// <summary>TTS text when the spoken form should differ from the written one.</summary>
    public string? Text { get; set; }

    /// <summary>May the member interrupt this prompt? Defaults to the script's voice setting.</summary>
    public bool? BargeIn { get; set; }
}

public sealed class WecomRendering
{
    public WecomMessageType Type { get; set; } = WecomMessageType.Text;

    /// <summary>Text override for WeCom (plain text), or the card's description.</summary>
    public string? Text { get; set; }

    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Url { get; set; }
    public string? ImageUrl { get; set; }
    public string? AppId { get; set; }
    public string? Page { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<WecomMessageType>))]
public enum WecomMessageType
{
    [JsonStringEnumMemberName("text")] Text,
    [JsonStringEnumMemberName("link")] Link,
    [JsonStringEnumMemberName("image")] Image,
    [JsonStringEnumMemberName("miniprogram")] MiniProgram,
}
