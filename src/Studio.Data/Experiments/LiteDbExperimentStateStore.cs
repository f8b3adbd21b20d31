using LiteDB;
using Studio.Data.Storage;

namespace Studio.Data.Experiments;

public sealed class LiteDbExperimentStateStore : IExperimentStateStore
{
    internal const string CollectionName = "experiment_states";
    private readonly StudioDatabase _db;
    private readonly TimeProvider _time;
    private readonly ILiteCollection<ExperimentState> _states;

    public LiteDbExperimentStateStore(StudioDatabase db, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        _db = db;
        _time = time ?? TimeProvider.System;
        _states = db.Collection<ExperimentState>(CollectionName);
    }

    public Task<ExperimentState?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Task.FromResult<ExperimentState?>(_states.FindById(name));
    }

    public Task<IReadOnlyList<ExperimentState>> ListAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ExperimentState> list = [.. _states.FindAll().OrderBy(s => s.Name, StringComparer.Ordinal)];
        return Task.FromResult(list);
    }

    public Task<ExperimentState> UpdateAsync(string name, Action<ExperimentState> change, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(change);
        return _db.WriteAsync(() =>
        {
            var state = _states.FindById(name) ?? new ExperimentState { Name = name };
            change(state);
            state.Name = name;
            state.UpdatedAt = _time.GetUtcNow();
            _states.Upsert(state);
            return state;
        });
    }
}
