using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using Studio.Core.Scripts;
using Studio.Data.Storage;
using Studio.Runtime.Operations;

namespace Studio.Runtime.Tests.Operations;

/// <summary>API keys, roles, health and metrics over real HTTP.</summary>
public sealed class AuthAndHealthTests : IAsyncLifetime
{
    private OperationsHost _host = null!;

    public async Task InitializeAsync() => _host = await OperationsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? key = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = _host.Request(method, path, key);
        configure?.Invoke(request);
        using var response = await _host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text[0] is '{' or '[' ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    [Fact]
    public async Task The_publishing_api_needs_a_key_of_a_designer_or_admin()
    {
        var (anonymous, body) = await SendAsync(HttpMethod.Get, "/api/scripts/dormant/versions");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Contains("X-Api-Key", body.GetProperty("error").GetString(), StringComparison.Ordinal);

        var (wrongKey, wrongBody) = await SendAsync(HttpMethod.Get, "/api/scripts/dormant/versions", "not-a-key-at-all-0000");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey);
        Assert.Equal("the API key is not valid", wrongBody.GetProperty("error").GetString());

        var (reviewer, reviewerBody) = await SendAsync(HttpMethod.Post, "/api/scripts/dormant/publish", OperationsHost.ReviewerKey);
        Assert.Equal(HttpStatusCode.Forbidden, reviewer);
        Assert.Contains("role", reviewerBody.GetProperty("error").GetString(), StringComparison.Ordinal);

