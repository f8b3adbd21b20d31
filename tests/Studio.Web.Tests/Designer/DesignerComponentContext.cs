using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Studio.Data.Scripts;
using Studio.Data.Storage;

namespace Studio.Web.Tests.Designer;

/// <summary>bUnit with MudBlazor, loose JS interop and a real LiteDB draft store in a temp directory.</summary>
/// MudBlazor's services only dispose asynchronously, so xUnit disposes the context through <see cref="IAsyncLifetime"/>.
public abstract class DesignerComponentContext : BunitContext, IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("studio-designer-");
    private readonly StudioDatabase _db;

    protected DesignerComponentContext(Action<IServiceCollection>? services = null)
    {
        _db = new StudioDatabase(Path.Combine(_dir.FullName, "studio.db"));
        Drafts = new LiteDbScriptDraftStore(_db);
        Services.AddMudServices();
        Services.AddLocalization();
        // zh-CN is the default language (the neutral resources); tests read the Chinese text.
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        Services.AddSingleton<IScriptDraftStore>(Drafts);
        services?.Invoke(Services);
        JSInterop.Mode = JSRuntimeMode.Loose;
        AddAuthorization();
        // The designer loads only in an interactive circuit (not while prerendering), as on the server.
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        Render<MudPopoverProvider>();
    }

    protected LiteDbScriptDraftStore Drafts { get; }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _db.Dispose();
        try
        {
            _dir.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
