using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Studio.Data.Experiments;

namespace Studio.Runtime.Experiments;

/// <summary>Section <c>Experiments</c>: <c>ThompsonInterval</c> (default 1 h) between recomputations of adaptive weights.</summary>
public sealed class ThompsonOptions
{
    public TimeSpan ThompsonInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Every <see cref="ThompsonOptions.ThompsonInterval"/>, recomputes the weights of the running experiments in
/// Thompson-sampling mode from their reviews (<see cref="ExperimentDecisions.RebalanceAsync"/>). The first step runs
/// when the mode is switched on, so this waits one interval before its first pass.
/// </summary>
public sealed partial class ThompsonRebalancer(
    IExperimentStateStore states, ExperimentCatalog catalog, ExperimentDecisions decisions, IOptions<ThompsonOptions> options,
    TimeProvider time, ILogger<ThompsonRebalancer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ThompsonInterval, time); // validated positive at start
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await RebalanceAllAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One pass over the experiments in Thompson mode; returns how many got new weights.</summary>
    public async Task<int> RebalanceAllAsync(CancellationToken cancellationToken = default)
    {
        var done = 0;
        foreach (var state in await states.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (state is not { Mode: AllocationMode.ThompsonSampling, Status: ExperimentStatus.Running })
            {
                continue;
            }
            try
            {
                if (await catalog.FindAsync(state.Name, cancellationToken).ConfigureAwait(false) is { } experiment
                    && (await decisions.RebalanceAsync(experiment, cancellationToken).ConfigureAwait(false)).Succeeded)
                {
                    done++;
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                // One broken experiment (bad configuration, unreadable script) must not stop the others' updates.
                LogFailed(state.Name, ex);
            }
        }
        return done;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Thompson weights of experiment {Experiment} not recomputed")]
    private partial void LogFailed(string experiment, Exception exception);
}
