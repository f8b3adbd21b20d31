using System.Text.Json;
using System.Text.Json.Serialization;
using Studio.Core.Members;
using Studio.Core.Scripts;

namespace Studio.Core.Dialogs;

[JsonConverter(typeof(JsonStringEnumConverter<ConversationStatus>))]
public enum ConversationStatus
{
    Waiting,
    Ended,
}

/// <summary>
/// Everything the engine needs to continue a conversation: small, serialisable, owned by the host.
/// The engine never mutates a state it is given; each turn returns a new one.
/// </summary>
public sealed class ConversationState
{
    public string ScriptId { get; set; } = "";
    public string Version { get; set; } = "";
    public Channel Channel { get; set; }
    public MemberProfile Member { get; set; } = new();
    public ulong Seed { get; set; }
    public int Turn { get; set; }
    public ConversationStatus Status { get; set; }

    /// <summary>The ask node the conversation waits at (or ended at).</summary>
    public string? Node { get; set; }

    public int NoMatchCount { get; set; }
    public int NoInputCount { get; set; }
    public Dictionary<string, JsonElement> Vars { get; set; } = [];

    /// <summary>Experiment → arm, fixed at first exposure.</summary>
    public Dictionary<string, string> Arms { get; set; } = [];

    /// <summary>Key of <see cref="ForcedArms"/> that forces the arm of every experiment.</summary>
    public const string AnyExperiment = "*";

    /// <summary>Arms forced by the tester or a story (experiment → arm, or * → arm), instead of hashing.</summary>
    public Dictionary<string, string>? ForcedArms { get; set; }

    /// <summary>The most recent experiment the path went through; outputs carry it and its arm.</summary>
    public string? Experiment { get; set; }

    /// <summary>Goto nodes' return targets, innermost last.</summary>
    public List<string> ReturnStack { get; set; } = [];

    /// <summary>Per message slot: a bit set of the variations already said, so none repeats early.</summary>
    public Dictionary<string, int> Used { get; set; } = [];

    /// <summary>The incentive (or incentive set) last offered.</summary>
    public string? Offer { get; set; }

    /// <summary>Intents recognised so far, in order (capped), for grade rules and tagging.</summary>
    public List<string> Intents { get; set; } = [];

    public string? LastText { get; set; }
    public string? Outcome { get; set; }
    public char? Grade { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    [JsonIgnore]
    public bool IsEnded => Status == ConversationStatus.Ended;

    [JsonIgnore]
    public string? Arm => Experiment is not null && Arms.TryGetValue(Experiment, out var arm) ? arm : null;

    public const int MaxRememberedIntents = 24;

    public ConversationState Clone() => new()
    {
        ScriptId = ScriptId,
        Version = Version,
        Channel = Channel,
        Member = Member,
        Seed = Seed,
        Turn = Turn,
        Status = Status,
        Node = Node,
        NoMatchCount = NoMatchCount,
        NoInputCount = NoInputCount,
        Vars = Vars.Count == 0 ? [] : new Dictionary<string, JsonElement>(Vars),
        Arms = Arms.Count == 0 ? [] : new Dictionary<string, string>(Arms),
        ForcedArms = ForcedArms,
        Experiment = Experiment,
        ReturnStack = ReturnStack.Count == 0 ? [] : [.. ReturnStack],
        Used = Used.Count == 0 ? [] : new Dictionary<string, int>(Used),
        Offer = Offer,
        Intents = Intents.Count == 0 ? [] : [.. Intents],
        LastText = LastText,
        Outcome = Outcome,
        Grade = Grade,
        StartedAt = StartedAt,
        UpdatedAt = UpdatedAt,
    };

    private static readonly JsonSerializerOptions JsonOptions = new(ScriptJson.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        WriteIndented = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    public static ConversationState FromJson(string json) =>
        JsonSerializer.Deserialize<ConversationState>(json, JsonOptions) ?? throw new JsonException("the conversation state is null");
}
