using Studio.Core.Scripts;

namespace Studio.Data.TurnLog;

/// <summary>
/// One turn of a conversation as logged for A/B review and tagging. <see cref="MemberId"/> is
/// pseudonymous: the CRM's opaque member id, or a keyed hash when the id is a phone number
/// (<see cref="Privacy.PersonalDataProtector.Pseudonym"/>); texts have phone numbers masked.
/// </summary>
public sealed class TurnRecord
{
    /// <summary>Assigned on append, increasing: the log's order and its page cursor.</summary>
    public long Id { get; set; }

    public DateTimeOffset Time { get; set; }

    /// <summary>The conversation key ("voice:call-1", "wecom:wm…").</summary>
    public string Conversation { get; set; } = "";

    public Channel Channel { get; set; }
    public string MemberId { get; set; } = "";
    public string ScriptId { get; set; } = "";
    public string Version { get; set; } = "";

    /// <summary>Turn number within the conversation (0 = start).</summary>
    public int Turn { get; set; }

    /// <summary>The node the turn ended at (waiting or end node).</summary>
    public string? Node { get; set; }

    public string? Experiment { get; set; }
    public string? Arm { get; set; }

    /// <summary>What the bot said or sent in this turn (messages joined by a space).</summary>
    public string? BotText { get; set; }

    public string? MemberText { get; set; }
    public string? Intent { get; set; }
    public double? Confidence { get; set; }

    /// <summary>Which recogniser decided (rules, model, llm, keyword, edge …).</summary>
    public string? DecidedBy { get; set; }

    public Dictionary<string, string> Entities { get; set; } = [];

    /// <summary>Our processing time for the turn (recognition + engine + persistence), milliseconds.</summary>
    public double LatencyMs { get; set; }

    /// <summary>Set on the turn that ended the conversation.</summary>
    public string? Outcome { get; set; }

    public string? Grade { get; set; }
}

/// <summary>Filters of the turn log; every one is optional and they combine with AND.</summary>
public sealed record TurnQuery
{
    public string? ScriptId { get; init; }
    public string? Version { get; init; }
    public string? Node { get; init; }
    public string? Intent { get; init; }
    public string? Experiment { get; init; }
    public string? Arm { get; init; }

    /// <summary>The pseudonymous member id as logged (a phone number is converted the same way before matching).</summary>
    public string? MemberId { get; init; }

    public string? Conversation { get; init; }
    public Channel? Channel { get; init; }

    /// <summary>Inclusive lower bound of the time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive upper bound of the time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Cursor from a previous page (newest first).</summary>
    public string? After { get; init; }

    public int Take { get; init; } = 100;
}