        // Past authorisation: the script does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/scripts/dormant/versions", OperationsHost.DesignerKey)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/scripts/dormant/versions", OperationsHost.AdminKey)).Status);
        // The Authorization header form works too.
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/scripts/dormant/versions", configure: r =>
            r.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + OperationsHost.DesignerKey))).Status);
    }

    [Fact]
    public async Task The_turn_log_is_for_every_role_and_dead_letters_for_admins_only()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/api/turns")).Status);
        foreach (var key in new[] { OperationsHost.ReviewerKey, OperationsHost.DesignerKey, OperationsHost.AdminKey })
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/turns", key)).Status);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "/api/outbox/dead", OperationsHost.DesignerKey)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/outbox/dead", OperationsHost.AdminKey)).Status);
    }

    [Fact]
    public async Task Health_is_anonymous_and_readiness_fails_when_the_database_is_gone()
    {
        var (live, _) = await SendAsync(HttpMethod.Get, "/health/live");
        Assert.Equal(HttpStatusCode.OK, live);
        var (ready, body) = await SendAsync(HttpMethod.Get, "/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());

        _host.Get<StudioDatabase>().Dispose();
        var (down, downBody) = await SendAsync(HttpMethod.Get, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down);
        Assert.Equal("Unhealthy", downBody.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/health/live")).Status);
    }

}

/// <summary>
/// Runs alone: meters are process-wide by name, so another host alive in parallel would add its numbers to the scrape.
/// </summary>
[CollectionDefinition(nameof(MetricsScrape), DisableParallelization = true)]
public sealed class MetricsScrapeCollection;

[Collection(nameof(MetricsScrape))]
public sealed class MetricsScrape
{
    [Fact]
    public async Task Metrics_recorded_by_the_runtime_are_scraped_from_loopback()
    {
        await using var host = await OperationsHost.StartAsync();
        await AssertAsync(host);
    }

    private static async Task AssertAsync(OperationsHost _host)
    {
        var metrics = _host.Get<RuntimeMetrics>();
        metrics.ConversationStarted(Channel.Voice);
        metrics.ConversationStarted(Channel.Voice);
        metrics.RecordTurn(Channel.Voice, "rules", 12.5);
        metrics.RecordTurn(Channel.Voice, "model", 30);
        metrics.RecordTurn(Channel.Wecom, null, 4);
        metrics.ConversationEnded(Channel.Voice, "wecom_added");
        metrics.OutboxPerformed("tag");

        using var response = await _host.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Matches(@"studio_turns_total\{[^}]*channel=""voice""[^}]*\} 2", text);
        Assert.Matches(@"studio_turn_duration_milliseconds_bucket\{[^}]*channel=""voice""[^}]*decided_by=""rules""[^}]*le=""20""[^}]*\} 1", text);
        Assert.Matches(@"studio_recognizer_decisions_total\{[^}]*decided_by=""model""[^}]*\} 1", text);
        Assert.Matches(@"studio_conversations_active\{[^}]*channel=""voice""[^}]*\} 1", text);
        Assert.Matches(@"studio_conversations_ended_total\{[^}]*outcome=""wecom_added""[^}]*\} 1", text);
        Assert.Matches(@"studio_outbox_performed_total\{[^}]*type=""tag""[^}]*\} 1", text);
        Assert.DoesNotMatch(@"studio_recognizer_decisions_total\{[^}]*decided_by=""none""", text);
    }
}

public sealed class MetricsAccessTests
{
    [Fact]
    public async Task Without_loopback_access_metrics_need_an_admin_key()
    {
        await using var host = await OperationsHost.StartAsync(new Dictionary<string, string?> { ["Studio:Operations:MetricsFromLoopback"] = "false" });
        using (var anonymous = await host.Http.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        using (var reviewer = await host.Http.SendAsync(host.Request(HttpMethod.Get, "/metrics", OperationsHost.ReviewerKey)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, reviewer.StatusCode);
        }
        using var admin = await host.Http.SendAsync(host.Request(HttpMethod.Get, "/metrics", OperationsHost.AdminKey));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public void Misconfigured_keys_are_refused_with_the_setting_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ApiKeyRing(new ApiKeyOptions { Keys = [new ApiKeyEntry { Name = "x", Role = "root", Key = "0123456789abcdef0" }] }));
        Assert.Contains("Studio:Api:Keys:0:Role", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => new ApiKeyRing(new ApiKeyOptions { Keys = [new ApiKeyEntry { Name = "x", Role = "admin", KeyHash = "abc" }] }));
        Assert.Contains("KeyHash", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => new ApiKeyRing(new ApiKeyOptions { Keys = [new ApiKeyEntry { Name = "x", Role = "admin", Key = "short" }] }));
        Assert.Contains("shorter than 16", ex.Message, StringComparison.Ordinal);
        // A key whose secret is not in this environment is skipped, not an error.
        Assert.Equal(0, new ApiKeyRing(new ApiKeyOptions { Keys = [new ApiKeyEntry { Name = "x", Role = "admin" }] }).Count);
    }
}

/// <summary>The conversation grains report through <see cref="IConversationObserver"/>; the observer feeds the metrics.</summary>
public sealed class RuntimeMetricsObserverTests
{
    [Fact]
    public void Turns_starts_and_ends_reach_the_instruments_and_replays_do_not()
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var _ = services;
        var meters = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var observer = new RuntimeMetricsObserver(new RuntimeMetrics(meters));
        var measured = new List<(string Instrument, double Value, string Tags)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // This container's meter only: hosts of other tests have their own.
            if (instrument.Meter.Name == RuntimeMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(System.Diagnostics.Metrics.Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            measured.Add((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        observer.ConversationStarted(Channel.Wecom);
        observer.TurnCompleted(Channel.Wecom, new Studio.Runtime.Conversations.ConversationTurn { Conversation = "wecom:w-1", DecidedBy = "llm" }, 850, 1);
        observer.TurnCompleted(Channel.Wecom, new Studio.Runtime.Conversations.ConversationTurn { Conversation = "wecom:w-1", DecidedBy = "llm", Replayed = true }, 1, 0);
        observer.ConversationEnded(Channel.Wecom, "coupon_sent");

        Assert.Contains(("studio.conversations.active", 1, "channel=wecom"), measured);
        Assert.Contains(("studio.turn.duration", 850, "channel=wecom,decided_by=llm"), measured);
        Assert.Single(measured, m => m.Instrument == "studio.turns");
        Assert.Contains(("studio.recognizer.decisions", 1, "decided_by=llm"), measured);
        Assert.Contains(("studio.conversations.active", -1, "channel=wecom"), measured);
        Assert.Contains(("studio.conversations.ended", 1, "channel=wecom,outcome=coupon_sent"), measured);
    }
}

/// <summary>With the studio's cookie sign-in registered, pages challenge with a redirect and machine endpoints still answer 401 JSON.</summary>
public sealed class CookieForwardingTests
{
    [Fact]
    public async Task Api_calls_without_a_cookie_get_401_json_and_pages_go_to_the_sign_in()
    {
        // As the studio registers it: a second AddAuthentication that only adds the cookie scheme.
        await using var host = await OperationsHost.StartAsync(services: services =>
            services.AddAuthentication().AddCookie(StudioAuth.CookieScheme, o => o.LoginPath = "/sign-in"));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        using (var api = await client.GetAsync("/api/turns"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
            Assert.Equal("application/json", api.Content.Headers.ContentType!.MediaType);
        }
        using (var withKey = await client.SendAsync(host.Request(HttpMethod.Get, "/api/turns", OperationsHost.ReviewerKey)))
        {
            Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        }
        // A browser (it sends its cookies) asking for the API without being signed in is sent to the sign-in page.
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/api/turns");
        browser.Headers.Add("Cookie", "theme=dark");
        using var redirected = await client.SendAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.StartsWith("/sign-in", redirected.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
