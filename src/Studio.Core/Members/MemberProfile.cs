namespace Studio.Core.Members;

/// <summary>
/// What the engine knows about the member it talks to. Only a masked phone number ever reaches
/// the engine: templates and logs can show 138****1234, never the full number.
/// </summary>
public sealed class MemberProfile
{
    /// <summary>Fields every script may read as {{member.x}}; others must be declared in the script's memberFields.</summary>
    public static readonly IReadOnlyList<string> StandardFields =
        ["id", "name", "surname", "title", "salutation", "tier", "phone", "city", "store"];

    public string Id { get; set; } = "";
    public string? Name { get; set; }

    /// <summary>Family name, for addressing (张).</summary>
    public string? Surname { get; set; }

    /// <summary>先生 / 女士.</summary>
    public string? Title { get; set; }

    public string? Tier { get; set; }

    /// <summary>Masked phone number (138****1234).</summary>
    public string? Phone { get; set; }

    public string? City { get; set; }
    public string? Store { get; set; }
    public Dictionary<string, string> Attributes { get; set; } = [];

    /// <summary>How the bot addresses the member: 张女士, else the name, else 您.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Salutation =>
        Surname is { Length: > 0 } && Title is { Length: > 0 } ? Surname + Title : Name is { Length: > 0 } ? Name : "您";

    public string? Field(string name) => name switch
    {
        "id" => Id,
        "name" => Name,
        "surname" => Surname,
        "title" => Title,
        "salutation" => Salutation,
        "tier" => Tier,
        "phone" => Phone,
        "city" => City,
        "store" => Store,
        _ => Attributes.TryGetValue(name, out var value) ? value : null,
    };

    /// <summary>Masks a phone number for display and logs: 13812341234 → 138****1234.</summary>
    public static string MaskPhone(string phone)
    {
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 7 ? digits[..3] + "****" + digits[^4..] : new string('*', digits.Length);
    }

    /// <summary>Builds a member from key=value pairs (CLI --member, story files).</summary>
    public static MemberProfile FromPairs(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var member = new MemberProfile { Id = "demo-member" };
        foreach (var (key, value) in pairs)
        {
            switch (key)
            {
                case "id": member.Id = value; break;
                case "name": member.Name = value; break;
                case "surname": member.Surname = value; break;
                case "title": member.Title = value; break;
                case "tier": member.Tier = value; break;
                case "phone": member.Phone = MaskPhone(value); break;
                case "city": member.City = value; break;
                case "store": member.Store = value; break;
                default: member.Attributes[key] = value; break;
            }
        }
        return member;
    }

    /// <summary>The fields that are set, as key=value pairs (the inverse of <see cref="FromPairs"/>).</summary>
    public Dictionary<string, string> ToPairs()
    {
        var pairs = new Dictionary<string, string>(Attributes, StringComparer.Ordinal);
        foreach (var field in StandardFields)
        {
            if (field != "salutation" && Field(field) is { Length: > 0 } value)
            {
                pairs[field] = value;
            }
        }
        return pairs;
    }

    public MemberProfile Clone() => new()
    {
        Id = Id, Name = Name, Surname = Surname, Title = Title, Tier = Tier, Phone = Phone, City = City, Store = Store,
        Attributes = new Dictionary<string, string>(Attributes),
    };
}
