using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Studio.Runtime.Channels.WeCom;

public static class WecomServiceCollectionExtensions
{
    /// <summary>
    /// Registers the WeCom channel for one app: options (section <c>WeCom</c> when a configuration is given, then
    /// <paramref name="configure"/>), crypto, API client, rate limiter, in-memory idempotency / kf stores and the
    /// inbound processor. The host registers its <see cref="IWecomConversationHandler"/>; registering
    /// <see cref="IWecomIdempotencyStore"/>, <see cref="IWecomKfCursorStore"/>, <see cref="IWecomKfWindowTracker"/> or
    /// <see cref="IWecomReplySender"/> before this call replaces the defaults.
    /// </summary>
    public static IServiceCollection AddWecomChannel(this IServiceCollection services, IConfiguration? configuration = null,
        Action<WecomOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<WecomOptions>();
        if (configuration is not null)
        {
            optionsBuilder.Bind(configuration.GetSection(WecomOptions.SectionName));
        }
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<WecomOptions>>().Value;
            o.Validate();
            return new WxBizMsgCrypt(o.Token, o.EncodingAESKey, o.CorpId);
        });
        services.TryAddSingleton<IWecomIdempotencyStore>(sp => new InMemoryWecomIdempotencyStore(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<WecomOptions>>().Value.IdempotencyCapacity));
        services.TryAddSingleton<IWecomKfCursorStore, InMemoryWecomKfCursorStore>();
        services.TryAddSingleton<IWecomKfWindowTracker>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<WecomOptions>>().Value;
            return new InMemoryWecomKfWindowTracker(sp.GetRequiredService<TimeProvider>(), o.KfMessagesPerWindow, o.KfWindow);
        });
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<WecomOptions>>().Value;
            return new WecomRateLimiter(sp.GetRequiredService<TimeProvider>(), o.ApiCallsPerMinute, o.MessagesPerMemberPerMinute,
                o.MessagesPerMemberPerHour, o.ApiCallsPerHour);
        });
        services.AddHttpClient(nameof(WecomApiClient));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<WecomApiClient>(sp,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(WecomApiClient))));
        services.TryAddSingleton<IWecomReplySender, WecomApiReplySender>();
        services.TryAddSingleton<WecomInboundProcessor>();
        return services;
    }
}
