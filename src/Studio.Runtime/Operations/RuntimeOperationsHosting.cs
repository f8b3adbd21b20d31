using Microsoft.AspNetCore.Builder;

namespace Studio.Runtime.Operations;

/// <summary>Operations of the runtime host: health, metrics, structured logs, admin API keys.</summary>
public static class RuntimeOperationsHosting
{
    public static WebApplicationBuilder AddRuntimeOperations(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }

    public static WebApplication MapRuntimeOperations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
