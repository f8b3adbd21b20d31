using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Studio.Runtime.Operations;

namespace Studio.Runtime.Outbox;

/// <summary>One endpoint the runtime posts to (a CRM, an SCRM, the brand's ticket system).</summary>
public sealed class WebhookEndpoint
{
    public string Url { get; set; } = "";

    /// <summary>The HMAC secret: from the environment (<c>Studio__Webhooks__Endpoints__crm__Secret</c>); falls back to <see cref="WebhookOptions.Secret"/>.</summary>
    public string? Secret { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Outgoing webhooks (section <c>Studio:Webhooks</c>): named endpoints; scripts' webhook actions name them.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Studio:Webhooks";

    /// <summary>The default signing secret (environment: <c>Studio__Webhooks__Secret</c>).</summary>
    public string? Secret { get; set; }

    public Dictionary<string, WebhookEndpoint> Endpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The endpoint that receives member tags (conversation_ended, tag actions); none configured: tags stay in the member store.</summary>
    public string TagsEndpoint { get; set; } = "tags";

    /// <summary>The endpoint that receives transfer requests (hand-over to a human store guide).</summary>
    public string TransferEndpoint { get; set; } = "transfer";
}

/// <summary>
/// Posts JSON signed with <see cref="StudioSignature"/> (header <c>X-Studio-Signature</c>) plus <c>X-Studio-Delivery</c>
/// (the outbox item id, stable across retries, for the receiver to deduplicate). 2xx → done; 408, 429, 5xx, a timeout
/// or a network error → retry (honouring Retry-After); any other 4xx → permanent failure.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string HttpClientName = "studio-webhooks";
    public const string DeliveryHeader = "X-Studio-Delivery";

    public bool IsConfigured(string endpoint) => options.Value.Endpoints.TryGetValue(endpoint, out var e) && !string.IsNullOrWhiteSpace(e.Url);

    /// <summary>Posts to a named endpoint; an unknown name is a permanent failure.</summary>
    public Task<ActionPerformResult> PostAsync(string endpoint, string deliveryId, JsonNode body, CancellationToken cancellationToken)
    {
        if (!options.Value.Endpoints.TryGetValue(endpoint, out var e) || string.IsNullOrWhiteSpace(e.Url))
        {
            return Task.FromResult(ActionPerformResult.Fail($"no webhook endpoint '{endpoint}' is configured ({WebhookOptions.Section}:Endpoints:{endpoint}:Url)"));
        }
        var secret = string.IsNullOrEmpty(e.Secret) ? options.Value.Secret : e.Secret;
        return PostAsync(new Uri(e.Url, UriKind.Absolute), secret, e.Timeout, deliveryId, body, endpoint, cancellationToken);
    }

    /// <summary>
    /// Posts to a URL (the SMS gateway, the WeCom add service, the voice gateway's API). Without a secret the request goes
    /// unsigned; <paramref name="bearerToken"/> authenticates it to APIs that want a token instead.
    /// </summary>
    public async Task<ActionPerformResult> PostAsync(Uri url, string? secret, TimeSpan timeout, string deliveryId, JsonNode body, string what,
        CancellationToken cancellationToken, string? bearerToken = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(body);
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(DeliveryHeader, deliveryId);
        if (!string.IsNullOrEmpty(bearerToken))
        {
            request.Headers.Authorization = new("Bearer", bearerToken);
        }
        if (!string.IsNullOrEmpty(secret))
        {
            request.Headers.TryAddWithoutValidation(StudioSignature.Header, StudioSignature.Sign(secret, time.GetUtcNow(), bytes));
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ActionPerformResult.Retry($"{what}: no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return ActionPerformResult.Retry($"{what}: {ex.HttpRequestError}");
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return ActionPerformResult.Done($"{what}: HTTP {status}");
            }
            if (status is 408 or 429 || status >= 500)
            {
                return ActionPerformResult.Retry($"{what}: HTTP {status}", RetryAfter(response));
            }
            return ActionPerformResult.Fail($"{what}: HTTP {status}");
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    /// <summary>A JSON object from pairs, for payloads built in performers.</summary>
    internal static JsonObject Object(params (string Name, JsonNode? Value)[] fields)
    {
        var o = new JsonObject();
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                o[name] = value;
            }
        }
        return o;
    }
}
