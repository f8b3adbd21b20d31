using Studio.Runtime.Experiments;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Studio.Data.Conversations;
using Studio.Data.Members;
using Studio.Data.Scripts;
using Studio.Data.Users;
using Studio.Runtime.Operations;
using Studio.Web.Account;

namespace Studio.Web.Seeding;

/// <summary>
/// First run of the all-in-one host: the scripts library becomes drafts, the demo members are imported and
/// a first admin is created; then the URL (and a generated admin password, once) is printed to the console.
/// Each part runs once per database (a marker in the key/value store), so a library script someone deleted
/// does not come back on restart.
/// </summary>
public sealed class StudioSeeder(
    IOptions<StudioWebOptions> options,
    IConfiguration configuration,
    IHostEnvironment environment,
    ScriptLibrary library,
    IScriptDraftStore drafts,
    IMemberStore members,
    IUserStore users,
    IKeyValueStore markers,
    StudioPasswords passwords,
    IServer server,
    DemoExperimentSeeder demoExperiment,
    IHostApplicationLifetime lifetime,
    ILogger<StudioSeeder> logger) : IHostedService
{
    /// <summary>Presets the first admin's password (tests, CI): <c>Studio__Studio__AdminPassword</c>.</summary>
    public const string AdminPasswordKey = "Studio:Studio:AdminPassword";

    public const string AdminUserName = "admin";

    /// <summary>The library script whose A/B split the demo experiment runs.</summary>
    public const string DemoScript = "dormant-reactivation";
    internal const string MarkerNamespace = "studio.seed";
    internal const string SeedUser = "seed";

    private string? _generatedPassword;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SeedAdminAsync(cancellationToken);
        if (options.Value.Seed)
        {
            await OnceAsync("library", SeedLibraryAsync, cancellationToken);
            await OnceAsync("members", SeedMembersAsync, cancellationToken);
        }
        lifetime.ApplicationStarted.Register(PrintWelcome);
        if (options.Value.Seed && options.Value.DemoExperiment)
        {
            // Minutes of CPU on a small machine: in the background, after the studio is up.
            lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => SeedDemoExperimentAsync(lifetime.ApplicationStopping)));
        }
    }

    private async Task SeedDemoExperimentAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (library.Templates.FirstOrDefault(t => t.Id == DemoScript) is not { } template)
            {
                logger.LogWarning("Demo experiment: the library has no {Script}; none seeded", DemoScript);
                return;
            }
            var result = await demoExperiment.SeedAsync(template.Document, cancellationToken: cancellationToken);
            if (result.Seeded && logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Demo experiment seeded: {Conversations} conversations, {Events} outcome events", result.Conversations, result.Events);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Demo experiment could not be seeded");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The first admin, when there is no user at all.</summary>
    public async Task SeedAdminAsync(CancellationToken cancellationToken)
    {
        if (await users.CountAsync(cancellationToken) > 0)
        {
            return;
        }
        var preset = configuration[AdminPasswordKey];
        var password = string.IsNullOrEmpty(preset) ? StudioPasswords.Generate() : preset;
        var admin = new StudioUser { UserName = AdminUserName, DisplayName = "管理员", Role = StudioAuth.Roles.Admin, CreatedBy = SeedUser };
        admin.PasswordHash = passwords.Hash(admin, password);
        try
        {
            await users.CreateAsync(admin, cancellationToken);
            _generatedPassword = string.IsNullOrEmpty(preset) ? password : null;
        }
        catch (UserExistsException)
        {
            // Another start created it first.
        }
    }

    private async Task OnceAsync(string part, Func<CancellationToken, Task<int>> seed, CancellationToken cancellationToken)
    {
        if (await markers.ReadAsync(MarkerNamespace, part, cancellationToken) is not null)
        {
            return;
        }
        var count = await seed(cancellationToken);
        try
        {
            await markers.WriteAsync(MarkerNamespace, part, count.ToString(System.Globalization.CultureInfo.InvariantCulture), null, cancellationToken);
        }
        catch (ETagMismatchException)
        {
        }
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Seeded {Count} {Part}", count, part);
        }
    }

    private async Task<int> SeedLibraryAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var template in library.Templates)
        {
            if (await drafts.GetAsync(template.Id, cancellationToken) is not null)
            {
                continue;
            }
            try
            {
                await drafts.SaveAsync(template.Id, template.Document, 0, SeedUser, cancellationToken);
                count++;
            }
            catch (ScriptConflictException)
            {
            }
        }
        return count;
    }

    private async Task<int> SeedMembersAsync(CancellationToken cancellationToken)
    {
        var path = SeedPaths.Find(options.Value.MembersSeedPath, environment.ContentRootPath);
        if (path is null || !File.Exists(path))
        {
            logger.LogWarning("Demo members {Path} not found: none seeded", options.Value.MembersSeedPath);
            return 0;
        }
        var demo = DemoMembers.Read(path);
        var fresh = new List<MemberInput>();
        foreach (var member in demo)
        {
            if (await members.GetAsync(member.Id, cancellationToken) is null)
            {
                fresh.Add(member);
            }
        }
        return await members.UpsertManyAsync(fresh, cancellationToken);
    }

    private void PrintWelcome()
    {
        var urls = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = urls.FirstOrDefault() ?? "(no address)";
        // The console, not the log: the password must not end up in log files.
        Console.WriteLine($"话术工作室 Script Studio: {url}");
        if (_generatedPassword is { } password)
        {
            Console.WriteLine($"首次登录 first sign-in: {AdminUserName} / {password}  (只显示这一次 shown once; change it under 设置 › 用户)");
            _generatedPassword = null;
        }
    }
}
