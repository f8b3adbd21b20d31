using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Studio.Data.Outbox;
using Studio.Data.Storage;
using Studio.Runtime.Compliance;
using Studio.Runtime.Conversations;
using Studio.Runtime.Events;
using Studio.Runtime.Outbox;
using Studio.Runtime.Publishing;
using Studio.Runtime.Tagging;
using Studio.Runtime.TurnLogApi;

namespace Studio.Runtime.Operations;

/// <summary>Operations settings (section <c>Studio:Operations</c>).</summary>
public sealed class OperationsOptions
{
    public const string Section = "Studio:Operations";

    /// <summary>Let /metrics answer requests from this machine without a key (a Prometheus agent beside the host).</summary>
    public bool MetricsFromLoopback { get; set; } = true;

    /// <summary>Use Serilog for the host's logs (the masking layer). Off only for hosts that bring their own logging.</summary>
    public bool Serilog { get; set; } = true;
}

/// <summary>
/// Operations of the runtime host: API keys and roles, health, metrics, masked structured logs, the outbox worker and
/// its performers, compliance, tagging, the outcome events and turn log APIs.
/// </summary>
public static class RuntimeOperationsHosting
{
    /// <summary>The policy /metrics requires: an admin key, or a loopback caller when allowed.</summary>
    public const string MetricsPolicy = "studio.metrics";

