namespace Studio.Data.Outcomes;

/// <summary>Well-known outcome event types (others are accepted as they come).</summary>
public static class OutcomeTypes
{
    public const string WecomAddAccepted = "wecom_add_accepted";
    public const string CouponRedeemed = "coupon_redeemed";
    public const string OrderPlaced = "order_placed";
    public const string SmsClicked = "sms_clicked";
    public const string StoreVisited = "store_visited";
}

/// <summary>
/// A business outcome reported by a neighbouring system (CRM, SCRM, shop): the evidence A/B review
/// attributes to conversations and arms. <see cref="EventId"/> is the sender's id and makes delivery
/// idempotent.
/// </summary>
public sealed class OutcomeEvent
{
    public string EventId { get; set; } = "";
    public string Type { get; set; } = "";
    public string MemberId { get; set; } = "";

    /// <summary>When it happened (the sender's clock).</summary>
    public DateTimeOffset Time { get; set; }

    /// <summary>Order value or coupon amount, in yuan.</summary>
    public decimal? Amount { get; set; }

    public Dictionary<string, string> Properties { get; set; } = [];

    /// <summary>When we stored it.</summary>
    public DateTimeOffset ReceivedAt { get; set; }
}

public enum OutcomeInsert
{
    Inserted,

    /// <summary>An event with this id is stored already; nothing was written.</summary>
    Duplicate,
}

public sealed record OutcomeQuery
{
    public string? MemberId { get; init; }
    public string? Type { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public string? After { get; init; }
    public int Take { get; init; } = 100;
}
