using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Studio.Data;
using Studio.Runtime.Operations;

namespace Studio.Web.Tts;

/// <summary>The TTS preview: the provider (espeak-ng, cached on disk) and <c>GET /tts</c> serving WAV to the studio.</summary>
public static class TtsHosting
{
    public const string Route = "/tts";

    /// <summary>Registers <see cref="ITtsProvider"/> (espeak-ng behind a disk cache) from the <c>Studio:Tts</c> section.</summary>
    public static IServiceCollection AddStudioTts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TtsOptions>().Bind(configuration.GetSection(TtsOptions.Section));
        services.TryAddSingleton<ITtsProvider>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TtsOptions>>().Value;
            return new CachingTtsProvider(new EspeakNgTtsProvider(options), CacheDirectory(options, sp.GetService<StudioDataOptions>()), options.Voice);
        });
        services.AddAuthorization();
        services.EnsureDesignerPolicy();
        return services;
    }

    /// <summary>
    /// <c>GET /tts?text=…&amp;voice=…</c>: the WAV of the text (designers only). 400 for empty or too long text,
    /// 503 when espeak-ng is not installed; <c>GET /tts/status</c> says whether preview works here.
    /// </summary>
    public static IEndpointRouteBuilder MapStudioTts(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(Route).RequireAuthorization(StudioAuth.Policies.Designer);
        group.MapGet("", async (string? text, string? voice, ITtsProvider tts, HttpContext http, CancellationToken cancellationToken) =>
        {
            try
            {
                var audio = await tts.SynthesizeAsync(text ?? "", string.IsNullOrWhiteSpace(voice) ? null : voice, cancellationToken);
                http.Response.Headers.CacheControl = "private, max-age=86400";
                return Results.File(audio, "audio/wav", enableRangeProcessing: true);
            }
            catch (ArgumentException ex)
            {
                return Results.Problem(title: "无法试听这段文本 (cannot speak this text)", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }
            catch (TtsUnavailableException ex)
            {
                return Results.Problem(title: "未安装语音合成 espeak-ng (speech synthesis is not installed)", detail: ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            catch (TtsException ex)
            {
                return Results.Problem(title: "语音合成失败 (speech synthesis failed)", detail: ex.Message, statusCode: StatusCodes.Status500InternalServerError);
            }
        });
        group.MapGet("/status", async (ITtsProvider tts, CancellationToken cancellationToken) => Results.Ok(await tts.GetStatusAsync(cancellationToken)));
        return endpoints;
    }

    /// <summary>
    /// Adds the designer policy unless the host's auth setup already did (runtime-ops registers the real one):
    /// whichever runs first wins, so registering it here too is harmless.
    /// </summary>
    internal static IServiceCollection EnsureDesignerPolicy(this IServiceCollection services)
    {
        services.Configure<AuthorizationOptions>(options =>
        {
            if (options.GetPolicy(StudioAuth.Policies.Designer) is null)
            {
                options.AddPolicy(StudioAuth.Policies.Designer, policy => policy.RequireRole(StudioAuth.Roles.Admin, StudioAuth.Roles.Designer));
            }
        });
        return services;
    }

    private static string CacheDirectory(TtsOptions options, StudioDataOptions? data)
    {
        if (!string.IsNullOrWhiteSpace(options.CacheDirectory))
        {
            return Path.GetFullPath(options.CacheDirectory);
        }
        var database = data is null ? null : Path.GetDirectoryName(Path.GetFullPath(data.DatabasePath));
        return Path.Combine(database ?? Path.GetTempPath(), "tts");
    }
}
