using Microsoft.Extensions.DependencyInjection.Extensions;
using Studio.Data.Scripts;
using Studio.Data.Storage;
using Studio.Web.Tts;

namespace Studio.Web.Components.Tester;

/// <summary>What the chat tester needs besides the runtime's engine and recogniser: the compile cache, the drafts' story store, texts.</summary>
public static class TesterHosting
{
    public static IServiceCollection AddStudioTester(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<TesterScripts>();
        services.TryAddSingleton<IScriptStoryStore>(sp => new LiteDbScriptStoryStore(sp.GetRequiredService<StudioDatabase>(), sp.GetService<TimeProvider>()));
        services.AddLocalization();
        services.AddAuthorization();
        services.EnsureDesignerPolicy();
        return services;
    }
}
