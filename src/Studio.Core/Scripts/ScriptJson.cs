using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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
            // "name": null would otherwise leave null where the model promises a value.
            RespectNullableAnnotations = true,
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DropIgnoredProperties } },
        };
        options.Converters.Add(new GradeCharConverter());
        // Takes precedence over the enums' own converters: names only (voice), never numbers (0).
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// Computed members ([JsonIgnore], e.g. startNodeId) are not part of the format: dropping them from the
    /// contract makes the reader reject them as unknown instead of skipping them silently.
    /// </summary>
    private static void DropIgnoredProperties(JsonTypeInfo info)
    {
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true)
                    .OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.Always) == true)
            {
                info.Properties.RemoveAt(i);
            }
        }
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
            var column = CharacterColumn(json, line, (int)(ex.BytePositionInLine ?? 0)) + 1;
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.MalformedJson,
                $"malformed JSON at line {line}, column {column}: {ExplainSyntax(ex.Message)}", "$", Line: line));
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
                    Explain(ex, path, document.RootElement), path, NodeIdAt(document.RootElement, path), lines.LineOf(path)));
                return new ScriptReadResult(null, diagnostics, lines);
            }
        }
    }

    /// <summary>Structural checks whose failure would make the typed reader's message unclear.</summary>
    private static void CheckShape(JsonElement root, List<Diagnostic> diagnostics, JsonLineMap lines)
    {
        void Error(string code, string message, string path, string? nodeId = null) =>
            diagnostics.Add(new Diagnostic(Severity.Error, code, message, path, nodeId ?? NodeIdAt(root, path), lines.LineOf(path)));

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
            else if (kind.GetString() is var name && !Node.Kinds.Contains(name))
            {
                var guess = Spelling.Closest(name ?? "", Node.Kinds) is { } closest ? $": did you mean '{closest}'?" : ".";
                var of = id is null ? "" : $" of node '{id}'";
                Error(DiagnosticCodes.UnknownNodeKind,
                    $"unknown node kind '{name}'{of}{guess} The kinds are {string.Join(", ", Node.Kinds)}", path + ".kind", id);
            }
        }
        RejectNulls(root, "$", Error);
    }

    /// <summary>Object properties whose members are free-form names (ports, keys, variables, payload fields).</summary>
    private static readonly HashSet<string> MapProperties = ["routes", "dtmf", "assign", "payload"];

    /// <summary>
    /// Null items in lists and null values in maps: the typed reader would accept them and leave holes in
    /// the model. Variable defaults are free JSON and are not looked into.
    /// </summary>
    private static void RejectNulls(JsonElement element, string path, Action<string, string, string, string?> error)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                var itemPath = $"{path}[{i++}]";
                if (item.ValueKind == JsonValueKind.Null)
                {
                    error(DiagnosticCodes.InvalidValue, "a list item cannot be null: remove it", itemPath, null);
                }
                RejectNulls(item, itemPath, error);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            var isMap = MapProperties.Contains(path[(path.LastIndexOf('.') + 1)..]);
            foreach (var property in element.EnumerateObject())
            {
                var propertyPath = $"{path}.{property.Name}";
                if (isMap && property.Value.ValueKind == JsonValueKind.Null)
                {
                    error(DiagnosticCodes.InvalidValue, $"'{property.Name}' cannot be null: give it a value or remove it", propertyPath, null);
                }
                if (property.Name != "default")
                {
                    RejectNulls(property.Value, propertyPath, error);
                }
            }
        }
    }

    private static string Explain(JsonException ex, string path, JsonElement root)
    {
        var message = ex.Message;
        var unmapped = Regex.Match(message, "The JSON property '(?<name>[^']*)' could not be mapped to any .NET member contained in type '(?<type>[^']*)'");
        if (unmapped.Success)
        {
            return UnknownProperty(unmapped.Groups["name"].Value, ModelType(unmapped.Groups["type"].Value));
        }
        var isNull = Regex.Match(message, "The (property or field|constructor parameter) '(?<name>[^']*)' .*doesn't allow (setting|getting) null values");
        if (isNull.Success)
        {
            return $"'{isNull.Groups["name"].Value}' cannot be null: give it a value or remove it";
        }
        var converted = Regex.Match(message, "could not be converted to (?<type>[^ ]+?)\\.? Path:");
        if (converted.Success)
        {
            var found = ElementAt(root, path);
            var type = ModelType(converted.Groups["type"].Value);
            if (type is { IsEnum: true } && found is { ValueKind: JsonValueKind.String } text)
            {
                var names = EnumNames(type);
                var guess = Spelling.Closest(text.GetString() ?? "", names) is { } closest ? $" (did you mean '{closest}'?)" : "";
                return $"'{text.GetString()}' is not a valid {Words(type.Name)}{guess}: use one of {string.Join(", ", names)}";
            }
            return $"{path} must be {Expected(converted.Groups["type"].Value, type)}, not {(found is { } f ? Describe(f.ValueKind) : "this value")}";
        }
        return FirstSentence(message);
    }

    /// <summary>"unknown property 'mesage' on a say node: did you mean 'message'?"</summary>
    private static string UnknownProperty(string name, Type? type)
    {
        var owner = type is null ? "" : $" on {Owner(type)}";
        var known = type is null ? [] : Options.GetTypeInfo(type).Properties.Select(p => p.Name).Where(n => n != "kind").ToList();
        if (known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) is { } cased)
        {
            return $"unknown property '{name}'{owner}: names are case-sensitive, write '{cased}'";
        }
        if (Spelling.Closest(name, known) is { } closest)
        {
            return $"unknown property '{name}'{owner}: did you mean '{closest}'?";
        }
        return known.Count == 0
            ? $"unknown property '{name}'{owner} (check its spelling against docs/script-format.md)"
            : $"unknown property '{name}'{owner}: its properties are {string.Join(", ", known)}";
    }

    private static Type? ModelType(string name)
    {
        var plain = name.Replace("System.Nullable`1[", "", StringComparison.Ordinal).TrimEnd(']');
        return typeof(Script).Assembly.GetType(plain);
    }

    private static string Owner(Type type) =>
        type.IsSubclassOf(typeof(Node)) ? $"a {Words(type.Name[..^"Node".Length])} node" : $"{Article(type.Name)} {Words(type.Name)}";

    private static string Article(string word) => "AEIOU".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    /// <summary>GlobalIntent → global intent.</summary>
    private static string Words(string pascal) =>
        Regex.Replace(pascal, "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant();

    private static List<string> EnumNames(Type type) =>
        [.. type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => f.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false).OfType<JsonStringEnumMemberNameAttribute>().FirstOrDefault()?.Name ?? f.Name)];

    private static string Expected(string typeName, Type? type) => typeName switch
    {
        _ when type is { IsEnum: true } => $"one of {string.Join(", ", EnumNames(type))}",
        _ when typeName.Contains("System.String", StringComparison.Ordinal) && !typeName.Contains("Collections", StringComparison.Ordinal) => "text (a string)",
        _ when typeName.Contains("Dictionary", StringComparison.Ordinal) => "an object of names and values",
        _ when typeName.Contains("List", StringComparison.Ordinal) => "a list",
        _ when typeName.Contains("Int32", StringComparison.Ordinal) => "a whole number",
        _ when typeName.Contains("Decimal", StringComparison.Ordinal) || typeName.Contains("Double", StringComparison.Ordinal) => "a number",
        _ when typeName.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when typeName.Contains("Char", StringComparison.Ordinal) => "one letter A–F",
        _ => "an object",
    };

    /// <summary>The element at a path the serializer reported ($.nodes[0].message.text), if it exists.</summary>
    internal static JsonElement? ElementAt(JsonElement root, string path)
    {
        var current = root;
        foreach (Match step in Regex.Matches(path, @"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]"))
        {
            if (step.Groups["index"].Success)
            {
                var index = int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return null;
                }
                current = current[index];
            }
            else if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step.Groups["name"].Value, out current))
            {
                return null;
            }
        }
        return current;
    }

    /// <summary>The reader's message without its position suffix, with the cryptic ones explained.</summary>
    private static string ExplainSyntax(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        message = (cut > 0 ? message[..cut] : message).Trim().TrimEnd('.');
        if (message.Contains("Expected depth to be zero", StringComparison.Ordinal))
        {
            return "the document ends before every '{' and '[' is closed";
        }
        if (message.Contains("end of data", StringComparison.OrdinalIgnoreCase) && message.Contains("not expected", StringComparison.OrdinalIgnoreCase))
        {
            return "the document ends in the middle of a value";
        }
        return message;
    }

    /// <summary>The reader counts bytes; people count characters (汉字 are 3 bytes in UTF-8).</summary>
    private static int CharacterColumn(string json, int line, int bytes)
    {
        var lineTexts = json.Split('\n');
        if (line < 1 || line > lineTexts.Length)
        {
            return bytes;
        }
        var lineBytes = System.Text.Encoding.UTF8.GetBytes(lineTexts[line - 1]);
        return System.Text.Encoding.UTF8.GetCharCount(lineBytes, 0, Math.Min(bytes, lineBytes.Length));
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
