using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Studio.Data.Scripts;
using Studio.Runtime.Operations;

namespace Studio.Web.Tests.Designer;

/// <summary>
/// The whole host on Kestrel (127.0.0.1, any port) with a temp LiteDB, and Debian's chromium driven by Playwright.
/// Minimal and local to the designer tests until the shared browser fixture (web-shell) is merged. Every request is
/// signed in as a designer by a test scheme, so the page's policy is exercised without the sign-in page.
/// </summary>
public sealed class DesignerBrowserFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("studio-designer-browser-");
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;
    public Uri BaseAddress { get; private set; } = default!;
    public IServiceProvider Services => _factory!.Services;
    public IScriptDraftStore Drafts => Services.GetRequiredService<IScriptDraftStore>();

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Studio:Data:DatabasePath", Path.Combine(_dir.FullName, "studio.db"));
            b.UseSetting("Studio:Web:DemoExperiment", "false");
            b.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            b.ConfigureTestServices(services =>
            {
                // Registered by the shell's localization setup once merged; harmless twice.
                services.AddLocalization();
                services.AddAuthentication(o =>
                    {
                        o.DefaultScheme = SignedInDesigner.SchemeName;
                        o.DefaultAuthenticateScheme = SignedInDesigner.SchemeName;
                        o.DefaultChallengeScheme = SignedInDesigner.SchemeName;
                    })
                    .AddScheme<AuthenticationSchemeOptions, SignedInDesigner>(SignedInDesigner.SchemeName, null);
                services.AddAuthorizationBuilder()
                    .AddPolicy(StudioAuth.Policies.Designer, p => p.RequireRole(StudioAuth.Roles.Designer, StudioAuth.Roles.Admin));
            });
        });
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        });
    }

    /// <summary>A page the size of a 14" laptop screen, failing the test on any page error.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, Locale = "zh-CN" });
        page.SetDefaultTimeout(20_000);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        try
        {
            _dir.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Signs every request in as 王运营, a designer.</summary>
    private sealed class SignedInDesigner(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "designer-test";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "王运营"), new Claim(ClaimTypes.Role, StudioAuth.Roles.Designer)], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
