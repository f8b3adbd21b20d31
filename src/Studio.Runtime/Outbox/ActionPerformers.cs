using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Studio.Data.Members;
using Studio.Data.Outbox;
using Studio.Data.Outcomes;
using Studio.Runtime.Compliance;
using Studio.Runtime.Conversations;
using Studio.Runtime.Tagging;

namespace Studio.Runtime.Outbox;

/// <summary>tag: the script's tag action ("tags": "a,b") through <see cref="MemberTagger"/>.</summary>
public sealed class TagActionPerformer(MemberTagger tagger) : IActionPerformer
{
    public string Type => OutboxTypes.Tag;

    public Task<ActionPerformResult> PerformAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var payload = ActionPayload.Read(item);
        var tags = (payload.Parameter("tags") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        return tags.Count == 0
            ? Task.FromResult(ActionPerformResult.Fail("the tag action has no tags"))
            : tagger.ApplyAsync(OutboxItemRef.Of(item), payload, tags, "action", cancellationToken);
    }
}

/// <summary>webhook: posts the action's payload.* fields to the named endpoint, signed.</summary>
public sealed class WebhookActionPerformer(WebhookSender webhooks) : IActionPerformer
{
    public string Type => OutboxTypes.Webhook;

    public Task<ActionPerformResult> PerformAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var payload = ActionPayload.Read(item);
        if (payload.Parameter("webhook") is not { } endpoint)
        {
            return Task.FromResult(ActionPerformResult.Fail("the webhook action names no endpoint"));
        }
        var fields = new JsonObject();
        foreach (var (name, value) in payload.Parameters.Where(p => p.Key.StartsWith("payload.", StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            fields[name["payload.".Length..]] = value;
        }
        var body = Envelope("action.webhook", payload);
        body["payload"] = fields;
        return webhooks.PostAsync(endpoint, OutboxItemRef.Of(item), body, cancellationToken);
    }

    internal static JsonObject Envelope(string kind, ActionPayload payload) => WebhookSender.Object(
        ("event", kind),
        ("memberId", payload.MemberId),
        ("conversation", payload.Conversation),
        ("scriptId", payload.ScriptId),
        ("version", payload.Version),
        ("node", payload.Node),
        ("experiment", payload.Experiment),
        ("arm", payload.Arm),
        ("offer", payload.Parameter("offer")));
}

/// <summary>transfer: hand the member over to a human (store guide): logged, and posted to the transfer endpoint when configured.</summary>
public sealed partial class TransferPerformer(WebhookSender webhooks, IOptions<WebhookOptions> options, ILogger<TransferPerformer> logger) : IActionPerformer
{
    public string Type => OutboxTypes.Transfer;

    public async Task<ActionPerformResult> PerformAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var payload = ActionPayload.Read(item);
        var queue = payload.Parameter("queue") ?? "default";
        var reference = OutboxItemRef.Of(item);
        LogTransfer(reference, queue, payload.ScriptId ?? "", payload.Node ?? "");
        var endpoint = options.Value.TransferEndpoint;
        if (!webhooks.IsConfigured(endpoint))
        {
            return ActionPerformResult.Done("logged only: no transfer endpoint configured");
        }
        var body = WebhookActionPerformer.Envelope("action.transfer", payload);
        body["queue"] = queue;
        return await webhooks.PostAsync(endpoint, reference, body, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer requested by outbox {ItemRef} to queue {Queue} (script {ScriptId}, node {Node})")]
    private partial void LogTransfer(string itemRef, string queue, string scriptId, string node);
}

/// <summary>
/// callback: the member asked to be called back (the engine's <c>at</c>, an ISO time). Scheduled on the member's grain
/// with a durable reminder; when it is due the grain queues a <c>voice_dial</c> item (see <see cref="VoiceDialPerformer"/>).
/// </summary>
public sealed class CallbackPerformer(IServiceProvider services) : IActionPerformer
{
    public string Type => OutboxTypes.Callback;

    public async Task<ActionPerformResult> PerformAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var payload = ActionPayload.Read(item);
        if (payload.ScriptId is null)
        {
            return ActionPerformResult.Fail("the callback action names no script to call back with");
        }
        if (!DateTimeOffset.TryParse(payload.Parameter("at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return ActionPerformResult.Fail($"the callback time '{payload.Parameter("at")}' is not an ISO date and time (parameters.at)");
        }
        // The silo is part of the runtime host; an outbox worker hosted without it cannot schedule.
        if (services.GetService<IGrainFactory>() is not { } grains)
        {
            return ActionPerformResult.Fail("call-backs are scheduled on the conversation silo, which this host does not run");
        }
        await grains.GetGrain<IMemberGrain>(payload.MemberId).ScheduleCallbackAsync(new ScheduledCallback(at, payload.ScriptId, payload.Conversation)).ConfigureAwait(false);
        return ActionPerformResult.Done($"call-back scheduled for {at:O}");
    }
}

/// <summary>The voice gateway's REST API for outbound calls (section <c>Voice:Jambonz:Rest</c>; jambonz "create a call").</summary>
public sealed class VoiceDialOptions
{
    public const string Section = "Voice:Jambonz:Rest";

