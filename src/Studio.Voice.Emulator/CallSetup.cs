using System.Text.Json.Nodes;

namespace Studio.Voice.Emulator;

/// <summary>The call jambonz announces in session:new: ids, numbers, direction and customerData.</summary>
public sealed class CallSetup
{
    public string CallSid { get; init; } = Guid.NewGuid().ToString();

    public string From { get; init; } = "+864008860520";

    public string To { get; init; } = "+8613812341234";

    public string Direction { get; init; } = "outbound";

    /// <summary>What the REST API call that placed the call put in <c>tag</c>: memberId, scriptId, campaign …</summary>
    public JsonObject CustomerData { get; init; } = [];

    /// <summary>An outbound campaign call: customerData with member id, script id, campaign and optional member fields and arms.</summary>
    public static CallSetup Outbound(string scriptId, string memberId, string? campaign = null,
        IEnumerable<KeyValuePair<string, string>>? member = null, IEnumerable<KeyValuePair<string, string>>? arms = null,
        string to = "+8613812341234", ulong? seed = null)
    {
        var data = new JsonObject { ["memberId"] = memberId, ["scriptId"] = scriptId };
        if (campaign is not null)
        {
            data["campaign"] = campaign;
        }
        if (member is not null)
        {
            data["member"] = Object(member);
        }
        if (arms is not null)
        {
            data["arms"] = Object(arms);
        }
        if (seed is { } s)
        {
            data["seed"] = s;
        }
        return new CallSetup { To = to, CustomerData = data };
    }

    /// <summary>The call information jambonz sends with session:new and session:reconnect.</summary>
    internal JsonObject CallData() => new()
    {
        ["call_sid"] = CallSid,
        ["direction"] = Direction,
        ["from"] = From,
        ["to"] = To,
        ["call_id"] = CallSid + "@emulator",
        ["sip_status"] = 200,
        ["sip_reason"] = "OK",
        ["call_status"] = "in-progress",
        ["account_sid"] = "emulator-account",
        ["application_sid"] = "emulator-application",
        ["customerData"] = CustomerData.DeepClone(),
    };

    private static JsonObject Object(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var o = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            o[key] = value;
        }
        return o;
    }
}
