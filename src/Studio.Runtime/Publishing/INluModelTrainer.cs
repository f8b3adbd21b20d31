using Studio.Core.Dialogs;

namespace Studio.Runtime.Publishing;

/// <summary>A trained NLU model as stored with a version: opaque bytes and the model's own key.</summary>
public sealed record NluModelArtifact(byte[] Bytes, string? Key);

/// <summary>The training step of publishing: builds the per-version intent model from the script's examples.</summary>
public interface INluModelTrainer
{
    /// <summary>The trained model, or null when this trainer produces none (the runtime then uses rules only).</summary>
    Task<NluModelArtifact?> TrainAsync(CompiledScript script, CancellationToken cancellationToken = default);
}

/// <summary>Stores no model (tests, or a deployment that recognises with rules only): publishing still validates, stores and activates.</summary>
public sealed class NoNluModelTrainer : INluModelTrainer
{
    public static NoNluModelTrainer Instance { get; } = new();

    public Task<NluModelArtifact?> TrainAsync(CompiledScript script, CancellationToken cancellationToken = default) =>
        Task.FromResult<NluModelArtifact?>(null);
}
