using Studio.Core.Dialogs;
using Studio.Core.Simulation;
using Studio.Nlu.Simulation;

namespace Studio.Web.Components.Simulation;

/// <summary>
/// Runs the persona simulation for the studio's simulate page: the host's engine and recogniser (the NLU pipeline,
/// as <c>studio simulate</c> uses by default) with the same setup as the CLI, off the UI thread, reporting progress
/// and stopping promptly when cancelled.
/// </summary>
public sealed class ScriptSimulations(DialogEngine engine, IHostEnvironment environment)
{
    /// <summary>The most members one run may simulate (a run holds every conversation until it is summarised).</summary>
    public const int MaxMembers = 20_000;

    private readonly Lazy<IReadOnlyList<string>> _corpora = new(() => SimulationSetup.FindCorpora(environment.ContentRootPath));

    /// <summary>Runs <paramref name="options"/>.Members simulated members; <paramref name="progress"/> gets the count done, about every 1 %.</summary>
    public Task<SimulationReport> RunAsync(CompiledScript script, SimulationOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Members is <= 0 or > MaxMembers)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Members, $"members must be between 1 and {MaxMembers:N0} (got {options.Members})");
        }
        return Task.Run(() =>
        {
            var simulator = SimulationSetup.Simulator(engine, script, SimulationSetup.Phrases(script, _corpora.Value, systemCorpusWhenNone: true));
            return SimulationReport.Build(Counted(simulator.Run(script, options), options.Members, progress, cancellationToken));
        }, cancellationToken);
    }

    private static IEnumerable<SimulatedConversation> Counted(IEnumerable<SimulatedConversation> conversations, int total, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var step = Math.Max(1, total / 100);
        var done = 0;
        foreach (var conversation in conversations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return conversation;
            if (++done % step == 0 || done == total)
            {
                progress?.Report(done);
            }
        }
    }
}
