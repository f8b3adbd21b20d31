using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Studio.Data.Scripts;
using Studio.Runtime.Operations;
using Studio.Web.Components.Tester;

namespace Studio.Web.Tests.Tester;

/// <summary>
/// The all-in-one host on a real Kestrel (127.0.0.1, any port) with a fresh database, signed in as a designer, and
/// the tester's services — a minimal stand-in for web-shell's browser fixture until that is merged.
/// </summary>
public sealed class TesterHost : IAsyncDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("studio-tester-host-");
    private readonly WebApplicationFactory<Program> _factory;

    public TesterHost()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Studio:Data:DatabasePath", Path.Combine(_dir.FullName, "studio.db"));
            b.UseSetting("Studio:Web:DemoExperiment", "false");
            b.UseSetting("Studio:Web:Seed", "false"); // the tests save their own drafts
            b.ConfigureServices(services =>
            {
                TestAuthentication.Add(services, defaultRole: StudioAuth.Roles.Designer);
                services.AddStudioTester();
            });
        });
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>Stores a library script as a draft, as the designer would have saved it.</summary>
    public async Task<string> SaveDraftAsync(string libraryFile)
    {
        var json = TesterRepo.Library(libraryFile);
        var id = Path.GetFileNameWithoutExtension(libraryFile);
        await Services.GetRequiredService<IScriptDraftStore>().SaveAsync(id, json, 0, "王运营");
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        try
        {
            _dir.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still closing; the temp directory is cleaned by the system.
        }
    }
}
