using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Studio.Data.Scripts;
using Studio.Data.Storage;
using Studio.Data.Users;
using Studio.Data.Versions;
using Studio.Runtime.Operations;
using Studio.Web.Account;
using Studio.Web.Components.Pages.Scripts;
using Studio.Web.Seeding;

namespace Studio.Web.Tests.Shell;

/// <summary>
/// A bUnit context with MudBlazor, zh-CN text and the shell's real stores on a LiteDB file in a temporary
/// directory; signed in as an admin unless a test says otherwise.
/// </summary>
public sealed class ShellComponentContext : BunitContext
{
    private readonly string _directory = Directory.CreateTempSubdirectory("studio-web-bunit-").FullName;

    public ShellComponentContext()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Database = new StudioDatabase(Path.Combine(_directory, "studio.db"));
        Drafts = new LiteDbScriptDraftStore(Database);
        Versions = new LiteDbScriptVersionStore(Database);
        Users = new LiteDbUserStore(Database);
        Library = new ScriptLibrary(
            Options.Create(new StudioWebOptions { LibraryPath = Path.Combine(AppContext.BaseDirectory, "scripts-library") }),
            new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = AppContext.BaseDirectory },
            NullLogger<ScriptLibrary>.Instance);
        Services.AddSingleton<IScriptDraftStore>(Drafts);
        Services.AddSingleton<IScriptVersionStore>(Versions);
        Services.AddSingleton<IUserStore>(Users);
        Services.AddSingleton(Library);
        Services.AddSingleton<StudioPasswords>();
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<StudioSignIn>();
        Services.AddScoped<ScriptListActions>();
        Auth = AddAuthorization();
        Auth.SetAuthorized("admin");
        Auth.SetRoles(StudioAuth.Roles.Admin);
        Auth.SetPolicies(StudioAuth.Policies.Admin, StudioAuth.Policies.Designer, StudioAuth.Policies.Reviewer);
    }

    public StudioDatabase Database { get; }
    public LiteDbScriptDraftStore Drafts { get; }
    public LiteDbScriptVersionStore Versions { get; }
    public LiteDbUserStore Users { get; }
    public ScriptLibrary Library { get; }
    public Bunit.TestDoubles.BunitAuthorizationContext Auth { get; }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        Database.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
