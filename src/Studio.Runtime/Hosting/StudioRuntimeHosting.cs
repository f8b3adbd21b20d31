using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Studio.Core.Dialogs;
using Studio.Core.Recognition;
using Studio.Data;
using Studio.Nlu.Llm;
using Studio.Nlu.Pipeline;
using Studio.Runtime.Channels.Voice;
using Studio.Runtime.Channels.Voice.Jambonz;
using Studio.Runtime.Channels.WeCom;
using Studio.Runtime.Conversations;
using Studio.Runtime.Experiments;
using Studio.Runtime.Hosting.Orleans;
using Studio.Runtime.Operations;
using Studio.Runtime.Outbox;
using Studio.Runtime.Publishing;

namespace Studio.Runtime.Hosting;

/// <summary>
/// The runtime bot's part of a host: storage (LiteDB by default), publishing, the NLU pipeline and the dialog
/// engine, operations (health, metrics, logs, API keys, events, turn log). The studio host adds its pages on top.
/// </summary>
public static class StudioRuntimeHosting
{
    public static WebApplicationBuilder AddStudioRuntime(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        var data = configuration.GetSection(StudioDataOptions.Section).Get<StudioDataOptions>() ?? new StudioDataOptions();
        // A relative database path is relative to the working directory: `dotnet run` from the repository
        // keeps its data in ./data, outside the build output.
        data.DatabasePath = Path.GetFullPath(data.DatabasePath);
        services.AddLiteDbStudioData(data);
        services.AddScriptPublishing();
        services.AddExperiments();

        services.TryAddSingleton<IIntentRecognizer>(sp => new NluPipeline(
            llm: LlmIntentClassifierFactory.Create(configuration, sp.GetService<ILoggerFactory>()),
            store: sp.GetRequiredService<IModelStore>(),
            time: sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new DialogEngine(sp.GetRequiredService<IIntentRecognizer>(), sp.GetRequiredService<TimeProvider>()));

        services.AddOptions<ConversationOptions>().BindConfiguration(ConversationOptions.Section);
        builder.AddStudioSilo();
        services.AddJambonz();
        services.TryAddSingleton<IVoiceConversationHandler, GrainVoiceConversationHandler>();
        if (WecomConfigured(configuration))
        {
            services.TryAddSingleton<IWecomConversationHandler, GrainWecomConversationHandler>();
            // Replies that cannot be passive go through the outbox: a WeCom outage delays them, never loses them.
            services.TryAddSingleton<IWecomReplySender, OutboxWecomReplySender>();
            services.AddWecomChannel(configuration);
        }

        builder.AddRuntimeOperations();
        return builder;
    }

    public static WebApplication MapStudioRuntime(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRuntimeOperations();
        app.MapProtectedPublishingApi();
        app.MapExperimentsApi().RequireAuthorization(StudioAuth.Policies.Reviewer);
        app.MapJambonz();
        if (WecomConfigured(app.Configuration))
        {
            app.MapWecomCallbacks();
        }
        return app;
    }

    /// <summary>The WeCom channel runs when its callback token is configured (section <c>WeCom</c>, secrets from the environment).</summary>
    private static bool WecomConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[WecomOptions.SectionName + ":" + nameof(WecomOptions.Token)]);
}
