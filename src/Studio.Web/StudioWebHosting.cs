using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;
using Studio.Data.Storage;
using Studio.Data.Users;
using Studio.Runtime.Operations;
using Studio.Web.Account;
using Studio.Web.Components;
using Studio.Web.Components.Pages.Scripts;
using Studio.Web.Components.Tester;
using Studio.Web.Localization;
using Studio.Web.Seeding;
using Studio.Web.Tts;

namespace Studio.Web;

/// <summary>The studio's part of the all-in-one host: Blazor Server, MudBlazor, sign-in and the studio pages.</summary>
public static class StudioWebHosting
{
    public static WebApplicationBuilder AddStudioWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // MudBlazor's css/js are static web assets: serve them from the build output in every environment.
        builder.WebHost.UseStaticWebAssets();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddStudioLocalization();

        services.Configure<StudioWebOptions>(builder.Configuration.GetSection(StudioWebOptions.Section));
        services.TryAddSingleton<IUserStore>(sp => new LiteDbUserStore(sp.GetRequiredService<StudioDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<StudioPasswords>();
        services.TryAddScoped<StudioSignIn>();
        services.TryAddSingleton<ScriptLibrary>();
        services.TryAddScoped<ScriptListActions>();
        services.AddHostedService<StudioSeeder>();
        services.AddStudioTester();
        services.TryAddSingleton<Components.Simulation.ScriptSimulations>();
        services.AddStudioTts(builder.Configuration);

        AddStudioAuth(services);
        return builder;
    }

    /// <summary>
    /// The sign-in cookie and the fallback policy. The runtime's operations register the API-key scheme, the
    /// forwarding default scheme and the role policies: the cookie is the default only when nobody chose another.
    /// </summary>
    private static void AddStudioAuth(IServiceCollection services)
    {
        services.AddAuthentication()
            .AddCookie(StudioAuth.CookieScheme, options =>
            {
                options.Cookie.Name = ".studio.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.LoginPath = AccountPaths.Login;
                options.LogoutPath = AccountPaths.Logout;
                options.AccessDeniedPath = AccountPaths.Denied;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                options.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = StudioSignIn.ValidatePrincipalAsync,
                    // APIs answer 401/403; pages get the login page.
                    OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden),
                };
            });
        services.PostConfigure<AuthenticationOptions>(options =>
        {
            options.DefaultScheme ??= StudioAuth.CookieScheme;
        });
        // The role policies are the runtime's (AddStudioAuthentication).
        services.AddAuthorizationBuilder()
            // Everything is private unless it says otherwise ([AllowAnonymous]: sign-in, culture switch, errors, static
            // files), except the channel endpoints, which authenticate their callers themselves.
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
                .RequireAssertion(context => context.User.Identity?.IsAuthenticated == true
                    || (context.Resource is HttpContext http && IsSelfAuthenticatedChannel(http.Request.Path)))
                .Build());
        services.AddCascadingAuthenticationState();
    }

    /// <summary>
    /// Paths of the runtime's channel endpoints: the voice gateway (jambonz credentials) and WeCom's callbacks
    /// (message signature) prove who calls, not a studio session. Remove once those endpoints carry AllowAnonymous.
    /// </summary>
    public static readonly IReadOnlyList<string> SelfAuthenticatedChannelPaths = ["/voice", "/wecom"];

    public static bool IsSelfAuthenticatedChannel(PathString path) =>
        SelfAuthenticatedChannelPaths.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            // An API answers with the bare status, not with the studio's "not found" page.
            if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplication MapStudioWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapStudioLocalization();
        app.MapAccountEndpoints();
        app.MapScriptExport();
        app.MapStudioTts();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

/// <summary>The studio's settings (configuration section <c>Studio:Web</c>).</summary>
public sealed class StudioWebOptions
{
    public const string Section = "Studio:Web";

    /// <summary>The scripts library (templates, seeded as drafts on first run); relative paths are tried from the binaries and the working directory.</summary>
    public string LibraryPath { get; set; } = "scripts-library";

    /// <summary>Demo members seeded on first run.</summary>
    public string MembersSeedPath { get; set; } = "seeds/members/demo-members.json";

    /// <summary>Seed the library, the demo members and the first admin on first run.</summary>
    public bool Seed { get; set; } = true;

    /// <summary>
    /// Also seed the demo A/B experiment (12,000 simulated dormant-member calls through the real engine) in the
    /// background after start, so a fresh install has a review to read. On in the product's appsettings.json.
    /// </summary>
    public bool DemoExperiment { get; set; }
}
