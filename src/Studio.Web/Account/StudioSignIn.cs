using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Studio.Data.Users;
using Studio.Runtime.Operations;

namespace Studio.Web.Account;

public enum SignInOutcome
{
    SignedIn,
    WrongNameOrPassword,
    Disabled,
}

/// <summary>Checks a name and password against the user store and issues the studio's sign-in cookie.</summary>
public sealed class StudioSignIn(IUserStore users, StudioPasswords passwords, TimeProvider time, ILogger<StudioSignIn> logger)
{
    public const string DisplayNameClaim = "studio:display_name";
    public const string StampClaim = "studio:stamp";

    /// <summary>Verifies the credentials; on success signs in on <paramref name="http"/> (when given).</summary>
    public async Task<SignInOutcome> SignInAsync(HttpContext? http, string userName, string password, CancellationToken cancellationToken = default)
    {
        var user = await users.GetAsync(userName ?? "", cancellationToken);
        // The same answer for an unknown name and a wrong password: names are not to be probed.
        if (user is null || !passwords.Verify(user, password ?? ""))
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Sign-in refused for {UserName}", StudioUser.NormalizeName(userName ?? ""));
            }
            return SignInOutcome.WrongNameOrPassword;
        }
        if (user.Disabled)
        {
            return SignInOutcome.Disabled;
        }
        await users.UpdateAsync(user.UserName, u => u.LastSignInAt = time.GetUtcNow(), cancellationToken);
        if (http is not null)
        {
            await http.SignInAsync(StudioAuth.CookieScheme, PrincipalOf(user), new AuthenticationProperties { IsPersistent = false });
        }
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("{UserName} signed in as {Role}", user.UserName, user.Role);
        }
        return SignInOutcome.SignedIn;
    }

    public static ClaimsPrincipal PrincipalOf(StudioUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, user.UserName),
                new Claim(ClaimTypes.Role, user.Role),
                new Claim(DisplayNameClaim, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName : user.DisplayName),
                new Claim(StampClaim, user.SecurityStamp),
            ],
            StudioAuth.CookieScheme, ClaimTypes.Name, ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// On every request with the cookie: the user must still exist, be enabled and have the same security
    /// stamp (a reset password, a new role or disabling ends old sessions at once).
    /// </summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var stamp = context.Principal?.FindFirst(StampClaim)?.Value;
        var users = context.HttpContext.RequestServices.GetRequiredService<IUserStore>();
        var user = name is null ? null : await users.GetAsync(name, context.HttpContext.RequestAborted);
        if (user is null || user.Disabled || !string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(StudioAuth.CookieScheme);
        }
    }
}
