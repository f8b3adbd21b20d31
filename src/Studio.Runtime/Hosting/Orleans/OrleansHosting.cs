using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Studio.Data.Conversations;
using Studio.Data.Storage;
using Studio.Runtime.Conversations;

namespace Studio.Runtime.Hosting.Orleans;

/// <summary>Settings of the embedded silo (configuration section <c>Studio:Orleans</c>).</summary>
public sealed class SiloOptions
{
    public const string Section = "Studio:Orleans";

    /// <summary>Silo-to-silo port on 127.0.0.1; 0 picks a free one (the default: one silo per host).</summary>
    public int SiloPort { get; set; }

    /// <summary>Client gateway port on 127.0.0.1; 0 picks a free one.</summary>
    public int GatewayPort { get; set; }

    public string ClusterId { get; set; } = "studio";

    /// <summary>How long an idle conversation stays in memory before it is deactivated (its state is stored after every turn).</summary>
    public TimeSpan IdleCollectionAge { get; set; } = TimeSpan.FromMinutes(15);
}

public static class OrleansHosting
{
    /// <summary>
    /// Starts a silo inside the host with localhost clustering: conversation grains, grain storage and reminders
    /// on the host's LiteDB file. Scale-out (several hosts, PostgreSQL) replaces the clustering and the two
    /// providers with Orleans' ADO.NET ones; the grains stay as they are.
    /// </summary>
    public static IHostApplicationBuilder AddStudioSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        var siloPort = options.SiloPort > 0 ? options.SiloPort : FreePort();
        var gatewayPort = options.GatewayPort > 0 ? options.GatewayPort : FreePort();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: "studio", clusterId: options.ClusterId);
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = options.IdleCollectionAge);
            silo.Services.AddGrainStorage(StudioGrainStorage.Name, (sp, _) => new LiteDbGrainStorage(sp.GetRequiredService<IKeyValueStore>()));
            silo.AddReminders();
            // ReminderOptions (e.g. RefreshReminderListPeriod: how often the table is re-read) from Studio:Orleans:Reminders.
            silo.Services.AddOptions<ReminderOptions>().Bind(builder.Configuration.GetSection(SiloOptions.Section + ":Reminders"));
            silo.Services.AddSingleton<IReminderTable>(sp => new LiteDbReminderTable(sp.GetRequiredService<StudioDatabase>()));
        });
        return builder;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