    /// <summary>The jambonz API server, e.g. https://jambonz.example.com/api/ (self-hosted) — none: calls cannot be placed.</summary>
    public string? BaseUrl { get; set; }

    public string? AccountSid { get; set; }

    /// <summary>The API token (environment: <c>Voice__Jambonz__Rest__ApiKey</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The jambonz application whose WebSocket is this host's <c>/voice/jambonz</c>.</summary>
    public string? ApplicationSid { get; set; }

    /// <summary>The calling number shown to the member.</summary>
    public string? From { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    internal string? Missing() =>
        string.IsNullOrWhiteSpace(BaseUrl) ? nameof(BaseUrl)
        : string.IsNullOrWhiteSpace(AccountSid) ? nameof(AccountSid)
        : string.IsNullOrWhiteSpace(ApiKey) ? nameof(ApiKey)
        : string.IsNullOrWhiteSpace(ApplicationSid) ? nameof(ApplicationSid)
        : string.IsNullOrWhiteSpace(From) ? nameof(From)
        : null;
}

/// <summary>
/// voice_dial: places an outbound call through jambonz (<c>POST {BaseUrl}/v1/Accounts/{AccountSid}/Calls</c>). The guard
/// comes first (do-not-contact and opt-out drop the call; outside calling hours defers it to the next opening). The call
/// carries <c>tag = {memberId, scriptId, campaign, conversation}</c>, which jambonz hands back as the
/// <c>customerData</c> of the call's <c>session:new</c>, so the call runs that script for that member.
/// </summary>
public sealed class VoiceDialPerformer(OutboundGuard guard, IMemberStore members, WebhookSender sender, IOptions<VoiceDialOptions> options,
    TimeProvider time) : IActionPerformer
{
    public string Type => OutboxTypes.VoiceDial;

    public async Task<ActionPerformResult> PerformAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var payload = ActionPayload.Read(item);
        var o = options.Value;
        if (o.Missing() is { } missing)
        {
            return ActionPerformResult.Fail($"cannot place calls: {VoiceDialOptions.Section}:{missing} is not configured");
        }
        var phone = await members.GetDialNumberAsync(payload.MemberId, cancellationToken).ConfigureAwait(false);
        if (phone is null)
        {
            return ActionPerformResult.Fail("the member has no stored phone number");
        }
        if (SmsPerformer.Refused(await guard.CheckAsync(payload.MemberId, phone, OutboundChannel.Call, time.GetUtcNow(), cancellationToken).ConfigureAwait(false), time) is { } refused)
        {
            return refused;
        }
        var body = WebhookSender.Object(
            ("application_sid", o.ApplicationSid),
            ("from", o.From),
            ("to", WebhookSender.Object(("type", "phone"), ("number", phone))),
            ("tag", WebhookSender.Object(
                ("memberId", payload.MemberId),
                ("scriptId", payload.ScriptId),
                ("campaign", payload.Parameter("campaign") ?? OutboxTypes.Callback),
                ("conversation", payload.Conversation))));
        var url = new Uri(new Uri(o.BaseUrl!.TrimEnd('/') + "/", UriKind.Absolute), $"v1/Accounts/{Uri.EscapeDataString(o.AccountSid!)}/Calls");
        return await sender.PostAsync(url, secret: null, o.Timeout, OutboxItemRef.Of(item), body, "jambonz create call", cancellationToken, bearerToken: o.ApiKey)
            .ConfigureAwait(false);
    }
}

/// <summary>The SMS gateway (section <c>Studio:Sms</c>): a signed JSON POST per message.</summary>
public sealed class SmsOptions
{
    public const string Section = "Studio:Sms";

    /// <summary>The gateway's URL (the brand's SMS provider or its relay); none: SMS actions fail.</summary>
    public string? GatewayUrl { get; set; }

