using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Studio.Data.Compliance;
using Studio.Data.Conversations;
using Studio.Data.Experiments;
using Studio.Data.Members;
using Studio.Data.Outbox;
using Studio.Data.Outcomes;
using Studio.Data.Privacy;
using Studio.Data.Scripts;
using Studio.Data.Storage;
using Studio.Data.TurnLog;
using Studio.Data.Versions;

namespace Studio.Data;

public static class StudioDataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the LiteDB stores behind their interfaces: one <see cref="StudioDatabase"/> (the file,
    /// opened exclusively) as a singleton, disposed with the container, and every store on it. A
    /// PostgreSQL implementation would register the same interfaces instead.
    /// </summary>
    public static IServiceCollection AddLiteDbStudioData(this IServiceCollection services, StudioDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(_ => PersonalDataProtector.FromBase64(options.SecretKey));
        services.AddSingleton(_ => new StudioDatabase(options.DatabasePath));
        services.AddSingleton<IScriptDraftStore>(sp => new LiteDbScriptDraftStore(sp.GetRequiredService<StudioDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IScriptVersionStore>(sp => new LiteDbScriptVersionStore(sp.GetRequiredService<StudioDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IKeyValueStore>(sp => new LiteDbKeyValueStore(sp.GetRequiredService<StudioDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IConversationStore>(sp => new ConversationStore(sp.GetRequiredService<IKeyValueStore>()));
        services.AddSingleton<ITurnCommitter>(sp => new LiteDbTurnCommitter(sp.GetRequiredService<StudioDatabase>(), sp.GetRequiredService<PersonalDataProtector>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITurnLog>(sp => new LiteDbTurnLog(sp.GetRequiredService<StudioDatabase>(), sp.GetRequiredService<PersonalDataProtector>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IOutcomeEventStore>(sp => new LiteDbOutcomeEventStore(sp.GetRequiredService<StudioDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IMemberStore>(sp => new LiteDbMemberStore(sp.GetRequiredService<StudioDatabase>(), sp.GetRequiredService<PersonalDataProtector>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDoNotContactList>(sp => new LiteDbDoNotContactList(sp.GetRequiredService<StudioDatabase>(), sp.GetRequiredService<PersonalDataProtector>(), TimeSpan.FromDays(options.DoNotContactDays)));
        services.AddSingleton<IOutbox>(sp => new LiteDbOutbox(sp.GetRequiredService<StudioDatabase>(), sp.GetRequiredService<TimeProvider>(), options.OutboxMaxAttempts));
        services.AddSingleton<IExperimentStateStore>(sp => new LiteDbExperimentStateStore(sp.GetRequiredService<StudioDatabase>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
