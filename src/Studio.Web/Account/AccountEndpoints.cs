using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Studio.Runtime.Operations;

namespace Studio.Web.Account;

public static class AccountEndpoints
{
    /// <summary><c>POST /account/logout</c> (a form with the antiforgery token): signs out and shows the sign-in page.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(AccountPaths.Logout, async (HttpContext http, IAntiforgery antiforgery) =>
        {
            // The antiforgery middleware only records a failed check; an endpoint without form binding must act on it.
            var valid = http.Features.Get<IAntiforgeryValidationFeature>() is { } checkedByMiddleware
                ? checkedByMiddleware.IsValid
                : await antiforgery.IsRequestValidAsync(http);
            if (!valid)
            {
                return Results.BadRequest("sign-out needs the page's antiforgery token");
            }
            await http.SignOutAsync(StudioAuth.CookieScheme);
            return Results.LocalRedirect(AccountPaths.Login);
        })
        .WithMetadata(new RequireAntiforgeryTokenAttribute())
        .ExcludeFromDescription();
        return endpoints;
    }
}
