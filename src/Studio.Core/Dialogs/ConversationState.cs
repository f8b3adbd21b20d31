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
    public MemberProfile Member { get => _member ??= new(); set => _member = value; }
    public ulong Seed { get; set; }
    public int Turn { get; set; }
    public ConversationStatus Status { get; set; }

    /// <summary>The ask node the conversation waits at (or ended at).</summary>
    public string? Node { get; set; }

    public int NoMatchCount { get; set; }
    public int NoInputCount { get; set; }
    public Dictionary<string, JsonElement> Vars { get => _vars ??= []; set => _vars = value; }

    /// <summary>Experiment → arm, fixed at first exposure.</summary>
    public Dictionary<string, string> Arms { get => _arms ??= []; set => _arms = value; }

    /// <summary>Key of <see cref="ForcedArms"/> that forces the arm of every experiment.</summary>
    public const string AnyExperiment = "*";

    /// <summary>Arms forced by the tester or a story (experiment → arm, or * → arm), instead of hashing.</summary>
    public Dictionary<string, string>? ForcedArms { get; set; }

    /// <summary>The most recent experiment the path went through; outputs carry it and its arm.</summary>
    public string? Experiment { get; set; }

    /// <summary>Goto nodes' return targets, innermost last.</summary>
    public List<string> ReturnStack { get => _returnStack ??= []; set => _returnStack = value; }

    /// <summary>
    /// Per message slot: a bit set of the variations already said in the current cycle, so none repeats
    /// early; when a cycle is complete, −(index + 1) of its last variation, which the next cycle must not start with.
    /// </summary>
    public Dictionary<string, int> Used { get => _used ??= []; set => _used = value; }

    /// <summary>The incentive (or incentive set) last offered.</summary>
    public string? Offer { get; set; }

    /// <summary>Intents recognised so far, in order (capped), for grade rules and tagging.</summary>
    public List<string> Intents { get => _intents ??= []; set => _intents = value; }

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

    /// <summary>
    /// A shallow copy for the next turn. Collections are shared with this state until the engine
    /// first writes to them (copy on write): most turns touch one or two of them, so a turn costs
    /// a few hundred bytes instead of copying everything.
    /// </summary>
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
        Vars = Vars,
        Arms = Arms,
        ForcedArms = ForcedArms,
        Experiment = Experiment,
        ReturnStack = ReturnStack,
        Used = Used,
        Offer = Offer,
        Intents = Intents,
        LastText = LastText,
        Outcome = Outcome,
        Grade = Grade,
        StartedAt = StartedAt,
        UpdatedAt = UpdatedAt,
        _owned = Owned.None,
    };

    [Flags]
    private enum Owned
    {
        None = 0,
        Vars = 1,
        Arms = 2,
        ReturnStack = 4,
        Used = 8,
        Intents = 16,
        All = Vars | Arms | ReturnStack | Used | Intents,
    }

    // Created on first use: cloning must not allocate collections only to replace them.
    private MemberProfile? _member;
    private Dictionary<string, JsonElement>? _vars;
    private Dictionary<string, string>? _arms;
    private List<string>? _returnStack;
    private Dictionary<string, int>? _used;
    private List<string>? _intents;

    // A state built from scratch (or read from JSON) owns its collections.
    private Owned _owned = Owned.All;

    internal Dictionary<string, JsonElement> WritableVars() => Own(Owned.Vars) ? Vars : Vars = new(Vars);

    internal Dictionary<string, string> WritableArms() => Own(Owned.Arms) ? Arms : Arms = new(Arms);

    internal List<string> WritableReturnStack() => Own(Owned.ReturnStack) ? ReturnStack : ReturnStack = [.. ReturnStack];

    internal Dictionary<string, int> WritableUsed() => Own(Owned.Used) ? Used : Used = new(Used);

    internal List<string> WritableIntents() => Own(Owned.Intents) ? Intents : Intents = [.. Intents];

    /// <summary>True when the collection is already this state's own; marks it owned either way.</summary>
    private bool Own(Owned collection)
    {
        var owned = (_owned & collection) != 0;
        _owned |= collection;
        return owned;
    }

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
