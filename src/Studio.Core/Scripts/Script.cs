using System.Text.Json;
using System.Text.Json.Serialization;

namespace Studio.Core.Scripts;

/// <summary>
/// A script (话术) document: the one thing the studio edits, the validator checks and the engine runs.
/// Serialised as JSON (camelCase) with a <see cref="FormatVersion"/>; see docs/script-format.md.
/// </summary>
public sealed class Script
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; set; } = CurrentFormatVersion;
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public List<Channel> Channels { get; set; } = [];
    public string Locale { get; set; } = "zh-CN";
    public Brand Brand { get; set; } = new();

    /// <summary>Node the conversation starts at; the first node when omitted.</summary>
    public string? Start { get; set; }

    public List<VariableDefinition> Variables { get; set; } = [];

    /// <summary>Member attributes the script reads beyond the standard ones (name, title, tier …).</summary>
    public List<string> MemberFields { get; set; } = [];

    public ScriptSettings Settings { get; set; } = new();
    public List<IntentDefinition> Intents { get; set; } = [];
    public List<GlobalIntent> GlobalIntents { get; set; } = [];
    public List<Incentive> Incentives { get; set; } = [];
    public List<IncentiveSet> IncentiveSets { get; set; } = [];
    public List<GradeRule> GradeRules { get; set; } = [];

    /// <summary>Phrases exempt from the absolute-term lint (lawful exceptions such as 最佳使用时间).</summary>
    public List<string> AllowedTerms { get; set; } = [];

    public List<Node> Nodes { get; set; } = [];

    [JsonIgnore]
    public string StartNodeId => Start ?? (Nodes.Count > 0 ? Nodes[0].Id : "");
}

[JsonConverter(typeof(JsonStringEnumConverter<Channel>))]
public enum Channel
{
    [JsonStringEnumMemberName("voice")] Voice,
    [JsonStringEnumMemberName("wecom")] Wecom,
}

public sealed class Brand
{
    public string Name { get; set; } = "";

    /// <summary>Name the bot introduces itself with (e.g. 小速).</summary>
    public string? Assistant { get; set; }

    public string? Hotline { get; set; }
}

public sealed class VariableDefinition
{
    public string Name { get; set; } = "";
    public VariableType Type { get; set; } = VariableType.String;
    public JsonElement? Default { get; set; }
    public string? Description { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<VariableType>))]
public enum VariableType
{
    [JsonStringEnumMemberName("string")] String,
    [JsonStringEnumMemberName("number")] Number,
    [JsonStringEnumMemberName("boolean")] Boolean,
}

public sealed class ScriptSettings
{
    public VoiceSettings Voice { get; set; } = new();
    public WecomSettings Wecom { get; set; } = new();

    /// <summary>Re-prompts on no-match / no-input before the fallback route, unless the ask overrides it.</summary>
    public int MaxRetries { get; set; } = 1;

    /// <summary>Node hops allowed in one turn; more means a loop that never waits for the member.</summary>
    public int MaxHopsPerTurn { get; set; } = 50;

    /// <summary>Speech below this ASR confidence is treated as not understood.</summary>
    public double MinAsrConfidence { get; set; } = 0.3;
}

public sealed class VoiceSettings
{
    public int NoInputTimeoutSeconds { get; set; } = 8;
    public bool BargeIn { get; set; } = true;

    /// <summary>Longest comfortable prompt; longer prompts get a lint warning.</summary>
    public double MaxPromptSeconds { get; set; } = 20;
}

public sealed class WecomSettings
{
    /// <summary>Delays of the follow-ups sent when a member does not answer a WeCom question.</summary>
    public List<int> FollowUpDelaysMinutes { get; set; } = [60, 1440];
}

/// <summary>A script intent (意图) with the examples marketers wrote for it.</summary>
public sealed class IntentDefinition
{
    public string Name { get; set; } = "";
    public string? Label { get; set; }
    public string? Description { get; set; }
    public List<string> Examples { get; set; } = [];

    /// <summary>Words that decide the intent on their own (the rule recogniser's input).</summary>
    public List<string> Keywords { get; set; } = [];
}

/// <summary>全局问答: answered from any waiting point, then back to where the member was.</summary>
public sealed class GlobalIntent
{
    public string Intent { get; set; } = "";
    public Message? Message { get; set; }

    /// <summary><c>return</c> (default: answer, then ask the waiting question again) or a node id.</summary>
    public string Then { get; set; } = ReturnToWaitingNode;

    public const string ReturnToWaitingNode = "return";
}

public sealed class GradeRule
{
    public char Grade { get; set; }

    /// <summary>Jint expression over outcome, intents, vars, member; the first true rule wins.</summary>
    public string When { get; set; } = "";
}