    /// <summary>HMAC secret for the gateway (environment: <c>Studio__Sms__Secret</c>); falls back to the webhooks' secret.</summary>
    public string? Secret { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// sms: checks the <see cref="OutboundGuard"/> first (do-not-contact and opt-out → dropped; outside calling hours →
/// retried at the next opening), then posts <c>{to, template, text, memberId}</c> to the gateway. The full number is
/// read from the member store only here and goes only to the gateway.
/// </summary>
public sealed class SmsPerformer(OutboundGuard guard, IMemberStore members, WebhookSender sender, IOptions<SmsOptions> options,
    IOptions<WebhookOptions> webhookOptions, TimeProvider time) : IActionPerformer
{
    public string Type => OutboxTypes.Sms;

    public async Task<ActionPerformResult> PerformAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var payload = ActionPayload.Read(item);
        if (string.IsNullOrWhiteSpace(options.Value.GatewayUrl))
        {
            return ActionPerformResult.Fail($"no SMS gateway configured ({SmsOptions.Section}:GatewayUrl)");
        }
        if (payload.Parameter("text") is null && payload.Parameter("template") is null)
        {
            return ActionPerformResult.Fail("the sms action has neither text nor template");
        }
        var phone = await members.GetDialNumberAsync(payload.MemberId, cancellationToken).ConfigureAwait(false);
        if (phone is null)
        {
            return ActionPerformResult.Fail("the member has no stored phone number");
        }
        if (Refused(await guard.CheckAsync(payload.MemberId, phone, OutboundChannel.Sms, time.GetUtcNow(), cancellationToken).ConfigureAwait(false), time) is { } refused)
        {
            return refused;
        }
        var body = WebhookSender.Object(
            ("to", phone),
            ("template", payload.Parameter("template")),
            ("text", payload.Parameter("text")),
            ("memberId", payload.MemberId),
            ("conversation", payload.Conversation),
            ("scriptId", payload.ScriptId));
        var secret = options.Value.Secret ?? webhookOptions.Value.Secret;
        return await sender.PostAsync(new Uri(options.Value.GatewayUrl, UriKind.Absolute), secret, options.Value.Timeout, OutboxItemRef.Of(item), body, "SMS gateway",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A refusal as a result: a person's refusal drops the item, calling hours defer it to the next opening.</summary>
    internal static ActionPerformResult? Refused(OutboundDecision decision, TimeProvider time) => decision.Refusal switch
    {
        OutboundRefusal.None => null,
        OutboundRefusal.OutsideCallingHours => ActionPerformResult.Retry("deferred: " + decision.Reason,
            decision.RetryAt is { } at ? at - time.GetUtcNow() : TimeSpan.FromHours(1)),
        _ => ActionPerformResult.Fail("not sent: " + decision.Reason),
    };
}

/// <summary>The WeCom add service (section <c>Studio:WecomAdd</c>): where add requests go (an SCRM's API or a relay).</summary>
public sealed class WecomAddOptions
{
    public const string Section = "Studio:WecomAdd";

    /// <summary>None: the request is only recorded (as a <c>wecom_add_requested</c> outcome event).</summary>
    public string? Url { get; set; }

    public string? Secret { get; set; }

    /// <summary>Send the member's full number (the add-by-phone flow needs it; otherwise the member id is enough).</summary>
    public bool IncludePhone { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// wecom_add: after the member agreed on the call, request the WeCom add at once (DOMAIN.md: active 导流). Checks the
/// guard, records the request as an outcome event <c>wecom_add_requested</c> (so A/B review sees requested vs
/// accepted; idempotent by the item id) and posts it to the configured add service.
/// </summary>
public sealed class WecomAddPerformer(OutboundGuard guard, IMemberStore members, IOutcomeEventStore events, WebhookSender sender,
    IOptions<WecomAddOptions> options, IOptions<WebhookOptions> webhookOptions, TimeProvider time) : IActionPerformer
{
    public const string RequestedEvent = "wecom_add_requested";

    public string Type => OutboxTypes.WecomAdd;

    public async Task<ActionPerformResult> PerformAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var payload = ActionPayload.Read(item);
        var now = time.GetUtcNow();
        if (SmsPerformer.Refused(await guard.CheckAsync(payload.MemberId, null, OutboundChannel.Wecom, now, cancellationToken).ConfigureAwait(false), time) is { } refused)
        {
            return refused;
        }
        var properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["conversation"] = payload.Conversation };
        void Put(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                properties[key] = value;
            }
        }
        Put("scriptId", payload.ScriptId);
        Put("version", payload.Version);
        Put("node", payload.Node);
        Put("experiment", payload.Experiment);
        Put("arm", payload.Arm);
        await events.InsertAsync(new OutcomeEvent
        {
            EventId = "outbox:" + OutboxItemRef.Of(item),
            Type = RequestedEvent,
            MemberId = payload.MemberId,
            Time = item.CreatedAt == default ? now : item.CreatedAt,
            Properties = properties,
        }, cancellationToken).ConfigureAwait(false);

        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.Url))
        {
            return ActionPerformResult.Done("recorded; no WeCom add service configured");
        }
        var body = WebhookActionPerformer.Envelope("wecom.add_requested", payload);
        body["text"] = payload.Parameter("text");
        if (o.IncludePhone)
        {
            var phone = await members.GetDialNumberAsync(payload.MemberId, cancellationToken).ConfigureAwait(false);
            if (phone is null)
            {
                return ActionPerformResult.Fail("the WeCom add service needs the phone number and the member has none stored");
            }
            body["phone"] = phone;
        }
        return await sender.PostAsync(new Uri(o.Url, UriKind.Absolute), o.Secret ?? webhookOptions.Value.Secret, o.Timeout, OutboxItemRef.Of(item), body,
            "WeCom add service", cancellationToken).ConfigureAwait(false);
    }
}
