using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Studio.Web.Tests.Browser;

namespace Studio.Web.Tests.Shell;

/// <summary>
/// Every page and every mapped endpoint of the host, requested without signing in, must send the visitor to
/// the sign-in page (pages) or answer 401 (APIs) — except the few that are meant to be public, listed here.
/// </summary>
public sealed class RouteAuthorizationTests : IAsyncLifetime
{
    /// <summary>
    /// Public on purpose: sign-in, the language switch, the error pages. A new public route (a channel callback
    /// that WeCom calls, a health probe) must be added here knowingly.
    /// </summary>
    private static readonly HashSet<string> PublicRoutes = new(StringComparer.OrdinalIgnoreCase)
    {
        "/account/login",
        "/culture",
        "/not-found",
        "/Error",
        // Runtime operations: liveness and readiness probes, and the brand's outcome webhook (POST, checked by its
        // X-Studio-Signature; reading events needs the reviewer role).
        "/health",
        "/health/live",
        "/health/ready",
        "/api/events",
    };

    private StudioTestHost _host = default!;

    public Task InitializeAsync()
    {
        // /metrics answers loopback scrapers by default; from anywhere else it needs an admin. Test the latter.
        _host = new StudioTestHost(new Dictionary<string, string?> { ["Studio:Operations:MetricsFromLoopback"] = "false" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IReadOnlyList<RouteEndpoint> Endpoints() =>
        [.. _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    private static bool IsStaticAsset(RouteEndpoint endpoint)
    {
        var pattern = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
        // Files (css, js, images, framework scripts): MapStaticAssets endpoints; they are anonymous by design.
        return pattern.StartsWith("/_content/", StringComparison.Ordinal)
            || (pattern.StartsWith("/_framework/", StringComparison.Ordinal) && pattern.Contains('.', StringComparison.Ordinal))
            || (endpoint.RoutePattern.Parameters.Count == 0 && Path.HasExtension(pattern));
    }

    [Fact]
    public async Task Channel_endpoints_are_left_to_their_own_authentication()
    {
        // The WeCom callback answers its URL check itself: a bad signature is refused by the channel, not
        // redirected to the studio's sign-in page (a WeCom server has no session).
        using var client = _host.CreateClient();
        var channelRoutes = Endpoints().Where(e => StudioWebHosting.IsSelfAuthenticatedChannel(Sample(e.RoutePattern))).ToList();
        Assert.NotEmpty(channelRoutes);
        foreach (var endpoint in channelRoutes)
        {
            using var response = await client.GetAsync(new Uri(Sample(endpoint.RoutePattern), UriKind.Relative));
            Assert.False(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("/account/login", StringComparison.Ordinal) == true,
                $"{endpoint.DisplayName} sends its callers to the studio sign-in");
        }
    }

    [Fact]
    public void Every_routable_component_is_a_mapped_endpoint()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => "/" + r.Template.TrimStart('/')))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var mapped = Endpoints().Select(e => "/" + e.RoutePattern.RawText?.TrimStart('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.NotEmpty(pages);
        Assert.Empty(pages.Except(mapped));
    }

    [Fact]
    public void Only_the_listed_routes_allow_anonymous_visitors()
    {
        var anonymous = Endpoints()
            .Where(e => !IsStaticAsset(e) && e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText?.TrimStart('/'))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Empty(anonymous.Except(PublicRoutes));
    }

    [Fact]
    public async Task Every_other_route_sends_an_anonymous_visitor_to_sign_in_or_answers_401()
    {
        using var client = _host.CreateClient();
        var checkedRoutes = 0;
        var failures = new List<string>();
        foreach (var endpoint in Endpoints().Where(e => !IsStaticAsset(e)))
        {
            var path = Sample(endpoint.RoutePattern);
            var isPublic = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
                && PublicRoutes.Contains("/" + endpoint.RoutePattern.RawText?.TrimStart('/'));
            if (isPublic || StudioWebHosting.IsSelfAuthenticatedChannel(path))
            {
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } m ? m : ["GET"];
            foreach (var method in methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }
                using var response = await client.SendAsync(request);
                checkedRoutes++;
                var toLogin = response.StatusCode == HttpStatusCode.Redirect
                    && response.Headers.Location?.ToString().Contains("/account/login", StringComparison.OrdinalIgnoreCase) == true;
                if (!toLogin && response.StatusCode != HttpStatusCode.Unauthorized)
                {
                    failures.Add($"{method} {path}: {(int)response.StatusCode} {response.Headers.Location} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
        Assert.True(checkedRoutes >= 8, $"only {checkedRoutes} routes were checked");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>A concrete path for a route pattern: every parameter gets a sample value.</summary>
    private static string Sample(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => parameter.IsCatchAll ? "sample/path" : "sample",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        })));
        return "/" + string.Join("/", segments);
    }
}