    public static WebApplicationBuilder AddRuntimeOperations(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        var operations = configuration.GetSection(OperationsOptions.Section).Get<OperationsOptions>() ?? new OperationsOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<OperationsOptions>().Bind(configuration.GetSection(OperationsOptions.Section));

        if (operations.Serilog)
        {
            services.AddStudioLogging(configuration);
        }
        services.AddStudioAuthentication(configuration);

        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        services.AddMetrics();
        services.TryAddSingleton<RuntimeMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConversationObserver, RuntimeMetricsObserver>());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(RuntimeMetrics.MeterName, StudioDatabase.MeterName).AddPrometheusExporter());

        services.AddRuntimeCompliance(configuration);
        services.AddRuntimeOutbox(configuration);
        services.AddOptions<EventsOptions>().Bind(configuration.GetSection(EventsOptions.Section));
        return builder;
    }

    public static WebApplication MapRuntimeOperations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(MetricsPolicy);

        app.MapEventsApi();
        app.MapTurnLogApi();
        app.MapOutboxApi();
        return app;
    }

    /// <summary>The publishing API, for designers and admins (the lead's <c>MapStudioRuntime</c> calls this instead of MapPublishingApi).</summary>
    public static RouteGroupBuilder MapProtectedPublishingApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapPublishingApi();
        group.RequireAuthorization(StudioAuth.Policies.Designer);
        return group;
    }

    /// <summary>
    /// API keys (<c>Studio:Api:Keys</c>), the <see cref="StudioAuth.Scheme"/> policy scheme as the default, and the role
    /// policies. The studio UI adds a cookie scheme named <see cref="StudioAuth.CookieScheme"/> and signs users in with
    /// role claims; nothing else changes.
    /// </summary>
    public static IServiceCollection AddStudioAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.Section));
        services.TryAddSingleton(sp => new ApiKeyRing(sp.GetRequiredService<IOptions<ApiKeyOptions>>().Value));
        services.AddAuthentication(StudioAuth.Scheme)
            .AddPolicyScheme(StudioAuth.Scheme, "Studio", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(StudioAuth.ApiKeyScheme, "API key", null);
        services.AddAuthorizationBuilder()
            .AddPolicy(StudioAuth.Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole(StudioAuth.Roles.Admin))
            .AddPolicy(StudioAuth.Policies.Designer, p => p.RequireAuthenticatedUser().RequireRole(StudioAuth.Roles.Admin, StudioAuth.Roles.Designer))
            .AddPolicy(StudioAuth.Policies.Reviewer, p => p.RequireAuthenticatedUser().RequireRole(StudioAuth.Roles.All))
            .AddPolicy(MetricsPolicy, p => p.RequireAssertion(context =>
                context.User.IsInRole(StudioAuth.Roles.Admin)
                || (context.Resource is HttpContext http
                    && http.RequestServices.GetRequiredService<IOptions<OperationsOptions>>().Value.MetricsFromLoopback
                    && !ApiKeyAuthenticationHandler.HasKey(http.Request)
                    && http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip))));
        return services;
    }

    /// <summary>
    /// An API key → the key scheme. Otherwise the studio's cookie when that scheme is registered — except for machine
    /// endpoints (/api, /metrics) called without any cookie, which get the key scheme's 401 JSON instead of a redirect to
    /// the sign-in page.
    /// </summary>
    private static string SelectScheme(HttpContext http)
    {
        if (ApiKeyAuthenticationHandler.HasKey(http.Request))
        {
            return StudioAuth.ApiKeyScheme;
        }
        var schemes = http.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        if (schemes.GetSchemeAsync(StudioAuth.CookieScheme).GetAwaiter().GetResult() is null)
        {
            return StudioAuth.ApiKeyScheme;
        }
        var machine = http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/metrics");
        return machine && !http.Request.Headers.ContainsKey("Cookie") ? StudioAuth.ApiKeyScheme : StudioAuth.CookieScheme;
    }

    /// <summary>Calling hours and the outbound guard.</summary>
    public static IServiceCollection AddRuntimeCompliance(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CallingHoursOptions>().Bind(configuration.GetSection(CallingHoursOptions.Section));
        services.AddOptions<ComplianceOptions>().Bind(configuration.GetSection(ComplianceOptions.Section));
        services.TryAddSingleton(sp => new CallingHours(sp.GetRequiredService<IOptions<CallingHoursOptions>>().Value));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<OutboundGuard>(sp, sp.GetRequiredService<IOptions<ComplianceOptions>>().Value));
        return services;
    }

    /// <summary>The outbox worker (a hosted service unless <c>Studio:Outbox:Enabled</c> is false), its performers and their settings.</summary>
    public static IServiceCollection AddRuntimeOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section));
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section));
        services.AddOptions<SmsOptions>().Bind(configuration.GetSection(SmsOptions.Section));
        services.AddOptions<WecomAddOptions>().Bind(configuration.GetSection(WecomAddOptions.Section));
        services.AddOptions<VoiceDialOptions>().Bind(configuration.GetSection(VoiceDialOptions.Section));
        services.AddOptions<TaggingOptions>().Bind(configuration.GetSection(TaggingOptions.Section));
        services.AddHttpClient(WebhookSender.HttpClientName);
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<MemberTagger>();
        services.TryAddSingleton<WecomDelivery>();
        services.TryAddSingleton<RuntimeMetrics>();
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<IActionPerformer, TagActionPerformer>(),
            ServiceDescriptor.Singleton<IActionPerformer, WebhookActionPerformer>(),
            ServiceDescriptor.Singleton<IActionPerformer, TransferPerformer>(),
            ServiceDescriptor.Singleton<IActionPerformer, CallbackPerformer>(),
            ServiceDescriptor.Singleton<IActionPerformer, VoiceDialPerformer>(),
            ServiceDescriptor.Singleton<IActionPerformer, SmsPerformer>(),
            ServiceDescriptor.Singleton<IActionPerformer, WecomAddPerformer>(),
            ServiceDescriptor.Singleton<IActionPerformer, WecomReplyPerformer>(),
            ServiceDescriptor.Singleton<IActionPerformer, WecomSendPerformer>(),
            ServiceDescriptor.Singleton<IActionPerformer, ConversationEndedPerformer>(),
        ]);
        services.TryAddSingleton<OutboxWorker>();
        if (configuration.GetValue(OutboxOptions.Section + ":Enabled", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<OutboxWorker>());
        }
        return services;
    }

    /// <summary>Dead letters for admins: <c>GET /api/outbox/dead</c>, <c>POST /api/outbox/{id}/retry</c>.</summary>
    private static void MapOutboxApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/outbox").RequireAuthorization(StudioAuth.Policies.Admin).WithTags("Outbox");
        group.MapGet("/dead", async (IOutbox outbox, CancellationToken ct) => Results.Ok((await outbox.ListDeadAsync(100, ct)).Select(i => new
        {
            i.Id,
            Ref = OutboxItemRef.Of(i),
            i.Type,
            i.Attempts,
            i.CreatedAt,
            i.CompletedAt,
            i.LastError,
        })));
        group.MapPost("/{id}/retry", async (string id, IOutbox outbox, IServiceProvider services, CancellationToken ct) =>
        {
            if (!await outbox.RetryDeadAsync(id, ct))
            {
                return Results.Json(new { error = $"no dead outbox item '{id}'" }, statusCode: 404);
            }
            services.GetService<OutboxWorker>()?.Nudge();
            return Results.Ok(new { id, status = "pending" });
        });
    }

    private static Task WriteHealthAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
