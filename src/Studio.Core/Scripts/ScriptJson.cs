using System.Text.Json;
using System.Text.Json.Serialization;

namespace Studio.Core.Scripts;

/// <summary>The outcome of reading a script document: the script if it could be read, and what was wrong.</summary>
public sealed record ScriptReadResult(Script? Script, IReadOnlyList<Diagnostic> Diagnostics, JsonLineMap Lines)
{
    public bool Succeeded => Script is not null && !Diagnostics.Any(d => d.IsError);
}

/// <summary>Reads and writes script documents (format v1), turning every parse problem into a located diagnostic.</summary>
public static class ScriptJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new GradeCharConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Serialize(Script script) => JsonSerializer.Serialize(script, Options);

    /// <summary>Reads a script document; never throws for bad input.</summary>
    public static ScriptReadResult Read(string json)
    {
        var lines = JsonLineMap.Build(json);
        var diagnostics = new List<Diagnostic>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.MalformedJson,
                $"malformed JSON at line {line}, column {column}: {FirstSentence(ex.Message)}", "$", Line: line));
            return new ScriptReadResult(null, diagnostics, lines);
        }

        using (document)
        {
            CheckShape(document.RootElement, diagnostics, lines);
            if (diagnostics.Count > 0)
            {
                return new ScriptReadResult(null, diagnostics, lines);
            }
            try
            {
                var script = document.RootElement.Deserialize<Script>(Options)
                    ?? throw new JsonException("the document is null");
                return new ScriptReadResult(script, diagnostics, lines);
            }
            catch (JsonException ex)
            {
                var path = ex.Path ?? "$";
                diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.InvalidValue,
                    Explain(ex, path), path, NodeIdAt(document.RootElement, path), lines.LineOf(path)));
                return new ScriptReadResult(null, diagnostics, lines);
            }
        }
    }

    /// <summary>Structural checks whose failure would make the typed reader's message unclear.</summary>
    private static void CheckShape(JsonElement root, List<Diagnostic> diagnostics, JsonLineMap lines)
    {
        void Error(string code, string message, string path, string? nodeId = null) =>
            diagnostics.Add(new Diagnostic(Severity.Error, code, message, path, nodeId, lines.LineOf(path)));

        if (root.ValueKind != JsonValueKind.Object)
        {
            Error(DiagnosticCodes.InvalidValue, $"a script document is a JSON object, not {Describe(root.ValueKind)}", "$");
            return;
        }
        if (!root.TryGetProperty("formatVersion", out var version))
        {
            Error(DiagnosticCodes.UnsupportedFormat, $"'formatVersion' is missing; this studio reads format version {Script.CurrentFormatVersion}", "$");
        }
        else if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != Script.CurrentFormatVersion)
        {
            Error(DiagnosticCodes.UnsupportedFormat, $"format version {version.GetRawText()} is not supported; this studio reads format version {Script.CurrentFormatVersion}", "$.formatVersion");
        }
        if (!root.TryGetProperty("nodes", out var nodes))
        {
            Error(DiagnosticCodes.InvalidValue, "'nodes' is missing: a script needs at least one node", "$");
            return;
        }
        if (nodes.ValueKind != JsonValueKind.Array)
        {
            Error(DiagnosticCodes.InvalidValue, $"'nodes' must be an array, not {Describe(nodes.ValueKind)}", "$.nodes");
            return;
        }
        var index = 0;
        foreach (var node in nodes.EnumerateArray())
        {
            var path = $"$.nodes[{index++}]";
            if (node.ValueKind != JsonValueKind.Object)
            {
                Error(DiagnosticCodes.InvalidValue, $"a node is a JSON object, not {Describe(node.ValueKind)}", path);
                continue;
            }
            var id = node.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            if (string.IsNullOrWhiteSpace(id))
            {
                Error(DiagnosticCodes.MissingNodeId, "the node has no 'id'", path);
            }
            if (!node.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
            {
                Error(DiagnosticCodes.UnknownNodeKind, $"the node has no 'kind'; expected one of {string.Join(", ", Node.Kinds)}", path, id);
            }
            else if (!Node.Kinds.Contains(kind.GetString()))
            {
                Error(DiagnosticCodes.UnknownNodeKind, $"unknown node kind '{kind.GetString()}'; expected one of {string.Join(", ", Node.Kinds)}", path + ".kind", id);
            }
        }
    }

    private static string Explain(JsonException ex, string path)
    {
        var message = FirstSentence(ex.Message);
        const string unmapped = "could not be mapped to any .NET member";
        if (message.Contains(unmapped, StringComparison.Ordinal))
        {
            var start = message.IndexOf('\'');
            var end = start >= 0 ? message.IndexOf('\'', start + 1) : -1;
            var name = start >= 0 && end > start ? message[(start + 1)..end] : "?";
            return $"unknown property '{name}' (check its spelling against docs/script-format.md)";
        }
        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return $"the value at {path} has the wrong type or an unknown name";
        }
        return message;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };

    /// <summary>The id of the node a path points into ($.nodes[3]...), for locating an error.</summary>
    internal static string? NodeIdAt(JsonElement root, string path)
    {
        const string prefix = "$.nodes[";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var close = path.IndexOf(']', prefix.Length);
        if (close < 0 || !int.TryParse(path.AsSpan(prefix.Length, close - prefix.Length), out var index)
            || !root.TryGetProperty("nodes", out var nodes) || index >= nodes.GetArrayLength())
        {
            return null;
        }
        var node = nodes[index];
        return node.ValueKind == JsonValueKind.Object && node.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
    }

    /// <summary>Grades are written as one-letter strings ("A").</summary>
    private sealed class GradeCharConverter : JsonConverter<char>
    {
        public override char Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            if (text is not { Length: 1 } || text[0] < 'A' || text[0] > 'F')
            {
                throw new JsonException($"a grade is one letter A–F, not '{text}'");
            }
            return text[0];
        }

        public override void Write(Utf8JsonWriter writer, char value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
