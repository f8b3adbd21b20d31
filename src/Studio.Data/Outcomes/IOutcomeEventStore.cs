using Studio.Data.Storage;

namespace Studio.Data.Outcomes;

public interface IOutcomeEventStore
{
    /// <summary>Stores the event unless its id is known; a redelivery reports <see cref="OutcomeInsert.Duplicate"/>.</summary>
    Task<OutcomeInsert> InsertAsync(OutcomeEvent outcome, CancellationToken cancellationToken = default);

    Task<OutcomeEvent?> GetAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>By member and/or type within [From, To), newest event time first.</summary>
    Task<Page<OutcomeEvent>> QueryAsync(OutcomeQuery query, CancellationToken cancellationToken = default);
}
