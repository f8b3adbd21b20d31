using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Studio.Runtime.Operations;

/// <summary>One API key (configuration <c>Studio:Api:Keys:N</c>): its name, role and either the key or its hash.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>Who uses it ("crm-sync", "ops"): the authenticated name, and what logs show.</summary>
    public string Name { get; set; } = "";

    /// <summary>admin, designer or reviewer.</summary>
    public string Role { get; set; } = "";

    /// <summary>The key itself: from the environment only (<c>Studio__Api__Keys__0__Key</c>).</summary>
    public string? Key { get; set; }

    /// <summary>Hex SHA-256 of the key: safe to keep in a committed file (<c>printf %s "$KEY" | sha256sum</c>).</summary>
    public string? KeyHash { get; set; }
}

public sealed class ApiKeyOptions
{
    public const string Section = "Studio:Api";

    public List<ApiKeyEntry> Keys { get; set; } = [];
}

/// <summary>The configured keys as SHA-256 hashes, checked in constant time.</summary>
public sealed class ApiKeyRing
{
    private readonly IReadOnlyList<(byte[] Hash, string Name, string Role)> _keys;

    public ApiKeyRing(ApiKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = new List<(byte[], string, string)>();
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var entry = options.Keys[i];
            var where = $"{ApiKeyOptions.Section}:Keys:{i}";
            if (string.IsNullOrWhiteSpace(entry.Name))
            {
                throw new ArgumentException($"{where}:Name is missing");
            }
            if (!StudioAuth.Roles.All.Contains(entry.Role))
            {
                throw new ArgumentException($"{where}:Role '{entry.Role}' is not one of {string.Join(", ", StudioAuth.Roles.All)}");
            }
            byte[] hash;
            if (!string.IsNullOrEmpty(entry.Key))
            {
                if (entry.Key.Length < 16)
                {
                    throw new ArgumentException($"{where}:Key is shorter than 16 characters");
                }
                hash = Hash(entry.Key);
            }
            else if (entry.KeyHash is { Length: 64 } hex && hex.All(char.IsAsciiHexDigit))
            {
                hash = Convert.FromHexString(hex);
            }
            else if (string.IsNullOrEmpty(entry.KeyHash))
            {
                // A name and role without a key: the key's environment variable is not set here. Skipped, not an error,
                // so one appsettings.json serves machines that hold different keys.
                continue;
            }
            else
            {
                throw new ArgumentException($"{where}:KeyHash is not 64 hex digits (SHA-256 of the key)");
            }
            keys.Add((hash, entry.Name, entry.Role));
        }
        _keys = keys;
    }

    public int Count => _keys.Count;

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The key's name and role, or null. Compares against every key so the time does not tell which matched.</summary>
    public (string Name, string Role)? Find(string presented)
    {
        var hash = Hash(presented);
        (string, string)? found = null;
        foreach (var (keyHash, name, role) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, keyHash))
            {
                found = (name, role);
            }
        }
        return found;
    }
}

/// <summary>
/// Authenticates a request by its API key: header <c>X-Api-Key: &lt;key&gt;</c> or <c>Authorization: ApiKey &lt;key&gt;</c>.
/// No key → no result (another scheme may authenticate); an unknown key → failure. Challenges and refusals answer
/// JSON (401 / 403), never a redirect.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, ApiKeyRing keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string HeaderName = "X-Api-Key";
    private const string AuthorizationPrefix = "ApiKey ";

    /// <summary>Does the request carry an API key at all (either header)?</summary>
    public static bool HasKey(HttpRequest request) =>
        request.Headers.ContainsKey(HeaderName)
        || request.Headers.Authorization.ToString().StartsWith(AuthorizationPrefix, StringComparison.OrdinalIgnoreCase);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(key))
        {
            var authorization = Request.Headers.Authorization.ToString();
            key = authorization.StartsWith(AuthorizationPrefix, StringComparison.OrdinalIgnoreCase) ? authorization[AuthorizationPrefix.Length..].Trim() : null;
        }
        if (string.IsNullOrEmpty(key))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (keys.Find(key) is not { } match)
        {
            LogUnknownKey(Logger, Request.Path);
            return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, match.Name), new Claim(ClaimTypes.Role, match.Role)], Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var message = result.Failure is not null
            ? "the API key is not valid"
            : $"authentication required: send an API key in the {HeaderName} header";
        await WriteErrorAsync(Response, StatusCodes.Status401Unauthorized, message);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteErrorAsync(Response, StatusCodes.Status403Forbidden, "this API key's role may not do this");

    internal static Task WriteErrorAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(JsonSerializer.Serialize(new { error = message }));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unknown API key presented for {Path}")]
    private static partial void LogUnknownKey(ILogger logger, PathString path);
}
