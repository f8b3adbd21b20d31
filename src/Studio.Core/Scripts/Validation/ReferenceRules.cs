using System.Globalization;

namespace Studio.Core.Scripts.Validation;

/// <summary>Offers name existing incentives, incentives carry the fields their type needs, assignments target declared variables.</summary>
internal static class ReferenceRules
{
    public static void Check(ValidationContext context)
    {
        CheckIncentives(context);
        CheckIncentiveSets(context);
        CheckOffers(context);
        CheckVariables(context);
    }

    private static void CheckIncentives(ValidationContext context)
    {
        var incentives = context.Script.Incentives;
        for (var i = 0; i < incentives.Count; i++)
        {
            var incentive = incentives[i];
            var path = $"$.incentives[{i}]";
            var name = $"'{incentive.Id}'";
            switch (incentive.Type)
            {
                case IncentiveType.Coupon when incentive.Amount is not > 0:
                    Incomplete(context, $"coupon {name} has no amount: set 'amount' to its face value in yuan", path + ".amount");
                    break;
                case IncentiveType.Gift when string.IsNullOrWhiteSpace(incentive.Item):
                    Incomplete(context, $"gift {name} has no item: set 'item' to what the member gets (e.g. 旅行装面膜)", path + ".item");
                    break;
                case IncentiveType.Points when incentive.Points is not > 0:
                    Incomplete(context, $"points incentive {name} has no points: set 'points' to how many the member gets", path + ".points");
                    break;
                case IncentiveType.RedPacket when incentive.Min is null || incentive.Max is null:
                    Incomplete(context, $"red packet {name} needs 'min' and 'max' (its range in yuan)", path + (incentive.Min is null ? ".min" : ".max"));
                    break;
                case IncentiveType.RedPacket when incentive.Min >= incentive.Max || incentive.Min < 0:
                    Incomplete(context, $"red packet {name} needs 0 ≤ min < max; it has min {Money(incentive.Min)} and max {Money(incentive.Max)}", path + ".min");
                    break;
            }
        }
    }

    private static void Incomplete(ValidationContext context, string message, string path) =>
        context.Error(DiagnosticCodes.IncompleteIncentive, message, path);

    private static string Money(decimal? value) => (value ?? 0).ToString("0.##", CultureInfo.InvariantCulture);

    private static void CheckIncentiveSets(ValidationContext context)
    {
        var known = context.Script.Incentives.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var sets = context.Script.IncentiveSets;
        for (var i = 0; i < sets.Count; i++)
        {
            var set = sets[i];
            if (set.Items.Count == 0)
            {
                context.Error(DiagnosticCodes.IncompleteIncentive, $"incentive set '{set.Id}' has no items: list the incentive ids it stacks", $"$.incentiveSets[{i}].items");
            }
            for (var j = 0; j < set.Items.Count; j++)
            {
                if (!known.Contains(set.Items[j] ?? ""))
                {
                    context.Error(DiagnosticCodes.UnknownIncentive, $"incentive set '{set.Id}' lists unknown incentive '{set.Items[j]}': add it to 'incentives' or fix the id", $"$.incentiveSets[{i}].items[{j}]");
                }
            }
        }
    }

    private static void CheckOffers(ValidationContext context)
    {
        var incentives = context.Script.Incentives.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var sets = context.Script.IncentiveSets.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (node, path) in context.Nodes)
        {
            if (node is not OfferNode offer)
            {
                continue;
            }
            if (offer.Incentive is null && offer.IncentiveSet is null)
            {
                context.Error(DiagnosticCodes.InvalidOffer, "the offer names no incentive: set 'incentive' or 'incentiveSet' to an id from the library", path, offer.Id);
            }
            else if (offer.Incentive is not null && offer.IncentiveSet is not null)
            {
                context.Error(DiagnosticCodes.InvalidOffer, "the offer sets both 'incentive' and 'incentiveSet': keep one (a set already stacks several incentives)", path + ".incentiveSet", offer.Id);
            }
            else if (offer.Incentive is { } id && !incentives.Contains(id))
            {
                var hint = sets.Contains(id) ? $": '{id}' is an incentive set, so use 'incentiveSet'" : ": add it to 'incentives' or fix the id";
                context.Error(DiagnosticCodes.UnknownIncentive, $"the offer uses unknown incentive '{id}'{hint}", path + ".incentive", offer.Id);
            }
            else if (offer.IncentiveSet is { } setId && !sets.Contains(setId))
            {
                var hint = incentives.Contains(setId) ? $": '{setId}' is a single incentive, so use 'incentive'" : ": add it to 'incentiveSets' or fix the id";
                context.Error(DiagnosticCodes.UnknownIncentive, $"the offer uses unknown incentive set '{setId}'{hint}", path + ".incentiveSet", offer.Id);
            }
        }
    }

    private static void CheckVariables(ValidationContext context)
    {
        foreach (var (node, path) in context.Nodes)
        {
            switch (node)
            {
                case SetNode set:
                    foreach (var name in set.Assign.Keys)
                    {
                        if (!context.Variables.Contains(name))
                        {
                            context.Error(DiagnosticCodes.UndeclaredVariable, $"the set node assigns undeclared variable '{name}': declare it in 'variables' or fix the name", $"{path}.assign.{name}", node.Id);
                        }
                    }
                    break;
                case AskNode { StoreAs: { } storeAs } when !context.Variables.Contains(storeAs):
                    context.Error(DiagnosticCodes.UndeclaredVariable, $"'storeAs' names undeclared variable '{storeAs}': declare it in 'variables' (type string) or fix the name", path + ".storeAs", node.Id);
                    break;
            }
        }
    }
}
