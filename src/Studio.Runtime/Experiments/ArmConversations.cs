using Studio.Core.Scripts;

namespace Studio.Runtime.Experiments;

/// <summary>Which page of an arm's conversations to list; <see cref="Outcome"/> "" means conversations that have not ended.</summary>
public sealed record ArmConversationQuery(string Arm)
{
    public string? Outcome { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 20;
}

/// <summary>One conversation of an arm as the drill-down lists it (the member id is the turn log's pseudonym).</summary>
public sealed record ArmConversation(string Key, Channel Channel, string MemberId, DateTimeOffset Start, int Turns, string? Outcome, string? Grade, double DurationSeconds);

/// <summary>A page of an arm's conversations, how many match the filter, how many the arm has, and its outcomes with counts.</summary>
public sealed record ArmConversationPage(IReadOnlyList<ArmConversation> Items, int Matching, int Total, IReadOnlyList<KeyValuePair<string, int>> Outcomes);
