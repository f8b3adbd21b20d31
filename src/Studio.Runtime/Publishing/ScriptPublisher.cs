using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Studio.Core.Dialogs;
using Studio.Core.Scripts;
using Studio.Core.Scripts.Validation;
using Studio.Data.Scripts;
using Studio.Data.Versions;

namespace Studio.Runtime.Publishing;

/// <summary>
/// Publishing a script: read and validate (errors block, with the diagnostics returned) → lint
/// (warnings kept with the version) → train the NLU model → store an immutable, content-hashed
/// version → activate it for new conversations. Conversations already running carry their version in
/// their state and finish on it (<see cref="CompiledScriptResolver"/>). Rollback activates an earlier
/// version. The HTTP API, the CLI and the studio all publish through this class.
/// </summary>
public sealed class ScriptPublisher(
    IScriptDraftStore drafts,
    IScriptVersionStore versions,
    INluModelTrainer trainer,
    TimeProvider? time = null,
    ValidationOptions? validation = null,
    ILogger<ScriptPublisher>? logger = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<ScriptPublisher>.Instance;

    /// <summary>Publishes the current draft of a script.</summary>
    public async Task<PublishResult> PublishDraftAsync(string scriptId, string? note, string user, Channel? channel = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scriptId);
        var draft = await drafts.GetAsync(scriptId, cancellationToken).ConfigureAwait(false);
        if (draft is null)
        {
            return new PublishResult(PublishStatus.NotFound, []);
        }
        return await PublishAsync(draft.Document, note, user, channel, scriptId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes a document (the CLI's file). When <paramref name="expectedScriptId"/> is given, the
    /// document's id must be that id. A script that has no draft yet gets this document as its draft.
    /// </summary>
    public async Task<PublishResult> PublishAsync(string document, string? note, string user, Channel? channel = null, string? expectedScriptId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentException.ThrowIfNullOrEmpty(user);

        var read = ScriptJson.Read(document);
        if (read.Script is not { } script || read.Diagnostics.Any(d => d.IsError))
        {
            return Refused(expectedScriptId, read.Diagnostics);
        }
        List<Diagnostic> diagnostics = [.. read.Diagnostics, .. ScriptValidator.Validate(script, read.Lines, validation)];
        if (expectedScriptId is not null && !string.Equals(script.Id, expectedScriptId, StringComparison.Ordinal))
        {
            diagnostics.Insert(0, new Diagnostic(Severity.Error, PublishCodes.IdMismatch,
                $"the document's id is '{script.Id}', not '{expectedScriptId}'", "$.id", Line: read.Lines.LineOf("$.id")));
        }
        if (diagnostics.Any(d => d.IsError))
        {
            return Refused(script.Id, diagnostics);
        }

        var compiled = CompiledScript.Compile(script);
        var existing = await versions.GetAsync(script.Id, compiled.Version, cancellationToken).ConfigureAwait(false);
        ScriptVersion version;
        PublishStatus status;
        if (existing is not null)
        {
            version = existing;
            status = PublishStatus.Reactivated;
        }
        else
        {
            NluModelArtifact? model;
            try
            {
                model = await trainer.TrainAsync(compiled, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning(ex, "NLU training failed for script {ScriptId} version {Version}", script.Id, compiled.Version);
                diagnostics.Insert(0, new Diagnostic(Severity.Error, PublishCodes.TrainingFailed, $"training the intent model failed: {ex.Message}", "$.intents"));
                return Refused(script.Id, diagnostics);
            }
            var added = await versions.AddAsync(new ScriptVersion
            {
                ScriptId = script.Id,
                Version = compiled.Version,
                Name = script.Name,
                Channels = [.. script.Channels],
                Document = document,
                Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
                PublishedBy = user,
                PublishedAt = _time.GetUtcNow(),
                Warnings = [.. diagnostics.Where(d => !d.IsError).Select(StoredDiagnostic.From)],
                ModelKey = model?.Key,
            }, model?.Bytes, cancellationToken).ConfigureAwait(false);
            version = added.Version;
            status = added.Created ? PublishStatus.Published : PublishStatus.Reactivated;
        }

        var activation = await versions.ActivateAsync(script.Id, version.Version, channel, user, cancellationToken).ConfigureAwait(false);
        await MarkDraftPublishedAsync(script.Id, document, version.Version, user, cancellationToken).ConfigureAwait(false);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("Script {ScriptId} version {Number} ({Version}) {Status} by {User}; active for {Channel}",
            script.Id, version.Number, version.Version, status, user, channel?.ToString() ?? "all channels");
        }
        return new PublishResult(status, diagnostics) { Version = version, Activation = activation };
    }

    /// <summary>Activates an earlier version (by content hash or by number) for new conversations.</summary>
    public async Task<RollbackResult> RollbackAsync(string scriptId, string version, string user, Channel? channel = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scriptId);
        ArgumentException.ThrowIfNullOrEmpty(version);
        var all = await versions.ListAsync(scriptId, cancellationToken).ConfigureAwait(false);
        var target = all.FirstOrDefault(v => v.Version == version)
            ?? (int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                ? all.FirstOrDefault(v => v.Number == number) : null);
        if (target is null)
        {
            return new RollbackResult(RollbackStatus.VersionNotFound, null, null);
        }
        var activation = await versions.ActivateAsync(scriptId, target.Version, channel, user, cancellationToken).ConfigureAwait(false);
        await drafts.SetStatusAsync(scriptId, ScriptStatus.Published, target.Version, cancellationToken).ConfigureAwait(false);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("Script {ScriptId} rolled back to version {Number} ({Version}) by {User}", scriptId, target.Number, target.Version, user);
        }
        return new RollbackResult(RollbackStatus.Activated, activation, target);
    }

    /// <summary>Every version of a script, newest first, with where each is active.</summary>
    public async Task<IReadOnlyList<VersionSummary>> ListVersionsAsync(string scriptId, CancellationToken cancellationToken = default)
    {
        var all = await versions.ListAsync(scriptId, cancellationToken).ConfigureAwait(false);
        var activations = await versions.GetActivationsAsync(scriptId, cancellationToken).ConfigureAwait(false);
        return [.. all.Select(v => new VersionSummary(
            v.Number, v.Version, v.Note, v.PublishedBy, v.PublishedAt,
            [.. v.Warnings.Select(w => w.ToDiagnostic())],
            v.ModelBytes,
            [.. activations.Where(a => a.Version == v.Version).Select(a => a.Channel is { } c ? c.ToString().ToLowerInvariant() : "all")]))];
    }

    private async Task MarkDraftPublishedAsync(string scriptId, string document, string version, string user, CancellationToken cancellationToken)
    {
        if (await drafts.SetStatusAsync(scriptId, ScriptStatus.Published, version, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }
        // Published from a file with no draft yet: the document becomes the draft, so the studio lists it.
        try
        {
            await drafts.SaveAsync(scriptId, document, 0, user, cancellationToken).ConfigureAwait(false);
            await drafts.SetStatusAsync(scriptId, ScriptStatus.Published, version, cancellationToken).ConfigureAwait(false);
        }
        catch (ScriptConflictException)
        {
            // Someone created the draft meanwhile: theirs stays.
        }
    }

    private PublishResult Refused(string? scriptId, IReadOnlyList<Diagnostic> diagnostics)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("Publishing {ScriptId} refused: {Errors} error(s)", scriptId ?? "(unreadable document)", diagnostics.Count(d => d.IsError));
        }
        return new PublishResult(PublishStatus.Refused, diagnostics);
    }
}
