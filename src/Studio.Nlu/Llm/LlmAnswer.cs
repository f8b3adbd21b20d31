using System.Globalization;
using System.Text.Json;

namespace Studio.Nlu.Llm;

/// <summary>The model's raw verdict, before it is checked against the intents offered.</summary>
internal readonly record struct LlmAnswer(string Intent, double? Confidence)
{
    /// <summary>
    /// Reads <c>{"intent": "...", "confidence": 0.0-1.0}</c> out of a model's reply, tolerating what
    /// models add around it: code fences, prose before or after, a confidence written as a string or
    /// as a percentage. Returns false when no such object can be found.
    /// </summary>
    public static bool TryParse(string? content, out LlmAnswer answer)
    {
        answer = default;
        if (string.IsNullOrWhiteSpace(content))
        {
            return false;
        }
        // Try every top-level object in the reply, first to last: a model may quote an example first.
        var start = content.IndexOf('{', StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = FindObjectEnd(content, start);
            if (end < 0)
            {
                return false;
            }
            if (TryRead(content.AsSpan(start, end - start + 1), out answer))
            {
                return true;
            }
            start = content.IndexOf('{', end + 1);
        }
        return false;
    }

    private static bool TryRead(ReadOnlySpan<char> json, out LlmAnswer answer)
    {
        answer = default;
        try
        {
            using var document = JsonDocument.Parse(json.ToString(), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            string? intent = null;
            double? confidence = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("intent") || property.Name.Equals("intent", StringComparison.OrdinalIgnoreCase))
                {
                    intent = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                }
                else if (property.Name.Equals("confidence", StringComparison.OrdinalIgnoreCase))
                {
                    confidence = ReadConfidence(property.Value);
                }
            }
            if (string.IsNullOrWhiteSpace(intent))
            {
                return false;
            }
            answer = new LlmAnswer(intent.Trim(), confidence);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static double? ReadConfidence(JsonElement value)
    {
        double number;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                number = value.GetDouble();
                break;
            case JsonValueKind.String:
                var text = value.GetString()!.Trim();
                var percent = text.EndsWith('%');
                if (!double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
                {
                    return null;
                }
                if (percent)
                {
                    number /= 100;
                }
                break;
            default:
                return null;
        }
        if (double.IsNaN(number) || number < 0)
        {
            return null;
        }
        // Some models answer on a 0-100 scale despite the instructions.
        if (number > 1 && number <= 100)
        {
            number /= 100;
        }
        return Math.Min(number, 1);
    }

    /// <summary>Index of the brace closing the object opened at <paramref name="start"/>, or -1.</summary>
    private static int FindObjectEnd(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    if (--depth == 0)
                    {
                        return i;
                    }
                    break;
            }
        }
        return -1;
    }
}
