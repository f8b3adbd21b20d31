using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Studio.Web.Localization;

/// <summary>
/// Chinese first, English on request: the culture comes from a cookie set by <c>/culture</c>, else zh-CN
/// (not the browser's Accept-Language: marketers share screenshots and expect the team's language).
/// </summary>
public static class StudioCultures
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public static readonly IReadOnlyList<string> Supported = [Chinese, English];

    public static IServiceCollection AddStudioLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Supported.Select(CultureInfo.GetCultureInfo).ToList();
            options.DefaultRequestCulture = new RequestCulture(Chinese);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return services;
    }

    /// <summary><c>GET /culture?c=en&amp;returnUrl=/scripts</c>: remembers the choice for a year and goes back.</summary>
    public static IEndpointRouteBuilder MapStudioLocalization(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture", (HttpContext http, string? c, string? returnUrl) =>
        {
            var culture = Supported.FirstOrDefault(s => string.Equals(s, c, StringComparison.OrdinalIgnoreCase));
            if (culture is null)
            {
                return Results.BadRequest($"unknown language '{c}': use {string.Join(" or ", Supported)}");
            }
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Only paths on this site (no //host or /\host tricks): the open-redirect check.</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
}
