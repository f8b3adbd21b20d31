using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Studio.Runtime.Channels.Voice.Jambonz;

/// <summary>Registration and mapping of the jambonz WebSocket endpoint.</summary>
public static class JambonzEndpoint
{
    public const string DefaultPath = "/voice/jambonz";

    /// <summary>
    /// Registers the jambonz gateway with its options (sections <c>Voice</c> and <c>Voice:Jambonz</c>). The host
    /// registers its <see cref="IVoiceConversationHandler"/> separately.
    /// </summary>
    public static IServiceCollection AddJambonz(this IServiceCollection services)
    {
        services.AddOptions<VoiceOptions>().BindConfiguration(VoiceOptions.Section);
        services.AddOptions<JambonzOptions>().BindConfiguration(JambonzOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JambonzGateway>();
        return services;
    }

    /// <summary>
    /// Maps the WebSocket endpoint jambonz's application URL points at. Only authenticated upgrades with the
    /// <c>ws.jambonz.org</c> subprotocol are accepted: bad or missing credentials get 401, anything else 400,
    /// both before any upgrade. The WebSocket middleware is part of the mapped pipeline.
    /// </summary>
    public static IEndpointConventionBuilder MapJambonz(this IEndpointRouteBuilder endpoints, string path = DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<JambonzOptions>>().Value;
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(JambonzEndpoint).FullName!);
        if (!options.AllowAnonymous && !options.HasCredentials)
        {
            logger.NoCredentials(path);
        }
        var pipeline = endpoints.CreateApplicationBuilder()
            .UseWebSockets(new WebSocketOptions { KeepAliveInterval = options.KeepAliveInterval })
            .Use(next => context => HandleAsync(context, logger))
            .Build();
        return endpoints.Map(path, pipeline).WithDisplayName("jambonz WebSocket");
    }

    private static async Task HandleAsync(HttpContext context, ILogger logger)
    {
        var gateway = context.RequestServices.GetRequiredService<JambonzGateway>();
        var options = gateway.Options;
        if (!Authorized(context.Request, options))
        {
            logger.Unauthorized();
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"jambonz\"";
            return;
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("a WebSocket upgrade with subprotocol " + JambonzOptions.Subprotocol + " is expected");
            return;
        }
        if (!context.WebSockets.WebSocketRequestedProtocols.Contains(JambonzOptions.Subprotocol, StringComparer.Ordinal))
        {
            logger.WrongSubprotocol(string.Join(",", context.WebSockets.WebSocketRequestedProtocols), JambonzOptions.Subprotocol);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("subprotocol " + JambonzOptions.Subprotocol + " required");
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = JambonzOptions.Subprotocol,
            KeepAliveInterval = options.KeepAliveInterval,
        });
        await gateway.RunAsync(socket, context.RequestAborted);
    }

    /// <summary>Basic auth (user + password), a bearer token, or a <c>token</c> query parameter; compared in constant time.</summary>
    internal static bool Authorized(HttpRequest request, JambonzOptions options)
    {
        if (options.AllowAnonymous)
        {
            return true;
        }
        if (!options.HasCredentials)
        {
            return false;
        }
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(options.Username) && !string.IsNullOrEmpty(options.Password))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            }
            catch (FormatException)
            {
                return false;
            }
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && Same(decoded[..colon], options.Username) & Same(decoded[(colon + 1)..], options.Password);
        }
        if (string.IsNullOrEmpty(options.Token))
        {
            return false;
        }
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Same(header[7..].Trim(), options.Token);
        }
        return request.Query.TryGetValue("token", out var token) && token.Count == 1 && Same(token[0] ?? "", options.Token);
    }

    private static bool Same(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
