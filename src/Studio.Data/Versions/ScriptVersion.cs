using Studio.Core.Scripts;

namespace Studio.Data.Versions;

/// <summary>
/// A published script version: immutable once stored. <see cref="Version"/> is the content hash
/// (<c>CompiledScript.ContentHash</c>) that conversations carry in their state; <see cref="Number"/> is
/// the per-script sequence people talk about ("version 3").
/// </summary>
public sealed class ScriptVersion
{
    /// <summary>Storage key: script id + ":" + version.</summary>
    public string Id { get; set; } = "";

    public string ScriptId { get; set; } = "";
    public string Version { get; set; } = "";
    public int Number { get; set; }
    public string Name { get; set; } = "";
    public List<Channel> Channels { get; set; } = [];

    /// <summary>The document as published (canonical serialisation).</summary>
    public string Document { get; set; } = "";

    public string? Note { get; set; }
    public string PublishedBy { get; set; } = "";
    public DateTimeOffset PublishedAt { get; set; }

    /// <summary>Lint warnings acknowledged at publish time.</summary>
    public List<StoredDiagnostic> Warnings { get; set; } = [];

    /// <summary>Size of the trained NLU model stored with the version (0: none).</summary>
    public long ModelBytes { get; set; }

    /// <summary>The NLU model's own key (its training fingerprint), when there is one.</summary>
    public string? ModelKey { get; set; }

    public static string KeyOf(string scriptId, string version) => scriptId + ":" + version;
}

/// <summary>A diagnostic as kept with a version.</summary>
public sealed class StoredDiagnostic
{
    public Severity Severity { get; set; }
    public string Code { get; set; } = "";
    public string Message { get; set; } = "";
    public string Path { get; set; } = "";
    public string? NodeId { get; set; }
    public int? Line { get; set; }

    public static StoredDiagnostic From(Diagnostic d) =>
        new() { Severity = d.Severity, Code = d.Code, Message = d.Message, Path = d.Path, NodeId = d.NodeId, Line = d.Line };

    public Diagnostic ToDiagnostic() => new(Severity, Code, Message, Path, NodeId, Line);

    public override string ToString() => ToDiagnostic().ToString();
}

/// <summary>Which version new conversations of a script start on (for one channel, or every channel when <see cref="Channel"/> is null).</summary>
public sealed class ScriptActivation
{
    /// <summary>Storage key: script id, or script id + "/" + channel.</summary>
    public string Id { get; set; } = "";

    public string ScriptId { get; set; } = "";
    public Channel? Channel { get; set; }
    public string Version { get; set; } = "";
    public string ActivatedBy { get; set; } = "";
    public DateTimeOffset ActivatedAt { get; set; }

    /// <summary>The version active before (for the history and an undo).</summary>
    public string? Previous { get; set; }

    public static string KeyOf(string scriptId, Channel? channel) =>
        channel is null ? scriptId : scriptId + "/" + channel.Value.ToString().ToLowerInvariant();
}

/// <summary>Result of <see cref="IScriptVersionStore.AddAsync"/>: the stored version, and whether it was new.</summary>
public sealed record AddVersionResult(ScriptVersion Version, bool Created);
