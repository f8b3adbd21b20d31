using Studio.Data.Compliance;
using Studio.Data.Members;

namespace Studio.Runtime.Compliance;

/// <summary>The ways the runtime reaches a member on its own initiative.</summary>
public enum OutboundChannel
{
    /// <summary>An outbound call (外呼).</summary>
    Call,
    Sms,
    /// <summary>A WeCom add request (加微) or a message the member did not ask for.</summary>
    Wecom,
}

public enum OutboundRefusal
{
    None,
    /// <summary>On the do-not-contact list for a reason other than their own refusal (complaint, manual, CRM).</summary>
    DoNotContact,
    /// <summary>The member refused further contact (opt-out intent, unsubscribe): listed as opt_out or tagged.</summary>
    OptedOut,
    OutsideCallingHours,
}

/// <summary>The guard's answer: allowed, or why not (and, outside calling hours, when it would be allowed).</summary>
public sealed record OutboundDecision(OutboundRefusal Refusal, string? Reason = null, DateTimeOffset? RetryAt = null)
{
    public static OutboundDecision Allowed { get; } = new(OutboundRefusal.None);

    public bool IsAllowed => Refusal == OutboundRefusal.None;
}

/// <summary>Compliance settings (section <c>Studio:Compliance</c>).</summary>
public sealed class ComplianceOptions
{
    public const string Section = "Studio:Compliance";

    /// <summary>A member carrying this tag has opted out (e.g. set by the CRM on unsubscribe).</summary>
    public string OptOutTag { get; set; } = "opt_out";

    /// <summary>Channels the calling hours apply to (Call, Sms, Wecom); unset: all of them.</summary>
    public List<OutboundChannel>? CallingHoursApplyTo { get; set; }
}

/// <summary>
/// Checked before every outbound call or message (COMPLIANCE.md): the do-not-contact list (by member and by number),
/// an opt-out tag on the member, then the calling hours. Refusals for a person come first, so a listed member is never
/// merely "deferred until 09:00".
/// </summary>
public sealed class OutboundGuard(IDoNotContactList doNotContact, IMemberStore members, CallingHours hours, ComplianceOptions? options = null)
{
    private readonly ComplianceOptions _options = options ?? new ComplianceOptions();

    public async Task<OutboundDecision> CheckAsync(string? memberId, string? phone, OutboundChannel channel, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(memberId) && string.IsNullOrEmpty(phone))
        {
            throw new ArgumentException("give the member id or the phone number to check");
        }
        if (await doNotContact.IsListedAsync(memberId, now, phone, cancellationToken).ConfigureAwait(false))
        {
            var entries = await doNotContact.GetAsync(memberId, phone, cancellationToken).ConfigureAwait(false);
            var active = entries.Where(e => e.IsActive(now)).OrderByDescending(e => e.Until).ToList();
            var optOut = active.FirstOrDefault(e => e.Reason == DoNotContactReasons.OptOut);
            return optOut is not null
                ? new OutboundDecision(OutboundRefusal.OptedOut, $"opted out (do-not-contact until {optOut.Until:yyyy-MM-dd})")
                : new OutboundDecision(OutboundRefusal.DoNotContact,
                    $"on the do-not-contact list ({active.FirstOrDefault()?.Reason ?? "listed"}, until {active.FirstOrDefault()?.Until:yyyy-MM-dd})");
        }
        if (!string.IsNullOrEmpty(memberId)
            && await members.GetAsync(memberId, cancellationToken).ConfigureAwait(false) is { } member
            && member.Tags.Contains(_options.OptOutTag, StringComparer.Ordinal))
        {
            return new OutboundDecision(OutboundRefusal.OptedOut, $"opted out (tag {_options.OptOutTag})");
        }
        if ((_options.CallingHoursApplyTo is not { Count: > 0 } applies || applies.Contains(channel)) && !hours.IsOpen(now))
        {
            return new OutboundDecision(OutboundRefusal.OutsideCallingHours, $"outside calling hours ({hours.Describe(now)} China time)", hours.NextOpening(now));
        }
        return OutboundDecision.Allowed;
    }
}
