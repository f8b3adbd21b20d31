using Microsoft.Extensions.Time.Testing;
using Studio.Data.Compliance;
using Studio.Data.Members;
using Studio.Data.Privacy;
using Studio.Data.Storage;
using Studio.Runtime.Compliance;

namespace Studio.Runtime.Tests.Compliance;

public sealed class CallingHoursTests
{
    // China time is UTC+8: 01:00Z is 09:00 in Shanghai, 13:00Z is 21:00.
    private static DateTimeOffset China(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    [Fact]
    public void The_default_window_is_nine_to_nine_China_time_whatever_the_callers_offset()
    {
        var hours = CallingHours.Default;
        Assert.False(hours.IsOpen(China(2026, 11, 11, 8, 59)));
        Assert.True(hours.IsOpen(China(2026, 11, 11, 9, 0)));
        Assert.True(hours.IsOpen(China(2026, 11, 11, 20, 59)));
        Assert.False(hours.IsOpen(China(2026, 11, 11, 21, 0)));
        // 02:00 UTC is 10:00 in Shanghai; 14:00 UTC is 22:00.
        Assert.True(hours.IsOpen(new DateTimeOffset(2026, 11, 11, 2, 0, 0, TimeSpan.Zero)));
        Assert.False(hours.IsOpen(new DateTimeOffset(2026, 11, 11, 14, 0, 0, TimeSpan.Zero)));
        Assert.Equal("09:00-21:00", hours.Describe(China(2026, 11, 11, 22, 0)));
    }

    [Fact]
    public void Weekends_holidays_and_working_weekends_use_their_own_windows()
    {
        var hours = new CallingHours(new CallingHoursOptions
        {
            Weekdays = "09:00-21:00",
            Weekends = "10:00-18:00",
            Holidays = ["2026-10-01"],
            HolidayWindow = "closed",
            WorkingWeekends = ["2026-10-10"],
        });
        // 2026-11-14 is a Saturday.
        Assert.False(hours.IsOpen(China(2026, 11, 14, 9, 30)));
        Assert.True(hours.IsOpen(China(2026, 11, 14, 10, 0)));
        Assert.False(hours.IsOpen(China(2026, 11, 14, 18, 0)));
        // National Day (a Thursday) is closed all day.
        Assert.False(hours.IsOpen(China(2026, 10, 1, 12, 0)));
        Assert.Equal("closed", hours.Describe(China(2026, 10, 1, 12, 0)));
        // 2026-10-10 is a Saturday worked in exchange (调休): weekday hours.
        Assert.True(hours.IsOpen(China(2026, 10, 10, 9, 30)));
    }

    [Fact]
    public void The_next_opening_skips_closed_days()
    {
        var hours = new CallingHours(new CallingHoursOptions { Holidays = ["2026-10-01", "2026-10-02"], HolidayWindow = "closed" });
        Assert.Equal(China(2026, 11, 12, 9, 0), hours.NextOpening(China(2026, 11, 11, 21, 30)));
        Assert.Equal(China(2026, 11, 11, 9, 0), hours.NextOpening(China(2026, 11, 11, 7, 0)));
        Assert.Equal(China(2026, 10, 3, 9, 0), hours.NextOpening(China(2026, 9, 30, 22, 0)));
        var open = China(2026, 11, 11, 15, 0);
        Assert.Equal(open, hours.NextOpening(open));
    }

    [Theory]
    [InlineData("9-21")]
    [InlineData("21:00-09:00")]
    [InlineData("")]
    public void A_bad_window_is_refused_with_the_setting_named(string window)
    {
        var ex = Assert.Throws<ArgumentException>(() => new CallingHours(new CallingHoursOptions { Weekends = window }));
        Assert.Contains("Studio:Compliance:CallingHours:Weekends", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_holiday_date_is_refused_with_its_index()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CallingHours(new CallingHoursOptions { Holidays = ["2026-10-01", "10/02/2026"] }));
        Assert.Contains("Holidays[1]", ex.Message, StringComparison.Ordinal);
    }
}

public sealed class OutboundGuardTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "studio-runtime-tests", Guid.NewGuid().ToString("N"));
    private readonly StudioDatabase _db;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 11, 2, 0, 0, TimeSpan.Zero)); // 10:00 China time
    private readonly LiteDbDoNotContactList _dnc;
    private readonly LiteDbMemberStore _members;
    private readonly OutboundGuard _guard;

    public OutboundGuardTests()
    {
        Directory.CreateDirectory(_directory);
        _db = new StudioDatabase(Path.Combine(_directory, "studio.db"));
        var protector = new PersonalDataProtector([.. Enumerable.Range(1, 32).Select(i => (byte)i)]);
        _dnc = new LiteDbDoNotContactList(_db, protector, TimeSpan.FromDays(183));
        _members = new LiteDbMemberStore(_db, protector, _time);
        _guard = new OutboundGuard(_dnc, _members, CallingHours.Default, new ComplianceOptions { CallingHoursApplyTo = [OutboundChannel.Call, OutboundChannel.Sms] });
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_member_in_hours_and_not_listed_may_be_contacted()
    {
        await _members.UpsertAsync(new MemberInput { Id = "m-1", Phone = "13812345678" });
        var decision = await _guard.CheckAsync("m-1", "13812345678", OutboundChannel.Call, _time.GetUtcNow());
        Assert.True(decision.IsAllowed);
    }

    [Fact]
    public async Task An_opt_out_is_refused_as_opted_out_until_the_listing_ends()
    {
        await _dnc.AddAsync("m-1", null, DoNotContactReasons.OptOut, _time.GetUtcNow(), source: "voice:call-1");
        var decision = await _guard.CheckAsync("m-1", null, OutboundChannel.Call, _time.GetUtcNow());
        Assert.Equal(OutboundRefusal.OptedOut, decision.Refusal);
        Assert.Contains("opted out", decision.Reason, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromDays(184));
        Assert.True((await _guard.CheckAsync("m-1", null, OutboundChannel.Call, _time.GetUtcNow())).IsAllowed);
    }

    [Fact]
    public async Task A_number_listed_for_a_complaint_is_refused_as_do_not_contact_even_under_another_member_id()
    {
        await _dnc.AddAsync(null, "138-1234-5678", DoNotContactReasons.Complaint, _time.GetUtcNow());
        var decision = await _guard.CheckAsync("m-new", "+86 138 1234 5678", OutboundChannel.Sms, _time.GetUtcNow());
        Assert.Equal(OutboundRefusal.DoNotContact, decision.Refusal);
        Assert.Contains(DoNotContactReasons.Complaint, decision.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("5678", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_tagged_opt_out_by_the_CRM_is_refused()
    {
        await _members.UpsertAsync(new MemberInput { Id = "m-2", Tags = ["vip", "opt_out"] });
        Assert.Equal(OutboundRefusal.OptedOut, (await _guard.CheckAsync("m-2", null, OutboundChannel.Wecom, _time.GetUtcNow())).Refusal);
    }

    [Fact]
    public async Task Outside_calling_hours_calls_and_sms_wait_for_the_next_opening_and_wecom_does_not_when_configured_so()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 11, 14, 0, 0, TimeSpan.Zero)); // 22:00 China time
        var decision = await _guard.CheckAsync("m-3", null, OutboundChannel.Call, _time.GetUtcNow());
        Assert.Equal(OutboundRefusal.OutsideCallingHours, decision.Refusal);
        Assert.Equal(new DateTimeOffset(2026, 11, 12, 9, 0, 0, TimeSpan.FromHours(8)), decision.RetryAt);
        Assert.Equal(OutboundRefusal.OutsideCallingHours, (await _guard.CheckAsync("m-3", null, OutboundChannel.Sms, _time.GetUtcNow())).Refusal);
        Assert.True((await _guard.CheckAsync("m-3", null, OutboundChannel.Wecom, _time.GetUtcNow())).IsAllowed);
    }

    [Fact]
    public async Task A_listed_member_is_refused_for_the_listing_not_merely_deferred_at_night()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 11, 14, 0, 0, TimeSpan.Zero));
        await _dnc.AddAsync("m-4", null, DoNotContactReasons.Manual, _time.GetUtcNow());
        Assert.Equal(OutboundRefusal.DoNotContact, (await _guard.CheckAsync("m-4", null, OutboundChannel.Call, _time.GetUtcNow())).Refusal);
    }

    [Fact]
    public async Task Neither_member_nor_number_is_a_programming_error()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _guard.CheckAsync(null, null, OutboundChannel.Call, _time.GetUtcNow()));
    }
}
