using Microsoft.Extensions.Options;
using Studio.Core.Scripts;
using Studio.Data.Conversations;
using Studio.Runtime.Channels.WeCom;

namespace Studio.Runtime.Conversations;

/// <summary>
/// The WeCom channel's conversation host in the runtime: each member is a conversation grain ("wecom:&lt;external
/// user id&gt;"). add_external_contact starts the script bound to the contact way's <c>state</c> and answers with the
/// welcome; a text continues the member's conversation (or starts the default script); the message identity is
/// the input id, so a redelivery after a crash gets the recorded reply, not a second turn.
/// </summary>
public sealed class GrainWecomConversationHandler(IGrainFactory grains, IOptions<ConversationOptions> options) : IWecomConversationHandler
{
    public async ValueTask<WecomHandlerResult> HandleAsync(WecomInboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var memberId = message.ExternalUserId ?? message.FromUserName;
        var grain = grains.GetGrain<IConversationGrain>(new ConversationKey(Channel.Wecom, memberId).ToString());
        var inputId = message.IdempotencyKey;
        var o = options.Value;

        if (message.IsAddExternalContact)
        {
            var scriptId = message.State is { Length: > 0 } state && o.WecomStateScripts.TryGetValue(state, out var bound) ? bound : o.WecomDefaultScript;
            if (scriptId is null)
            {
                return WecomHandlerResult.None;
            }
            var opening = await grain.StartAsync(StartRequest(message, memberId, scriptId, inputId)).WaitAsync(cancellationToken).ConfigureAwait(false);
            return Welcome(opening);
        }

        if (message.IsText && message.Content is { } text)
        {
            var turn = await grain.TurnAsync(ConversationInput.Say(text, inputId)).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (turn.Refused is not ("unknown" or "ended"))
            {
                return Replies(turn);
            }
            if (o.WecomDefaultScript is not { } fallback)
            {
                return WecomHandlerResult.None;
            }
            // No running conversation: start the default script and let its first question take the member's words.
            var opening = await grain.StartAsync(StartRequest(message, memberId, fallback, inputId + ":start")).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (opening.Waiting is null)
            {
                return Replies(opening);
            }
            var answer = await grain.TurnAsync(ConversationInput.Say(text, inputId)).WaitAsync(cancellationToken).ConfigureAwait(false);
            return new WecomHandlerResult([.. Outbound(opening), .. Outbound(answer)]);
        }

        return WecomHandlerResult.None;
    }

    private static ConversationStartRequest StartRequest(WecomInboundMessage message, string memberId, string scriptId, string inputId) => new()
    {
        ScriptId = scriptId,
        InputId = inputId,
        MemberId = memberId,
        Wecom = new WecomRoute(
            message.Source == WecomSource.CustomerService ? "kf" : "app",
            message.Source == WecomSource.CustomerService ? message.OpenKfId ?? message.ToUserName : message.ToUserName,
            message.UserId ?? message.FromUserName,
            message.ExternalUserId,
            message.AgentId),
    };

    private static WecomHandlerResult Replies(ConversationTurn turn) => new(Outbound(turn));

    /// <summary>The opening of an add_external_contact: one welcome (text and links) sent with the event's WelcomeCode.</summary>
    private static WecomHandlerResult Welcome(ConversationTurn opening)
    {
        if (opening.Messages.Length == 0)
        {
            return WecomHandlerResult.None;
        }
        var text = string.Join("\n", opening.Messages.Where(m => m.Card is null && m.Text.Length > 0).Select(m => m.Text));
        var links = opening.Messages.Where(m => m.Card is { Url: { Length: > 0 } }).Select(m => Article(m.Card!, m.Text)).ToList();
        return WecomHandlerResult.Reply(new WecomWelcome(text.Length > 0 ? text : null, links.Count > 0 ? links : null));
    }

    /// <summary>The WeCom form of a turn's messages: text, link cards (图文) and mini-program cards.</summary>
    public static IReadOnlyList<WecomOutboundMessage> Outbound(ConversationTurn turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var replies = new List<WecomOutboundMessage>(turn.Messages.Length);
        foreach (var message in turn.Messages)
        {
            replies.Add(message.Card switch
            {
                { Type: "miniprogram", AppId: { Length: > 0 } appId } card => new WecomMiniProgramNotice(appId, card.Page ?? "", card.Title ?? message.Text, card.Description),
                { Url: { Length: > 0 } } card => new WecomNews(Article(card, message.Text)),
                _ => new WecomText(message.Text),
            });
        }
        return replies;
    }

    private static WecomArticle Article(MessageCard card, string text) =>
        new(card.Title ?? text, card.Url!, card.Description ?? (card.Title is null ? null : text), card.ImageUrl);
}
