using System.Globalization;

namespace Studio.Core.Scripts;

/// <summary>How an incentive reads in a message: 30元无门槛券, 满199减30元券, 价值59元的面膜, 1-99元红包.</summary>
public static class IncentiveText
{
    public static string Describe(Incentive incentive) => incentive.Type switch
    {
        IncentiveType.Coupon when incentive.Threshold is > 0 => $"满{Money(incentive.Threshold)}减{Money(incentive.Amount)}元优惠券",
        IncentiveType.Coupon => $"{Money(incentive.Amount)}元无门槛优惠券",
        IncentiveType.Gift when incentive.Value is > 0 => $"价值{Money(incentive.Value)}元的{incentive.Item ?? incentive.Name}",
        IncentiveType.Gift => incentive.Item ?? incentive.Name,
        IncentiveType.Points => $"{incentive.Points ?? 0}积分",
        IncentiveType.RedPacket => $"{Money(incentive.Min)}-{Money(incentive.Max)}元随机红包",
        IncentiveType.FreeShipping => "包邮券",
        _ => incentive.Name,
    };

    /// <summary>直接送 / 有机会得.</summary>
    public static string Framing(Framing framing) => framing == Scripts.Framing.Certain ? "直接送" : "有机会得";

    public static string Money(decimal? value) =>
        (value ?? 0).ToString(value % 1 == 0 ? "0" : "0.##", CultureInfo.InvariantCulture);

    /// <summary>A field of the current offer as templates see it ({{offer.amount}}).</summary>
    public static string? Field(Incentive incentive, string? field) => field switch
    {
        null or "description" => Describe(incentive),
        "name" => incentive.Name,
        "id" => incentive.Id,
        "type" => incentive.Type.ToString(),
        "amount" => Money(incentive.Amount),
        "threshold" => Money(incentive.Threshold),
        "item" => incentive.Item,
        "value" => Money(incentive.Value),
        "points" => (incentive.Points ?? 0).ToString(CultureInfo.InvariantCulture),
        "min" => Money(incentive.Min),
        "max" => Money(incentive.Max),
        "framing" => Framing(incentive.Framing),
        "cost" => Money(incentive.Cost),
        "validDays" => incentive.ValidDays?.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    public static readonly IReadOnlyList<string> Fields =
        ["description", "name", "id", "type", "amount", "threshold", "item", "value", "points", "min", "max", "framing", "cost", "validDays"];
}
