using System.Globalization;
using Microsoft.Extensions.Configuration;
using Studio.Core.Experiments;
using Studio.Core.Scripts;
using Studio.Data.Experiments;
using Studio.Data.Scripts;
using Studio.Data.Versions;

namespace Studio.Runtime.Experiments;

/// <summary>
/// The experiments the studio knows: every split node of every script (the published version when there is one,
/// else the draft), with run settings from configuration (<c>Experiments:{name}:HoldoutPercent</c>,
/// <c>CallCostPerMinute</c>, <c>AttributionWindowDays</c>, <c>Control</c>, <c>StartedAt</c>, <c>StoppedAt</c>).
/// With a state store the decisions taken in the studio apply first (stop, the weights the experiment ran with, which
/// it records the first time it sees an experiment and whenever the published weights change); configuration then
/// overrides them, so operations can still pin a start or stop time.
/// </summary>
public sealed class ExperimentCatalog(IScriptDraftStore drafts, IScriptVersionStore versions, IConfiguration? configuration = null,
    IExperimentStateStore? states = null, TimeProvider? time = null)
{
    public const string Section = "Experiments";

    public async Task<IReadOnlyList<ExperimentDefinition>> ListAsync(CancellationToken cancellationToken = default)
    {
        var experiments = new Dictionary<string, ExperimentDefinition>(StringComparer.Ordinal);
        string? after = null;
        do
        {
            var page = await drafts.ListAsync(new ScriptQuery { After = after, Take = 200 }, cancellationToken).ConfigureAwait(false);
            foreach (var draft in page.Items)
            {
                var document = draft.Document;
                if (draft.PublishedVersion is { } published && await versions.GetAsync(draft.Id, published, cancellationToken).ConfigureAwait(false) is { } version)
                {
                    document = version.Document;
                }
                if (ScriptJson.Read(document).Script is not { } script)
                {
                    continue; // an unreadable draft has no experiment to review
                }
                foreach (var experiment in ExperimentDefinition.FromScript(script))
                {
                    experiments.TryAdd(experiment.Name, experiment);
                }
            }
            after = page.Next;
        }
        while (after is not null);
        var list = new List<ExperimentDefinition>(experiments.Count);
        foreach (var experiment in experiments.Values.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            list.Add(Configure(await ApplyStateAsync(experiment, cancellationToken).ConfigureAwait(false)));
        }
        return list;
    }

    public async Task<ExperimentDefinition?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(e => e.Name == name);

    /// <summary>The stored decisions on the experiment, if any (null without a state store).</summary>
    public async Task<ExperimentState?> StateAsync(string name, CancellationToken cancellationToken = default) =>
        states is null ? null : await states.GetAsync(name, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Applies the stored state: records the published weights when they are new (fixed-weights mode; Thompson
    /// sampling records its own), then the stop time and the weight history for the review.
    /// </summary>
    private async Task<ExperimentDefinition> ApplyStateAsync(ExperimentDefinition experiment, CancellationToken cancellationToken)
    {
        if (states is null)
        {
            return experiment;
        }
        var state = await states.GetAsync(experiment.Name, cancellationToken).ConfigureAwait(false);
        var published = experiment.Arms.ToDictionary(a => a.Id, a => a.Weight, StringComparer.Ordinal);
        if (state is null || (state.Mode == AllocationMode.FixedWeights && state.Status == ExperimentStatus.Running && !SameWeights(state.CurrentWeights, published)))
        {
            var now = (time ?? TimeProvider.System).GetUtcNow();
            state = await states.UpdateAsync(experiment.Name, s => s.RecordWeights(published, now, "published"), cancellationToken).ConfigureAwait(false);
        }
        return experiment with
        {
            StartedAt = state.StartedAt ?? experiment.StartedAt,
            StoppedAt = state.Status == ExperimentStatus.Stopped ? state.StoppedAt : experiment.StoppedAt,
            WeightHistory = [.. state.WeightPeriods.Select(p => new WeightPeriod(p.From, p.Weights))],
        };
    }

    private static bool SameWeights(IReadOnlyDictionary<string, double>? a, IReadOnlyDictionary<string, double> b) =>
        a is not null && a.Count == b.Count && b.All(w => a.TryGetValue(w.Key, out var v) && Math.Abs(v - w.Value) < 1e-9);

    /// <summary>Applies <c>Experiments:{name}:*</c> settings; a malformed value is an error naming the key.</summary>
    public ExperimentDefinition Configure(ExperimentDefinition experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (configuration?.GetSection(Section).GetSection(experiment.Name) is not { } section || !section.GetChildren().Any())
        {
            return experiment;
        }
        T? Read<T>(string key, Func<string, T> parse) where T : struct
        {
            var value = section[key];
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }
            try
            {
                return parse(value);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"configuration {Section}:{experiment.Name}:{key} = '{value}' is not a valid value");
            }
        }
        var invariant = CultureInfo.InvariantCulture;
        return experiment with
        {
            HoldoutPercent = Read("HoldoutPercent", v => double.Parse(v, invariant)) ?? experiment.HoldoutPercent,
            CallCostPerMinute = Read("CallCostPerMinute", v => decimal.Parse(v, invariant)) ?? experiment.CallCostPerMinute,
            AttributionWindow = Read("AttributionWindowDays", v => TimeSpan.FromDays(double.Parse(v, invariant))) ?? experiment.AttributionWindow,
            StartedAt = Read("StartedAt", v => DateTimeOffset.Parse(v, invariant)) ?? experiment.StartedAt,
            StoppedAt = Read("StoppedAt", v => DateTimeOffset.Parse(v, invariant)) ?? experiment.StoppedAt,
            Control = section["Control"] ?? experiment.Control,
        };
    }
}
