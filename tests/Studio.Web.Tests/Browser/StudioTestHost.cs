using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Studio.Data.Scripts;
using Studio.Web.Seeding;

namespace Studio.Web.Tests.Browser;

/// <summary>
/// The all-in-one host on real Kestrel (127.0.0.1, a free port) with its own LiteDB file in a temporary
/// directory and a preset admin password. Extra settings go through <c>settings</c>; <c>testServices</c> replaces
/// services after the host's own (e.g. <see cref="TestAuthentication"/> to skip the sign-in form).
/// </summary>
public sealed class StudioTestHost : IAsyncDisposable
{
    public const string AdminUser = StudioSeeder.AdminUserName;
    public const string AdminPassword = "admin-pass-1";

    private readonly WebApplicationFactory<Program> _factory;
    private readonly bool _ownsDirectory;

    public StudioTestHost(IReadOnlyDictionary<string, string?>? settings = null, string? directory = null, Action<IServiceCollection>? testServices = null)
    {
        _ownsDirectory = directory is null;
        Directory = directory ?? System.IO.Directory.CreateTempSubdirectory("studio-web-").FullName;
        DatabasePath = Path.Combine(Directory, "studio.db");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            // A free loopback port: the root appsettings.json names a fixed one for `dotnet run`.
            b.UseSetting("urls", "http://127.0.0.1:0");
            b.UseSetting("Studio:Data:DatabasePath", DatabasePath);
            b.UseSetting("Studio:Web:DemoExperiment", "false");
            b.UseSetting(StudioSeeder.AdminPasswordKey, AdminPassword);
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                b.UseSetting(key, value);
            }
            if (testServices is not null)
            {
                b.ConfigureTestServices(testServices);
            }
        });
        _factory.UseKestrel();
        _factory.StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>The temporary directory holding the database (deleted on dispose unless given by the caller).</summary>
    public string Directory { get; }

    public string DatabasePath { get; }

    /// <summary>http://127.0.0.1:port</summary>
    public Uri BaseUrl { get; }

    public IServiceProvider Services => _factory.Services;

    public IScriptDraftStore Drafts => Services.GetRequiredService<IScriptDraftStore>();

    /// <summary>Stores a library script as a new draft, as a designer would have saved it; returns its id.</summary>
    public async Task<string> SaveLibraryDraftAsync(string libraryFile, string? id = null)
    {
        id ??= Path.GetFileNameWithoutExtension(libraryFile);
        await Drafts.SaveAsync(id, await File.ReadAllTextAsync(RepoPaths.Library(libraryFile)), 0, "王运营");
        return id;
    }

    /// <summary>A client that does not follow redirects (to see where the app sends anonymous requests).</summary>
    public HttpClient CreateClient(bool followRedirects = false) =>
        new(new HttpClientHandler { AllowAutoRedirect = followRedirects, UseCookies = true }) { BaseAddress = BaseUrl };

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (!_ownsDirectory)
        {
            return;
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
