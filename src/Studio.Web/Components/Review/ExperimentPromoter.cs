using Studio.Core.Experiments;
using Studio.Core.Scripts;
using Studio.Data.Scripts;
using Studio.Runtime.Experiments;
using Studio.Runtime.Publishing;

namespace Studio.Web.Components.Review;

/// <summary>What promoting the winner did: the new live version, or why it could not.</summary>
public sealed record PromotionOutcome(bool Succeeded, string? Version, int Number, string? Error);

/// <summary>
/// Promotes an experiment's winner: <see cref="WinnerPromotion"/> on the script's draft, saved as a new draft revision
/// (history kept, optimistic concurrency), then published through <see cref="ScriptPublisher"/> with the note
/// "推广胜出组 X" so the new version is live for new conversations. With <see cref="ExperimentDecisions"/> the 100/0
/// weights are recorded from the moment of publishing (fixed weights from then on), so the review keeps judging the
/// earlier exposures by the weights they ran with.
/// </summary>
public sealed class ExperimentPromoter(IScriptDraftStore drafts, ScriptPublisher publisher, ExperimentDecisions? decisions = null)
{
    public async Task<PromotionOutcome> PromoteAsync(string scriptId, string experiment, string winner, string user, CancellationToken cancellationToken = default)
    {
        var draft = await drafts.GetAsync(scriptId, cancellationToken).ConfigureAwait(false);
        if (draft is null)
        {
            return new PromotionOutcome(false, null, 0, $"script '{scriptId}' has no draft");
        }
        if (ScriptJson.Read(draft.Document).Script is not { } script)
        {
            return new PromotionOutcome(false, null, 0, $"the draft of script '{scriptId}' cannot be read; fix it in the designer first");
        }
        PromotionResult promoted;
        try
        {
            promoted = WinnerPromotion.Apply(script, experiment, winner);
        }
        catch (ArgumentException ex)
        {
            return new PromotionOutcome(false, null, 0, ex.Message);
        }
        try
        {
            await drafts.SaveAsync(scriptId, ScriptJson.Serialize(promoted.Script), draft.Revision, user, cancellationToken).ConfigureAwait(false);
        }
        catch (ScriptConflictException ex)
        {
            return new PromotionOutcome(false, null, 0, $"the draft of '{scriptId}' changed meanwhile ({ex.Message}); reload and try again");
        }
        var published = await publisher.PublishDraftAsync(scriptId, promoted.Note, user, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!published.Succeeded || published.Version is not { } version)
        {
            var errors = string.Join("; ", published.Errors.Select(d => $"{d.Path}: {d.Message}"));
            return new PromotionOutcome(false, null, 0, $"publishing failed ({published.Status}): {errors}");
        }
        if (decisions is not null && ExperimentDefinition.FromScript(promoted.Script).FirstOrDefault(e => e.Name == experiment) is { } promotedExperiment)
        {
            await decisions.RecordPromotionAsync(experiment, promotedExperiment.Arms.Select(a => a.Id), winner, user, cancellationToken).ConfigureAwait(false);
        }
        return new PromotionOutcome(true, version.Version, version.Number, null);
    }
}
