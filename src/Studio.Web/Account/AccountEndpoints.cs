using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Studio.Runtime.Operations;

namespace Studio.Web.Account;

public static class AccountEndpoints
{
    /// <summary><c>POST /account/logout</c> (a form with the antiforgery token): signs out and shows the sign-in page.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(AccountPaths.Logout, async (HttpContext http) =>
        {
            await http.SignOutAsync(StudioAuth.CookieScheme);
            return Results.LocalRedirect(AccountPaths.Login);
        })
        .WithMetadata(new RequireAntiforgeryTokenAttribute())
        .ExcludeFromDescription();
        return endpoints;
    }
}
