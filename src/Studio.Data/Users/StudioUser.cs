namespace Studio.Data.Users;

/// <summary>
/// A person who signs in to the studio. The password is kept only as a hash (the host hashes it; this
/// project stays free of ASP.NET). <see cref="UserName"/> is the id and what versions record as "published by".
/// </summary>
public sealed class StudioUser
{
    /// <summary>Sign-in name, lower case (the id).</summary>
    [LiteDB.BsonId]
    public string UserName { get; set; } = "";

    /// <summary>How the studio shows the person (王运营).</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>One of <c>StudioAuth.Roles</c>: admin, designer, reviewer.</summary>
    public string Role { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    /// <summary>A disabled user cannot sign in; existing sessions end at their next validation.</summary>
    public bool Disabled { get; set; }

    /// <summary>Changes on every password reset, role change or disabling, so old sign-in cookies stop working.</summary>
    public string SecurityStamp { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Sign-in names are compared without case and surrounding spaces.</summary>
    public static string NormalizeName(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return userName.Trim().ToLowerInvariant();
    }
}

/// <summary>Creating a user whose name is taken.</summary>
public sealed class UserExistsException(string userName)
    : Exception($"a user named '{userName}' already exists")
{
    public string UserName { get; } = userName;
}
