namespace Studio.Runtime.Conversations;

/// <summary>
/// A member's experiment arms across all their conversations (key: member id). The arm a member entered at first
/// exposure is kept, so a retry, another channel or a later change of the split's weights never moves them.
/// Persisted with the LiteDB grain storage.
/// </summary>
public interface IMemberGrain : IGrainWithStringKey
{
    Task<Dictionary<string, string>> GetArmsAsync();

    /// <summary>Records the first exposure to an experiment; a later exposure keeps the first arm. Returns the member's arm.</summary>
    Task<string> RecordExposureAsync(string experiment, string arm, DateTimeOffset at);
}

[GenerateSerializer]
public sealed class MemberArms
{
    [Id(0)] public Dictionary<string, ArmEntry> Experiments { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer]
public sealed record ArmEntry([property: Id(0)] string Arm, [property: Id(1)] DateTimeOffset FirstExposedAt);

public sealed class MemberGrain([PersistentState("arms", StudioGrainStorage.Name)] IPersistentState<MemberArms> arms) : Grain, IMemberGrain
{
    public Task<Dictionary<string, string>> GetArmsAsync() =>
        Task.FromResult(arms.State.Experiments.ToDictionary(e => e.Key, e => e.Value.Arm, StringComparer.Ordinal));

    public async Task<string> RecordExposureAsync(string experiment, string arm, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(experiment);
        ArgumentException.ThrowIfNullOrEmpty(arm);
        if (arms.State.Experiments.TryGetValue(experiment, out var entry))
        {
            return entry.Arm;
        }
        arms.State.Experiments[experiment] = new ArmEntry(arm, at);
        await arms.WriteStateAsync();
        return arm;
    }
}

/// <summary>The name of the grain storage this host's grains use (<c>[PersistentState(..., StudioGrainStorage.Name)]</c>).</summary>
public static class StudioGrainStorage
{
    public const string Name = "studio";
}
