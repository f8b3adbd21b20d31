using Microsoft.Extensions.Logging;

namespace Studio.Runtime.Channels.WeCom;

/// <summary>
/// Sends replies that are not passive through the WeCom API. The default sends at once; the host's outbox replaces it
/// to retry <see cref="WecomApiResult.IsRetryable"/> failures with backoff.
/// </summary>
public interface IWecomReplySender
{
    Task<IReadOnlyList<WecomApiResult>> SendAsync(WecomInboundMessage inReplyTo, IReadOnlyList<WecomOutboundMessage> replies,
        CancellationToken cancellationToken);
}

/// <summary>
/// Routes replies by where the message came from: app messages → message/send to the sender; add_external_contact →
/// one send_welcome_msg with the event's WelcomeCode (texts and links combined); 微信客服 → kf/send_msg (48 h / 5 rule).
/// </summary>
public sealed partial class WecomApiReplySender(WecomApiClient client, ILogger<WecomApiReplySender> logger) : IWecomReplySender
{
    public async Task<IReadOnlyList<WecomApiResult>> SendAsync(WecomInboundMessage inReplyTo, IReadOnlyList<WecomOutboundMessage> replies,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inReplyTo);
        ArgumentNullException.ThrowIfNull(replies);
        var results = new List<WecomApiResult>();
        if (replies.Count == 0)
        {
            return results;
        }

        if (inReplyTo.Source == WecomSource.CustomerService)
        {
            foreach (var reply in replies)
            {
                results.Add(await client.SendKfMessageAsync(inReplyTo.OpenKfId ?? inReplyTo.ToUserName, inReplyTo.ExternalUserId ?? inReplyTo.FromUserName,
                    reply, cancellationToken).ConfigureAwait(false));
            }
        }
        else if (inReplyTo.IsAddExternalContact)
        {
            if (string.IsNullOrEmpty(inReplyTo.WelcomeCode))
            {
                // No WelcomeCode: a welcome is configured in WeCom's admin, or the contact came another way.
                results.Add(new WecomApiResult("externalcontact/send_welcome_msg", WecomApiOutcome.Refused,
                    ErrMsg: "the event carries no WelcomeCode", Refusal: WecomRefusal.NoWelcomeCode));
            }
            else
            {
                var texts = new List<string>();
                var links = new List<WecomArticle>();
                foreach (var reply in replies)
                {
                    switch (reply)
                    {
                        case WecomWelcome w:
                            if (!string.IsNullOrEmpty(w.Text))
                            {
                                texts.Add(w.Text);
                            }
                            links.AddRange(w.Links ?? []);
                            break;
                        case WecomText t:
                            texts.Add(t.Content);
                            break;
                        case WecomNews n:
                            links.AddRange(n.Articles);
                            break;
                    }
                }
                results.Add(await client.SendWelcomeMessageAsync(inReplyTo.WelcomeCode, texts.Count > 0 ? string.Join('\n', texts) : null, links,
                    DateTimeOffset.FromUnixTimeSeconds(inReplyTo.CreateTime), cancellationToken).ConfigureAwait(false));
            }
        }
        else
        {
            var to = new[] { inReplyTo.FromUserName };
            foreach (var reply in replies)
            {
                results.Add(await client.SendMessageAsync(to, reply is WecomWelcome w ? new WecomText(w.Text ?? "") : reply, cancellationToken)
                    .ConfigureAwait(false));
            }
        }

        foreach (var r in results.Where(r => !r.IsSuccess))
        {
            LogNotSent(r.Api, r.Outcome, r.ErrCode, r.Refusal);
        }
        return results;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeCom reply not sent via {Api}: {Outcome} errcode {ErrCode} refusal {Refusal}")]
    private partial void LogNotSent(string api, WecomApiOutcome outcome, int errCode, WecomRefusal refusal);
}
