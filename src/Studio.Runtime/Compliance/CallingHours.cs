using System.Globalization;

namespace Studio.Runtime.Compliance;

/// <summary>
/// Calling hours (configuration section <c>Studio:Compliance:CallingHours</c>). COMPLIANCE.md: marketing calls and
/// messages between 09:00 and 21:00 China time by default (CIRC telesales rules, used as the product's default).
/// Windows are "HH:mm-HH:mm" (end exclusive) or "closed"; holidays are dates in China time with their own window.
/// </summary>
public sealed class CallingHoursOptions
{
    public const string Section = "Studio:Compliance:CallingHours";

    /// <summary>IANA id of the time zone the windows are in.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public string Weekdays { get; set; } = "09:00-21:00";

    public string Weekends { get; set; } = "09:00-21:00";

    /// <summary>Public holidays (yyyy-MM-dd, China time): they use <see cref="HolidayWindow"/> instead.</summary>
    public List<string> Holidays { get; set; } = [];

    public string HolidayWindow { get; set; } = "09:00-21:00";

    /// <summary>
    /// Extra working days (调休: a Saturday or Sunday worked in exchange for a holiday, yyyy-MM-dd): they use
    /// <see cref="Weekdays"/>.
    /// </summary>
    public List<string> WorkingWeekends { get; set; } = [];
}

/// <summary>When members may be contacted. Pure: the time comes in.</summary>
public sealed class CallingHours
{
    private readonly TimeZoneInfo _zone;
    private readonly Window? _weekdays;
    private readonly Window? _weekends;
    private readonly Window? _holidays;
    private readonly HashSet<DateOnly> _holidayDates;
    private readonly HashSet<DateOnly> _workingWeekends;

    private readonly record struct Window(TimeOnly Start, TimeOnly End)
    {
        public bool Contains(TimeOnly time) => time >= Start && time < End;

        public override string ToString() =>
            Start.ToString("HH:mm", CultureInfo.InvariantCulture) + "-" + End.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    public CallingHours(CallingHoursOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _zone = FindZone(options.TimeZone);
        _weekdays = ParseWindow(options.Weekdays, "Weekdays");
        _weekends = ParseWindow(options.Weekends, "Weekends");
        _holidays = ParseWindow(options.HolidayWindow, "HolidayWindow");
        _holidayDates = [.. options.Holidays.Select((d, i) => ParseDate(d, $"Holidays[{i}]"))];
        _workingWeekends = [.. options.WorkingWeekends.Select((d, i) => ParseDate(d, $"WorkingWeekends[{i}]"))];
    }

    /// <summary>The defaults of COMPLIANCE.md: 09:00–21:00 China time every day.</summary>
    public static CallingHours Default { get; } = new(new CallingHoursOptions());

    /// <summary>May a member be called or messaged at <paramref name="now"/>?</summary>
    public bool IsOpen(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        return WindowOf(DateOnly.FromDateTime(local.DateTime)) is { } window && window.Contains(TimeOnly.FromDateTime(local.DateTime));
    }

    /// <summary>The next time from <paramref name="now"/> on when calling is allowed (now itself when open); null when every day is closed.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset now)
    {
        if (IsOpen(now))
        {
            return now;
        }
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        // A year covers any holiday list a brand configures.
        for (var i = 0; i < 370; i++, day = day.AddDays(1))
        {
            if (WindowOf(day) is not { } window || (i == 0 && time >= window.End))
            {
                continue;
            }
            var start = i == 0 && time > window.Start ? time : window.Start;
            var at = day.ToDateTime(start);
            return new DateTimeOffset(at, _zone.GetUtcOffset(at));
        }
        return null;
    }

    /// <summary>The window in force on <paramref name="now"/>'s day, for refusal messages ("09:00-21:00", "closed").</summary>
    public string Describe(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        return WindowOf(DateOnly.FromDateTime(local.DateTime))?.ToString() ?? "closed";
    }

    private Window? WindowOf(DateOnly day)
    {
        if (_holidayDates.Contains(day))
        {
            return _holidays;
        }
        if (_workingWeekends.Contains(day))
        {
            return _weekdays;
        }
        return day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? _weekends : _weekdays;
    }

    private static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException) when (id is "Asia/Shanghai" or "China Standard Time")
        {
            // Without tzdata: China has kept UTC+8 without daylight saving since 1991.
            return TimeZoneInfo.CreateCustomTimeZone("UTC+08", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
        catch (TimeZoneNotFoundException)
        {
            throw new ArgumentException($"{CallingHoursOptions.Section}:TimeZone: unknown time zone '{id}'");
        }
    }

    private static Window? ParseWindow(string? value, string name)
    {
        var text = value?.Trim() ?? "";
        if (text.Equals("closed", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            && (TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end) || parts[1] == "24:00")
            && (parts[1] == "24:00" || end > start))
        {
            return new Window(start, parts[1] == "24:00" ? TimeOnly.MaxValue : end);
        }
        throw new ArgumentException($"{CallingHoursOptions.Section}:{name}: '{value}' is not a window like \"09:00-21:00\" (or \"closed\")");
    }

    private static DateOnly ParseDate(string value, string name) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ArgumentException($"{CallingHoursOptions.Section}:{name}: '{value}' is not a date like \"2026-10-01\"");
}
