namespace Studio.Core.Testing.Stories;

// The shape of a *.stories.yaml file (see docs/stories.md). Unknown keys are rejected by the reader.

public sealed class StoryFile
{
    public string? Script { get; set; }
    public List<Story> Stories { get; set; } = [];
}

public sealed class Story
{
    public string Name { get; set; } = "";
    public Dictionary<string, string>? Member { get; set; }
    public string? Channel { get; set; }
    public Dictionary<string, string>? Arms { get; set; }
    public ulong? Seed { get; set; }
    public Dictionary<string, string>? Variables { get; set; }

    /// <summary>Start time (ISO 8601), e.g. 2026-11-20T20:30:00+08:00; a weekday 10:00 China time by default.</summary>
    public DateTimeOffset? Now { get; set; }

    public List<StoryStep> Steps { get; set; } = [];
    public string? Outcome { get; set; }
    public string? Grade { get; set; }
}

public sealed class StoryStep
{
    // Inputs: at most one per step; a first step without one holds expectations on the opening.
    public string? User { get; set; }
    public double? Confidence { get; set; }
    public bool? NoInput { get; set; }
    public string? Dtmf { get; set; }
    public bool? Hangup { get; set; }
    public string? Timer { get; set; }

    // Expectations.
    public string? Intent { get; set; }
    public string? Node { get; set; }

    /// <summary>A string or a list of strings, each expected in the turn's bot text.</summary>
    public object? Bot { get; set; }

    public object? NotBot { get; set; }
    public string? Spoken { get; set; }
    public List<string>? Actions { get; set; }
    public bool? Global { get; set; }
    public string? Arm { get; set; }
    public string? Outcome { get; set; }
    public string? Grade { get; set; }
    public bool? Ended { get; set; }

    public bool HasInput => User is not null || NoInput == true || Dtmf is not null || Hangup == true || Timer is not null;

    public string Describe() =>
        User is not null ? $"user: {User}"
        : NoInput == true ? "noInput"
        : Dtmf is not null ? $"dtmf: {Dtmf}"
        : Hangup == true ? "hangup"
        : Timer is not null ? $"timer: {Timer}"
        : "opening";
}
