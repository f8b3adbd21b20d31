using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Studio.Core.Members;

namespace Studio.Runtime.Channels.Voice.Jambonz;

/// <summary>Message types of the jambonz WebSocket API.</summary>
public static class JambonzMessageTypes
{
    public const string SessionNew = "session:new";
    public const string SessionRedirect = "session:redirect";
    public const string SessionReconnect = "session:reconnect";
    public const string VerbHook = "verb:hook";
    public const string VerbStatus = "verb:status";
    public const string CallStatus = "call:status";
    public const string JambonzError = "jambonz:error";
    public const string Ack = "ack";
}

/// <summary>One message from jambonz: type, msgid, call_sid, hook and the data payload (detached from its document).</summary>
public sealed partial record JambonzMessage(string Type, string? MsgId, string? CallSid, string? Hook, JsonElement Data)
{
    /// <summary>Parses a message; null when it is not a JSON object with a string <c>type</c>.</summary>
    public static JambonzMessage? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || String(root, "type") is not { } type)
            {
                return null;
            }
            var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
            var callSid = String(root, "call_sid") ?? (data.ValueKind == JsonValueKind.Object ? String(data, "call_sid") : null);
            return new JambonzMessage(type, String(root, "msgid"), callSid, String(root, "hook"), data);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string? DataString(string name) => Data.ValueKind == JsonValueKind.Object ? String(Data, name) : null;

    /// <summary>
    /// Maps a gather's verb:hook to a voice input: speech (both shapes jambonz documents: <c>speech.alternatives[0]</c>
    /// and <c>speech.transcripts[0].alternatives[0]</c>), keys, timeout, low-confidence speech or an error.
    /// </summary>
    public VoiceInput ToVoiceInput()
    {
        var reason = DataString("reason") ?? "";
        switch (reason)
        {
            case "speechDetected":
            case "stt-low-confidence":
                var (transcript, confidence) = Speech(Data);
                if (string.IsNullOrWhiteSpace(transcript))
                {
                    return new NoInput(reason + " without a transcript");
                }
                return new SpeechInput(transcript.Trim(), confidence, reason == "stt-low-confidence");
            case "dtmfDetected":
                var digits = DataString("digits");
                return string.IsNullOrEmpty(digits) ? new NoInput("dtmfDetected without digits") : new DigitsInput(digits);
            case "timeout":
                return new NoInput("timeout");
            case "error":
                return new NoInput("error");
            default:
                return new NoInput(reason.Length == 0 ? "no reason" : reason);
        }
    }

    /// <summary>The first alternative of a speech result, in either documented shape.</summary>
    public static (string? Transcript, double? Confidence) Speech(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("speech", out var speech) || speech.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }
        if (!FirstAlternative(speech, out var alternative)
            && !(speech.TryGetProperty("transcripts", out var transcripts) && transcripts.ValueKind == JsonValueKind.Array
                 && transcripts.GetArrayLength() > 0 && FirstAlternative(transcripts[0], out alternative)))
        {
            return (null, null);
        }
        var text = String(alternative, "transcript");
        double? confidence = alternative.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : null;
        if (confidence is { } value && (double.IsNaN(value) || value < 0 || value > 1))
        {
            confidence = Math.Clamp(double.IsNaN(value) ? 0 : value, 0, 1);
        }
        return (text, confidence);
    }

    /// <summary>Call information of a session:new / session:reconnect, with numbers masked.</summary>
    public VoiceCallInfo ToCallInfo()
    {
        var data = Data.ValueKind == JsonValueKind.Object ? Data : default;
        var customer = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("customerData", out var cd) && cd.ValueKind == JsonValueKind.Object
            ? cd : default;
        var direction = DataString("direction") ?? "inbound";
        var from = PhoneMask.Mask(DataString("from"));
        var to = PhoneMask.Mask(DataString("to"));

        var pairs = new List<KeyValuePair<string, string>>();
        if (customer.ValueKind == JsonValueKind.Object && customer.TryGetProperty("member", out var m) && m.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in m.EnumerateObject())
            {
                if (Scalar(p.Value) is { } value)
                {
                    pairs.Add(new(p.Name, value));
                }
            }
        }
        var member = MemberProfile.FromPairs(pairs);
        var memberId = Customer(customer, "memberId", "member_id");
        member.Id = memberId ?? (member.Id == "demo-member" ? "" : member.Id);
        member.Phone ??= direction == "outbound" ? NullIfEmpty(to) : NullIfEmpty(from);

        ulong seed = 0;
        if (Customer(customer, "seed") is { } s)
        {
            ulong.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed);
        }
        return new VoiceCallInfo(CallSid ?? "")
        {
            Direction = direction,
            MaskedFrom = from,
            MaskedTo = to,
            MemberId = memberId,
            ScriptId = Customer(customer, "scriptId", "script_id"),
            Campaign = Customer(customer, "campaign", "campaignId", "campaign_id"),
            Member = member,
            Variables = Map(customer, "variables"),
            ForcedArms = Map(customer, "arms"),
            Seed = seed,
            CustomerData = customer.ValueKind == JsonValueKind.Object ? customer.Clone() : default,
        };
    }

    /// <summary>Masks every run of 7+ digits in free text (gateway error messages may quote a number).</summary>
    public static string SafeForLog(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var masked = LongDigits().Replace(text, match => PhoneMask.Mask(match.Value));
        return masked.Length > 300 ? masked[..300] + "…" : masked;
    }

    private static bool FirstAlternative(JsonElement holder, out JsonElement alternative)
    {
        alternative = default;
        if (holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty("alternatives", out var alternatives)
            && alternatives.ValueKind == JsonValueKind.Array && alternatives.GetArrayLength() > 0
            && alternatives[0].ValueKind == JsonValueKind.Object)
        {
            alternative = alternatives[0];
            return true;
        }
        return false;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static string? Customer(JsonElement customer, params string[] names)
    {
        if (customer.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var name in names)
        {
            if (customer.TryGetProperty(name, out var value) && Scalar(value) is { Length: > 0 } text)
            {
                return text;
            }
        }
        return null;
    }

    private static Dictionary<string, string>? Map(JsonElement customer, string name)
    {
        if (customer.ValueKind != JsonValueKind.Object || !customer.TryGetProperty(name, out var map) || map.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in map.EnumerateObject())
        {
            if (Scalar(p.Value) is { } value)
            {
                result[p.Name] = value;
            }
        }
        return result.Count > 0 ? result : null;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 || text == "***" ? null : text;

    [GeneratedRegex(@"\+?\d{7,}")]
    private static partial Regex LongDigits();
}
