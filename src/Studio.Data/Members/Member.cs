using Studio.Core.Members;

namespace Studio.Data.Members;

/// <summary>
/// A member as stored. The phone number is kept as (1) its masked form for display and the engine,
/// (2) a keyed hash for look-ups and the do-not-contact list, and (3) encrypted at rest (AES-GCM, key
/// from configuration) for dialling only — and (2) and (3) only when a secret is configured. The full
/// number never leaves this store except through <see cref="IMemberStore.GetDialNumberAsync"/>.
/// </summary>
public sealed class Member
{
    /// <summary>The brand's member id (the CRM's opaque id).</summary>
    public string Id { get; set; } = "";

    /// <summary>138****1234.</summary>
    public string? PhoneMasked { get; set; }

    /// <summary>Keyed hash of the normalised number (hex), when a secret is configured.</summary>
    public string? PhoneHash { get; set; }

    /// <summary>The number encrypted at rest; read through the store, never shown.</summary>
    public byte[]? PhoneProtected { get; set; }

    public string? Name { get; set; }
    public string? Surname { get; set; }
    public string? Title { get; set; }
    public string? Tier { get; set; }
    public string? City { get; set; }
    public string? Store { get; set; }
    public List<string> Tags { get; set; } = [];
    public Dictionary<string, string> Attributes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Can the runtime dial this member (is an encrypted number stored)?</summary>
    [LiteDB.BsonIgnore]
    public bool HasDialNumber => PhoneProtected is { Length: > 0 };

    /// <summary>What the engine sees: the masked number only.</summary>
    public MemberProfile ToProfile() => new()
    {
        Id = Id,
        Name = Name,
        Surname = Surname,
        Title = Title,
        Tier = Tier,
        Phone = PhoneMasked,
        City = City,
        Store = Store,
        Attributes = new Dictionary<string, string>(Attributes),
    };
}

/// <summary>A member as imported (CSV, CRM API): the full phone number goes in, is masked, hashed and encrypted.</summary>
public sealed record MemberInput
{
    public required string Id { get; init; }

    /// <summary>The full number; null keeps the stored one.</summary>
    public string? Phone { get; init; }

    public string? Name { get; init; }
    public string? Surname { get; init; }
    public string? Title { get; init; }
    public string? Tier { get; init; }
    public string? City { get; init; }
    public string? Store { get; init; }

    /// <summary>Null keeps the stored tags; a list replaces them.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Null keeps the stored attributes; a dictionary replaces them.</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
}

public sealed record MemberQuery
{
    /// <summary>Case-insensitive text in id, name, surname or masked phone.</summary>
    public string? Search { get; init; }

    /// <summary>Members carrying every one of these tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    public string? Tier { get; init; }
    public string? After { get; init; }
    public int Take { get; init; } = 50;
}
