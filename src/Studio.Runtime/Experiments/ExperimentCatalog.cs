using System.Globalization;
using Microsoft.Extensions.Configuration;
using Studio.Core.Experiments;
using Studio.Core.Scripts;
using Studio.Data.Scripts;
using Studio.Data.Versions;

namespace Studio.Runtime.Experiments;

/// <summary>
/// The experiments the studio knows: every split node of every script (the published version when there is one,
/// else the draft), with run settings from configuration (<c>Experiments:{name}:HoldoutPercent</c>,
/// <c>CallCostPerMinute</c>, <c>AttributionWindowDays</c>, <c>Control</c>, <c>StartedAt</c>, <c>StoppedAt</c>).
/// </summary>
public sealed class ExperimentCatalog(IScriptDraftStore drafts, IScriptVersionStore versions, IConfiguration? configuration = null)
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
                    experiments.TryAdd(experiment.Name, Configure(experiment));
                }
            }
            after = page.Next;
        }
        while (after is not null);
        return [.. experiments.Values.OrderBy(e => e.Name, StringComparer.Ordinal)];
    }

    public async Task<ExperimentDefinition?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(e => e.Name == name);

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
