namespace Studio.Data.Experiments;

/// <summary>Decisions on experiments (stop, allocation mode, weights over time), one record per experiment name.</summary>
public interface IExperimentStateStore
{
    Task<ExperimentState?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Ordered by name.</summary>
    Task<IReadOnlyList<ExperimentState>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Applies <paramref name="change"/> to the record (a new running one when absent) and saves it, atomically per name.</summary>
    Task<ExperimentState> UpdateAsync(string name, Action<ExperimentState> change, CancellationToken cancellationToken = default);
}
