using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Studio.Data.Members;
using Studio.Runtime.Channels.WeCom;
using Studio.Runtime.Outbox;

namespace Studio.Runtime.Tagging;

/// <summary>
/// Gives a member tags everywhere they belong: the member store, the tags webhook (the CRM / SCRM; HMAC-signed), and
/// WeCom's 企业标签 through externalcontact/mark_tag when enabled. Every step is idempotent, so a retry repeats them.
/// </summary>
public sealed class MemberTagger(IMemberStore members, WebhookSender webhooks, IOptions<WebhookOptions> webhookOptions,
    IOptions<TaggingOptions> taggingOptions, IServiceProvider services)
{
    public async Task<ActionPerformResult> ApplyAsync(string deliveryId, ActionPayload payload, IReadOnlyList<string> tags, string source,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.Count == 0)
        {
            return ActionPerformResult.Done("no tags");
        }
        var notes = new List<string>();
        var member = await members.TagAsync(payload.MemberId, tags, cancellationToken: cancellationToken).ConfigureAwait(false);
        notes.Add(member is null ? "member not in the store" : $"{tags.Count} tag(s) stored");

        var endpoint = webhookOptions.Value.TagsEndpoint;
        if (webhooks.IsConfigured(endpoint))
        {
            var body = WebhookSender.Object(
                ("event", "member.tagged"),
                ("source", source),
                ("memberId", payload.MemberId),
                ("tags", new JsonArray([.. tags.Select(t => (JsonNode?)JsonValue.Create(t))])),
                ("conversation", payload.Conversation),
                ("scriptId", payload.ScriptId),
                ("version", payload.Version),
                ("outcome", payload.Outcome),
                ("grade", payload.Grade));
            var sent = await webhooks.PostAsync(endpoint, deliveryId, body, cancellationToken).ConfigureAwait(false);
            if (sent.Status != ActionPerformStatus.Done)
            {
                return sent;
            }
            notes.Add("webhook sent");
        }

        var wecom = taggingOptions.Value.Wecom;
        if (wecom.Enabled && member is not null)
        {
            var ids = tags.SelectMany(t => wecom.TagIds.Where(m => m.Tag == t && !string.IsNullOrEmpty(m.Id)).Select(m => m.Id))
                .Distinct(StringComparer.Ordinal).ToList();
            var userId = member.Attributes.GetValueOrDefault(wecom.UserIdAttribute);
            var externalUserId = member.Attributes.GetValueOrDefault(wecom.ExternalUserIdAttribute);
            if (ids.Count > 0 && !string.IsNullOrEmpty(userId) && !string.IsNullOrEmpty(externalUserId))
            {
                if (services.GetService<WecomApiClient>() is not { } client)
                {
                    return ActionPerformResult.Fail("WeCom tagging is enabled but the WeCom channel is not configured");
                }
                var result = await client.MarkTagAsync(userId, externalUserId, ids, null, cancellationToken).ConfigureAwait(false);
                if (result.IsRetryable)
                {
                    return ActionPerformResult.Retry($"WeCom mark_tag: {result.Outcome} errcode {result.ErrCode}");
                }
                if (!result.IsSuccess)
                {
                    return ActionPerformResult.Fail($"WeCom mark_tag: {result.Outcome} errcode {result.ErrCode}");
                }
                notes.Add($"{ids.Count} WeCom tag(s) marked");
            }
        }
        return ActionPerformResult.Done(string.Join("; ", notes));
    }
}
