using Studio.Core.Scripts;

namespace Studio.Data.Versions;

/// <summary>Published versions (immutable), their NLU models, and which version is active.</summary>
public interface IScriptVersionStore
{
    /// <summary>
    /// Stores a new version with its model. Versions are immutable: when the same script + content
    /// hash exists already, nothing is written and the stored one is returned with Created = false.
    /// <see cref="ScriptVersion.Number"/> is assigned here.
    /// </summary>
    Task<AddVersionResult> AddAsync(ScriptVersion version, byte[]? model, CancellationToken cancellationToken = default);

    Task<ScriptVersion?> GetAsync(string scriptId, string version, CancellationToken cancellationToken = default);

    /// <summary>A version by content hash alone (what a conversation state carries).</summary>
    Task<ScriptVersion?> FindAsync(string version, CancellationToken cancellationToken = default);

    /// <summary>Every version of a script, newest first.</summary>
    Task<IReadOnlyList<ScriptVersion>> ListAsync(string scriptId, CancellationToken cancellationToken = default);

    /// <summary>The trained NLU model of a version, or null when it has none.</summary>
    Task<byte[]?> GetModelAsync(string scriptId, string version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes a stored version the one new conversations start on, for one channel or (null) for all
    /// channels; a script-wide activation clears channel-specific ones. Throws
    /// <see cref="KeyNotFoundException"/> when the version is not stored.
    /// </summary>
    Task<ScriptActivation> ActivateAsync(string scriptId, string version, Channel? channel, string user, CancellationToken cancellationToken = default);

    /// <summary>The activation in force for a channel: the channel's own, else the script-wide one.</summary>
    Task<ScriptActivation?> GetActiveAsync(string scriptId, Channel? channel = null, CancellationToken cancellationToken = default);

    /// <summary>The current activations of a script (script-wide and per channel).</summary>
    Task<IReadOnlyList<ScriptActivation>> GetActivationsAsync(string scriptId, CancellationToken cancellationToken = default);

    /// <summary>Every activation ever made for a script (publishes and rollbacks), newest first.</summary>
    Task<IReadOnlyList<ScriptActivation>> GetActivationHistoryAsync(string scriptId, CancellationToken cancellationToken = default);
}
