using System.Globalization;
using System.Text.Json;
using Studio.Data.Outcomes;

namespace Studio.Runtime.Events;

/// <summary>A malformed outcome event, with the JSON path of the problem ($[2].time).</summary>
public sealed class OutcomeEventFormatException(string path, string message) : Exception($"{path}: {message}")
{
    public string Path { get; } = path;
}

/// <summary>
/// Reads outcome events: one object or an array of objects with eventId, type, memberId, time (ISO 8601 with an
/// offset), amount (number, yuan) and properties (an object of strings, numbers or booleans). Unknown fields are
/// errors, so a misspelt field is found at once rather than silently lost.
/// </summary>
public static class OutcomeEventJson
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "eventId", "type", "memberId", "time", "amount", "properties" };

    public static IReadOnlyList<OutcomeEvent> Parse(ReadOnlySpan<byte> json, int maxBatch = 1000)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new OutcomeEventFormatException("$", $"not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1})");
        }
        using (document)
        {
            var root = document.RootElement;
            switch (root.ValueKind)
            {
                case JsonValueKind.Object:
                    return [Read(root, "$")];
                case JsonValueKind.Array:
                    var count = root.GetArrayLength();
                    if (count == 0)
                    {
                        throw new OutcomeEventFormatException("$", "the batch is empty");
                    }
                    if (count > maxBatch)
                    {
                        throw new OutcomeEventFormatException("$", $"a batch holds at most {maxBatch} events, this one {count}");
                    }
                    var events = new List<OutcomeEvent>(count);
                    var ids = new HashSet<string>(StringComparer.Ordinal);
                    var i = 0;
                    foreach (var element in root.EnumerateArray())
                    {
                        var e = Read(element, $"$[{i}]");
                        if (!ids.Add(e.EventId))
                        {
                            throw new OutcomeEventFormatException($"$[{i}].eventId", $"'{e.EventId}' appears twice in the batch");
                        }
                        events.Add(e);
                        i++;
                    }
                    return events;
                default:
                    throw new OutcomeEventFormatException("$", "expected an event object or an array of them");
            }
        }
    }

    private static OutcomeEvent Read(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new OutcomeEventFormatException(path, "expected an event object");
        }
        foreach (var property in e.EnumerateObject())
        {
            if (!Known.Contains(property.Name))
            {
                throw new OutcomeEventFormatException($"{path}.{property.Name}", "unknown field (eventId, type, memberId, time, amount, properties)");
            }
        }
        var outcome = new OutcomeEvent
        {
            EventId = RequiredString(e, "eventId", path, 200),
            Type = RequiredString(e, "type", path, 100),
            MemberId = RequiredString(e, "memberId", path, 200),
            Time = Time(e, path),
        };
        if (e.TryGetProperty("amount", out var amount) && amount.ValueKind != JsonValueKind.Null)
        {
            if (amount.ValueKind != JsonValueKind.Number || !amount.TryGetDecimal(out var value))
            {
                throw new OutcomeEventFormatException($"{path}.amount", "expected a number (yuan)");
            }
            if (value < 0)
            {
                throw new OutcomeEventFormatException($"{path}.amount", "must not be negative");
            }
            outcome.Amount = value;
        }
        if (outcome.Type == OutcomeTypes.OrderPlaced && outcome.Amount is null)
        {
            throw new OutcomeEventFormatException($"{path}.amount", "an order_placed event needs its amount");
        }
        if (e.TryGetProperty("properties", out var properties) && properties.ValueKind != JsonValueKind.Null)
        {
            if (properties.ValueKind != JsonValueKind.Object)
            {
                throw new OutcomeEventFormatException($"{path}.properties", "expected an object");
            }
            foreach (var p in properties.EnumerateObject())
            {
                outcome.Properties[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString()!,
                    JsonValueKind.Number => p.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => throw new OutcomeEventFormatException($"{path}.properties.{p.Name}", "expected a string, number or boolean"),
                };
            }
        }
        return outcome;
    }

    private static string RequiredString(JsonElement e, string name, string path, int maxLength)
    {
        if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new OutcomeEventFormatException($"{path}.{name}", "is required");
        }
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { } text || string.IsNullOrWhiteSpace(text))
        {
            throw new OutcomeEventFormatException($"{path}.{name}", "expected a non-empty string");
        }
        if (text.Length > maxLength)
        {
            throw new OutcomeEventFormatException($"{path}.{name}", $"longer than {maxLength} characters");
        }
        return text.Trim();
    }

    private static DateTimeOffset Time(JsonElement e, string path)
    {
        var text = RequiredString(e, "time", path, 64);
        // An offset is required: "2026-11-11 20:00" would be read in the server's zone, a silent 8-hour error.
        if (!DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var time) || !(text.EndsWith('Z') || text.Length > 6 && text[^6] is '+' or '-'))
        {
            throw new OutcomeEventFormatException($"{path}.time", $"'{text}' is not an ISO 8601 time with an offset, e.g. 2026-11-11T20:00:00+08:00");
        }
        return time;
    }
}
