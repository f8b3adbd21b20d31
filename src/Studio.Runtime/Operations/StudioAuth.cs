namespace Studio.Runtime.Operations;

/// <summary>
/// Names shared by every part of the host that authenticates or authorises: the runtime's API keys, the studio's
/// cookie sign-in, and the policies pages and endpoints require.
/// </summary>
public static class StudioAuth
{
    /// <summary>The default scheme: forwards to <see cref="ApiKeyScheme"/> when a request carries an API key, else to <see cref="CookieScheme"/>.</summary>
    public const string Scheme = "studio";

    public const string ApiKeyScheme = "apikey";

    /// <summary>The studio's sign-in cookie (registered by the studio UI).</summary>
    public const string CookieScheme = "cookie";

    public static class Roles
    {
        public const string Admin = "admin";
        public const string Designer = "designer";
        public const string Reviewer = "reviewer";

        public static readonly IReadOnlyList<string> All = [Admin, Designer, Reviewer];
    }

    public static class Policies
    {
        /// <summary>Admins only: users, API keys, rollback.</summary>
        public const string Admin = "studio.admin";

        /// <summary>Designers and admins: edit, test, publish scripts.</summary>
        public const string Designer = "studio.designer";

        /// <summary>Any signed-in role: read scripts, the turn log and A/B reviews.</summary>
        public const string Reviewer = "studio.reviewer";
    }
}
