namespace Studio.Core.Testing.Dialogs;

/// <summary>A clock that moves only when told: conversations in tests replay exactly.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    /// <summary>2026-11-20 10:00 China time: a weekday morning inside calling hours.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8));

    private DateTimeOffset _now = start;

    public ManualClock() : this(DefaultStart)
    {
    }

    public override DateTimeOffset GetUtcNow() => _now.ToUniversalTime();

    public void Advance(TimeSpan by) => _now += by;
}
