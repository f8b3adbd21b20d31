namespace Studio.Data.Compliance;

/// <summary>The do-not-contact list (免打扰), checked before every outbound call or message.</summary>
public interface IDoNotContactList
{
    /// <summary>
    /// Lists a member and/or a phone number (at least one) from <paramref name="since"/> until
    /// <paramref name="until"/> (default: since + the configured period, 6 months). Listing someone
    /// already listed keeps the later end date.
    /// </summary>
    Task<DoNotContactEntry> AddAsync(string? memberId, string? phone, string reason, DateTimeOffset since, DateTimeOffset? until = null, string? source = null, CancellationToken cancellationToken = default);

    /// <summary>Is the member, or the phone number, listed at <paramref name="now"/>?</summary>
    Task<bool> IsListedAsync(string? memberId, DateTimeOffset now, string? phone = null, CancellationToken cancellationToken = default);

    /// <summary>The entries of a member / number, active or not.</summary>
    Task<IReadOnlyList<DoNotContactEntry>> GetAsync(string? memberId, string? phone = null, CancellationToken cancellationToken = default);

    /// <summary>Removes the member's (and/or number's) entries; returns how many.</summary>
    Task<int> RemoveAsync(string? memberId, string? phone = null, CancellationToken cancellationToken = default);

    /// <summary>Entries active at <paramref name="now"/>, newest first.</summary>
    Task<IReadOnlyList<DoNotContactEntry>> ListActiveAsync(DateTimeOffset now, int take = 1000, CancellationToken cancellationToken = default);
}
