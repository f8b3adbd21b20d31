using Microsoft.Extensions.Options;
using Studio.Data.Outbox;
using Studio.Data.TurnLog;
using Studio.Runtime.Outbox;

namespace Studio.Runtime.Tagging;

/// <summary>
/// conversation_ended: reads the conversation's turns from the turn log, computes the member's tags with
/// <see cref="TagRules"/> (intents, outcome, grade → "interested in category X", "churned", "still fond of the brand")
/// and applies them through <see cref="MemberTagger"/>.
/// </summary>
public sealed class ConversationEndedPerformer(ITurnLog turns, MemberTagger tagger, IOptions<TaggingOptions> options) : IActionPerformer
{
    private readonly TagRules _rules = new(options.Value.Rules);

    public string Type => OutboxTypes.ConversationEnded;

    public async Task<ActionPerformResult> PerformAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var payload = ActionPayload.Read(item);
        if (string.IsNullOrEmpty(payload.Conversation))
        {
            return ActionPerformResult.Fail("the conversation_ended payload has no conversation");
        }
        var records = new List<TurnRecord>();
        var query = new TurnQuery { Conversation = payload.Conversation, Take = 1000 };
        while (true)
        {
            var page = await turns.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            records.AddRange(page.Items);
            if (page.Next is null)
            {
                break;
            }
            query = query with { After = page.Next };
        }
        var tags = _rules.Evaluate(records, payload.Outcome, payload.Grade);
        return await tagger.ApplyAsync(OutboxItemRef.Of(item), payload, tags, "conversation", cancellationToken).ConfigureAwait(false);
    }
}
