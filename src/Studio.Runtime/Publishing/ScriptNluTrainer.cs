using Studio.Core.Dialogs;
using Studio.Nlu.Classification;
using Studio.Nlu.Pipeline;

namespace Studio.Runtime.Publishing;

/// <summary>
/// Trains the script's intent model with the NLU pipeline (system corpus + the script's examples and
/// rules; about a second) at publish time. The bytes are stored with the version, keyed by the model's
/// own training hash, so the runtime loads the model instead of retraining it.
/// </summary>
public sealed class ScriptNluTrainer(NluOptions? options = null) : INluModelTrainer
{
    public Task<NluModelArtifact?> TrainAsync(CompiledScript script, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        // CPU-bound: off the caller's thread (an HTTP request), cancellable before it starts.
        return Task.Run(() =>
        {
            var bytes = ScriptNlu.TrainForPublish(script, options);
            return (NluModelArtifact?)new NluModelArtifact(bytes, IntentModel.ReadKey(bytes));
        }, cancellationToken);
    }
}
