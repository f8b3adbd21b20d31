using Microsoft.Playwright;
using Studio.Runtime.Operations;

namespace Studio.Web.Tests.Browser;

/// <summary>
/// One studio host and one Debian chromium shared by the browser tests of a collection. Each test gets its own
/// browser context (cookies, 1280×800, zh-CN) from <see cref="NewPageAsync"/>. Extend the journeys with the page
/// objects in this folder (<see cref="LoginPage"/>, <see cref="ScriptListPage"/>, <see cref="PublishPage"/>).
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium (no `playwright install` needed); override with STUDIO_CHROMIUM.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("STUDIO_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public StudioTestHost Host { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    /// <summary>The host the browser talks to; a subclass may configure it differently.</summary>
    protected virtual StudioTestHost CreateHost() => new();

    public async Task InitializeAsync()
    {
        Host = CreateHost();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
        });
    }

    /// <summary>A fresh context (no cookies) with the laptop viewport the studio is designed for.</summary>
    public async Task<IPage> NewPageAsync(string locale = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseUrl.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = locale,
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>A page already signed in as the seeded admin, on the scripts list.</summary>
    public async Task<IPage> SignedInPageAsync()
    {
        var page = await NewPageAsync();
        await new LoginPage(page).SignInAsync(StudioTestHost.AdminUser, StudioTestHost.AdminPassword);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}

/// <summary>
/// The same, with every request signed in as 王运营 (a designer) by <see cref="TestAuthentication"/>: for tests of the
/// designer, tester and review pages that need not go through the sign-in form. No first-run seeding: each test stores
/// the drafts it works on.
/// </summary>
public sealed class DesignerBrowserFixture : BrowserFixture
{
    protected override StudioTestHost CreateHost() =>
        new(new Dictionary<string, string?> { ["Studio:Web:Seed"] = "false" },
            testServices: services => TestAuthentication.Add(services, defaultRole: StudioAuth.Roles.Designer));
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "studio browser";
}
