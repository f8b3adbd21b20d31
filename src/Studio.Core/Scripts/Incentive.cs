using System.Text.Json.Serialization;

namespace Studio.Core.Scripts;

/// <summary>
/// An incentive variant (利益点) from the script's library: typed, costed and framed, so the same
/// "30元无门槛券" is reused and reported everywhere.
/// </summary>
public sealed class Incentive
{
    public string Id { get; set; } = "";
    public IncentiveType Type { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Coupon face value (yuan).</summary>
    public decimal? Amount { get; set; }

    /// <summary>Coupon minimum spend (yuan); 0 means 无门槛.</summary>
    public decimal? Threshold { get; set; }

    /// <summary>Gift item.</summary>
    public string? Item { get; set; }

    /// <summary>Gift value (yuan).</summary>
    public decimal? Value { get; set; }

    public int? Points { get; set; }

    /// <summary>Red packet range (yuan).</summary>
    public decimal? Min { get; set; }

    public decimal? Max { get; set; }

    public Framing Framing { get; set; } = Framing.Certain;

    /// <summary>Expected cost to the brand per member who takes it (yuan), for ROI.</summary>
    public decimal Cost { get; set; }

    public bool Stackable { get; set; } = true;
    public int? ValidDays { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<IncentiveType>))]
public enum IncentiveType
{
    [JsonStringEnumMemberName("coupon")] Coupon,
    [JsonStringEnumMemberName("gift")] Gift,
    [JsonStringEnumMemberName("points")] Points,
    [JsonStringEnumMemberName("red_packet")] RedPacket,
    [JsonStringEnumMemberName("free_shipping")] FreeShipping,
}

/// <summary>How the incentive is worded: 直接送 (certain) converts better than 有机会得 (chance).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Framing>))]
public enum Framing
{
    [JsonStringEnumMemberName("certain")] Certain,
    [JsonStringEnumMemberName("chance")] Chance,
}

/// <summary>Stacked incentives offered together ("gift + coupon + points").</summary>
public sealed class IncentiveSet
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public List<string> Items { get; set; } = [];
}
