using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Studio.Core.Recognition;
using Studio.Data.Scripts;
using Studio.Data.Versions;
using Studio.Nlu.Pipeline;

namespace Studio.Runtime.Publishing;

public static class PublishingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ScriptPublisher"/> and the cached <see cref="ICompiledScriptResolver"/> over
    /// the registered stores (see <c>AddLiteDbStudioData</c>). The NLU trainer is the registered
    /// <see cref="INluModelTrainer"/>, else <see cref="ScriptNluTrainer"/>. Published models are loaded
    /// into the registered <see cref="IModelStore"/> (else a new in-memory one): build the runtime's
    /// <c>NluPipeline</c> on that store and it never retrains a published version.
    /// </summary>
    public static IServiceCollection AddScriptPublishing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<INluModelTrainer>(_ => new ScriptNluTrainer());
        services.TryAddSingleton<IModelStore>(_ => new InMemoryModelStore());
        services.TryAddSingleton(sp => new ScriptPublisher(
            sp.GetRequiredService<IScriptDraftStore>(),
            sp.GetRequiredService<IScriptVersionStore>(),
            sp.GetRequiredService<INluModelTrainer>(),
            sp.GetRequiredService<TimeProvider>(),
            validation: null,
            sp.GetService<ILogger<ScriptPublisher>>()));
        services.TryAddSingleton<ICompiledScriptResolver>(sp => new CompiledScriptResolver(sp.GetRequiredService<IScriptVersionStore>(), sp.GetRequiredService<IModelStore>(),
            nlu: sp.GetService<IIntentRecognizer>() as NluPipeline));
        return services;
    }
}
