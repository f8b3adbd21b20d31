namespace Studio.Data.Compliance;

/// <summary>
/// A member (or phone number) who must not be contacted until <see cref="Until"/>: a refusal keeps a
/// member listed for 6 months by default (COMPLIANCE.md). Keyed by member id, or by the keyed phone
/// hash when the refusal came from a number we cannot match to a member.
/// </summary>
public sealed class DoNotContactEntry
{
    /// <summary>"m:" + member id, or "p:" + phone hash.</summary>
    public string Id { get; set; } = "";

    public string? MemberId { get; set; }
    public string? PhoneHash { get; set; }

    /// <summary>opt_out, complaint, manual, crm …</summary>
    public string Reason { get; set; } = "";

    public DateTimeOffset Since { get; set; }
    public DateTimeOffset Until { get; set; }

    /// <summary>Where the refusal came from (a conversation key, "studio", "crm import").</summary>
    public string? Source { get; set; }

    public bool IsActive(DateTimeOffset now) => Since <= now && now < Until;

    public static string KeyOfMember(string memberId) => "m:" + memberId;

    public static string KeyOfPhone(string phoneHash) => "p:" + phoneHash;
}

public static class DoNotContactReasons
{
    public const string OptOut = "opt_out";
    public const string Complaint = "complaint";
    public const string Manual = "manual";
}
