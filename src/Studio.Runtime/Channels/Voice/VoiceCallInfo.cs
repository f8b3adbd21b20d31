using System.Text.Json;
using Studio.Core.Members;

namespace Studio.Runtime.Channels.Voice;

/// <summary>
/// A call as the conversation host sees it: who the member is, which script and campaign, and the call's
/// identity on the gateway. Phone numbers are masked here already; nothing downstream sees a full number.
/// </summary>
public sealed record VoiceCallInfo(string CallSid)
{
    /// <summary>inbound or outbound (jambonz: data.direction).</summary>
    public string Direction { get; init; } = "outbound";

    /// <summary>Calling party, masked (138****1234).</summary>
    public string MaskedFrom { get; init; } = "";

    /// <summary>Called party, masked.</summary>
    public string MaskedTo { get; init; } = "";

    /// <summary>Pseudonymous member id (customerData.memberId).</summary>
    public string? MemberId { get; init; }

    /// <summary>The script the call runs (customerData.scriptId).</summary>
    public string? ScriptId { get; init; }

    /// <summary>The campaign that placed the call (customerData.campaign).</summary>
    public string? Campaign { get; init; }

    /// <summary>
    /// The member as far as the call knows it: id, optional profile fields sent in customerData.member, and
    /// the member's masked number. A host normally loads the full profile from storage by <see cref="MemberId"/>.
    /// </summary>
    public MemberProfile Member { get; init; } = new();

    /// <summary>Initial script variables (customerData.variables).</summary>
    public IReadOnlyDictionary<string, string>? Variables { get; init; }

    /// <summary>Forced A/B arms (customerData.arms), for test calls.</summary>
    public IReadOnlyDictionary<string, string>? ForcedArms { get; init; }

    /// <summary>Seed of message variations (customerData.seed); 0 when absent.</summary>
    public ulong Seed { get; init; }

    /// <summary>The whole customerData object as the gateway sent it (may be undefined).</summary>
    public JsonElement CustomerData { get; init; }
}
