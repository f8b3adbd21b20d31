namespace Studio.Data;

/// <summary>Storage settings (configuration section <c>Studio:Data</c>).</summary>
public sealed class StudioDataOptions
{
    public const string Section = "Studio:Data";

    /// <summary>The LiteDB file. One process owns it (LiteDB opens it exclusively).</summary>
    public string DatabasePath { get; set; } = "data/studio.db";

    /// <summary>
    /// Base64 secret (at least 32 bytes) from which the keys protecting personal data are derived: the
    /// AES-GCM key that encrypts members' phone numbers at rest and the HMAC keys of phone hashes and
    /// member pseudonyms. Supply it from the environment (<c>Studio__Data__SecretKey</c>), never from a
    /// committed file. Without it, full phone numbers are not stored at all (only the masked form) and
    /// the do-not-contact list works by member id only.
    /// </summary>
    public string? SecretKey { get; set; }

    /// <summary>How long a refusal keeps a member on the do-not-contact list (COMPLIANCE.md: at least 6 months).</summary>
    public int DoNotContactDays { get; set; } = 183;

    /// <summary>Attempts before an outbox item is dead-lettered.</summary>
    public int OutboxMaxAttempts { get; set; } = 8;
}
