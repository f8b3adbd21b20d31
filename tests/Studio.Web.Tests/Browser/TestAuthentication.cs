using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Studio.Runtime.Operations;

namespace Studio.Web.Tests.Browser;

/// <summary>
/// A sign-in for tests of pages and endpoints that need a role: the <c>X-Test-Role</c> header names it, else the
/// scheme's default role; an empty role is anonymous. Lets page and endpoint tests skip the sign-in form (the journeys use it).
/// </summary>
public sealed class TestAuthentication(IOptionsMonitor<TestAuthentication.RoleOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<TestAuthentication.RoleOptions>(options, logger, encoder)
{
    public const string SchemeName = "test";
    public const string RoleHeader = "X-Test-Role";

    public sealed class RoleOptions : AuthenticationSchemeOptions
    {
        public string? DefaultRole { get; set; }
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var role = Request.Headers.TryGetValue(RoleHeader, out var header) ? header.ToString() : Options.DefaultRole;
        if (string.IsNullOrEmpty(role))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "王运营"), new Claim(ClaimTypes.Role, role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>Makes the test scheme the default one (and the designer policy use it).</summary>
    public static IServiceCollection Add(IServiceCollection services, string? defaultRole = null)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SchemeName;
                o.DefaultAuthenticateScheme = SchemeName;
                o.DefaultChallengeScheme = SchemeName;
                o.DefaultForbidScheme = SchemeName;
            })
            .AddScheme<RoleOptions, TestAuthentication>(SchemeName, o => o.DefaultRole = defaultRole);
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        return services;
    }

    public static string Designer => StudioAuth.Roles.Designer;
}
