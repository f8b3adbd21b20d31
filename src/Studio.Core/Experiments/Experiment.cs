using Studio.Core.Scripts;

namespace Studio.Core.Experiments;

/// <summary>What an experiment is judged on.</summary>
public enum PrimaryMetric
{
    /// <summary>Share of assigned members whose WeCom add was accepted (wecom_add_accepted event).</summary>
    WecomAddAccepted,

    /// <summary>Share of assigned members who ordered within the attribution window (order_placed event).</summary>
    OrderConversion,

    /// <summary>Order revenue within the window per assigned member (yuan).</summary>
    RevenuePerMember,

    /// <summary>Revenue per yuan spent on incentives and call minutes (投产比).</summary>
    Roi,
}

/// <summary>Rates that must not get worse while the primary metric improves.</summary>
public enum GuardrailMetric
{
    OptOut,
    Complaint,

    /// <summary>The member hung up within 10 seconds of answering.</summary>
    EarlyHangup,
}

/// <summary>A guardrail: breached when the arm's rate is significantly above the control's by more than <see cref="MaxIncrease"/>.</summary>
public sealed record Guardrail(GuardrailMetric Metric, double MaxIncrease = 0);

/// <summary>One arm: a script branch of a split and/or an incentive variant, with its traffic weight.</summary>
public sealed record ExperimentArm(string Id, double Weight)
{
    public string? Label { get; init; }

    /// <summary>The incentive the arm offers (for ROI), if any.</summary>
    public string? IncentiveId { get; init; }

    /// <summary>Cost to the brand per member who takes the incentive (yuan).</summary>
    public decimal IncentiveCost { get; init; }

    /// <summary>Factor levels for factorial designs, e.g. incentive=coupon_30, framing=certain.</summary>
    public IReadOnlyDictionary<string, string> Factors { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// The arms' weights in force from <see cref="From"/> until the next period starts (percent or any positive scale).
/// </summary>
public sealed record WeightPeriod(DateTimeOffset From, IReadOnlyDictionary<string, double> Weights);

/// <summary>
/// A named A/B experiment: arms with weights, the control, the primary metric, guardrails, its run time, an
/// optional no-contact holdout and the attribution rules. Usually derived from a script's split node
/// (<see cref="FromSplit"/>); the runtime may add the run time, holdout and costs from its configuration.
/// </summary>
public sealed record ExperimentDefinition(string Name, IReadOnlyList<ExperimentArm> Arms)
{
    /// <summary>The arm id reported for members held out (never contacted).</summary>
    public const string HoldoutArm = "holdout";

    public static readonly IReadOnlyList<Guardrail> DefaultGuardrails =
        [new(GuardrailMetric.OptOut), new(GuardrailMetric.Complaint), new(GuardrailMetric.EarlyHangup)];

    public string? Label { get; init; }
    public string? ScriptId { get; init; }

    /// <summary>The arm others are compared with; the first arm when not set.</summary>
    public string? Control { get; init; }

    public PrimaryMetric Primary { get; init; } = PrimaryMetric.WecomAddAccepted;
    public IReadOnlyList<Guardrail> Guardrails { get; init; } = DefaultGuardrails;
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>Percent of members held out of contact entirely (0 = no holdout), for incremental lift.</summary>
    public double HoldoutPercent { get; init; }

    /// <summary>Outcome events count for an arm when they happen within this time after the first exposure.</summary>
    public TimeSpan AttributionWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Price of a started call minute (yuan), for ROI.</summary>
    public decimal CallCostPerMinute { get; init; } = 0.12m;

    /// <summary>The event on which the incentive is paid out (the benefit is issued once the member is added).</summary>
    public string IncentiveCostOn { get; init; } = "wecom_add_accepted";

    /// <summary>
    /// The weights the experiment ran with, oldest first (recorded by the runtime when first seen and on every change:
    /// promotion, a new published version, a Thompson-sampling step). Empty: the arms' current weights throughout.
    /// </summary>
    public IReadOnlyList<WeightPeriod> WeightHistory { get; init; } = [];

    /// <summary>
    /// The weights in force at <paramref name="time"/>: the last period started by then; before the first recorded
    /// period the first one (the weights when the experiment was first seen); without history the arms' weights.
    /// </summary>
    public IReadOnlyDictionary<string, double> WeightsAt(DateTimeOffset time)
    {
        if (WeightHistory.Count == 0)
        {
            return Arms.ToDictionary(a => a.Id, a => a.Weight, StringComparer.Ordinal);
        }
        var current = WeightHistory[0];
        foreach (var period in WeightHistory)
        {
            if (period.From <= time)
            {
                current = period;
            }
        }
        return current.Weights;
    }

    public string ControlArm => Control ?? (Arms.Count > 0 ? Arms[0].Id : "");

    public bool IsRunning(DateTimeOffset now) => (StartedAt is null || now >= StartedAt) && (StoppedAt is null || now < StoppedAt);

    /// <summary>
    /// Is the member in the no-contact holdout? Hashed with its own salt, so holdout and arm are independent
    /// and the holdout share is exact regardless of the arms' weights. The dialler checks this before calling.
    /// </summary>
    public bool IsHeldOut(string memberId) =>
        HoldoutPercent > 0 && ArmAllocator.Bucket(Name + "#holdout", memberId) < HoldoutPercent * 100;

    /// <summary>The arm a member gets when first exposed (holdout first, then the weighted split).</summary>
    public string Assign(string memberId) =>
        IsHeldOut(memberId) ? HoldoutArm : ArmAllocator.Assign(Name, memberId, [.. Arms.Select(a => new Arm { Id = a.Id, Weight = a.Weight })]);

    public ExperimentArm? Arm(string id) => Arms.FirstOrDefault(a => a.Id == id);

    /// <summary>
    /// The experiment of a split node: its arms and weights, its primary metric, and per arm the incentive the
    /// branch offers (the first offer node reached from the arm's route, for cost and the factor levels
    /// incentive and framing).
    /// </summary>
    public static ExperimentDefinition FromSplit(Script script, SplitNode split)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(split);
        var arms = new List<ExperimentArm>();
        foreach (var arm in split.Arms)
        {
            var incentive = FirstIncentive(script, split.Route(arm.Id));
            var factors = new Dictionary<string, string>(StringComparer.Ordinal);
            if (incentive is not null)
            {
                factors["incentive"] = incentive.Id;
                factors["framing"] = incentive.Framing == Framing.Certain ? "certain" : "chance";
            }
            arms.Add(new ExperimentArm(arm.Id, arm.Weight)
            {
                Label = arm.Label,
                IncentiveId = incentive?.Id,
                IncentiveCost = incentive?.Cost ?? 0,
                Factors = factors,
            });
        }
        return new ExperimentDefinition(split.Experiment, arms)
        {
            Label = split.Label,
            ScriptId = script.Id,
            Primary = ParseMetric(split.PrimaryMetric),
        };
    }

    /// <summary>Every experiment in a script (a split node per experiment; the first split of a name wins).</summary>
    public static IReadOnlyList<ExperimentDefinition> FromScript(Script script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return [.. script.Nodes.OfType<SplitNode>().Where(s => s.Experiment.Length > 0)
            .GroupBy(s => s.Experiment, StringComparer.Ordinal).Select(g => FromSplit(script, g.First()))];
    }

    /// <summary>Reads a split's primaryMetric; unknown or missing names mean the WeCom add rate.</summary>
    public static PrimaryMetric ParseMetric(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "order_placed" or "order_conversion" or "orders" or "conversion" => PrimaryMetric.OrderConversion,
        "revenue" or "revenue_per_member" or "revenue_per_contacted_member" => PrimaryMetric.RevenuePerMember,
        "roi" => PrimaryMetric.Roi,
        _ => PrimaryMetric.WecomAddAccepted,
    };

    private static Incentive? FirstIncentive(Script script, string? nodeId)
    {
        // Follow the branch's straight line (say / set / action / goto) a few nodes to its offer.
        for (var hops = 0; nodeId is not null && hops < 8; hops++)
        {
            var node = script.Nodes.FirstOrDefault(n => n.Id == nodeId);
            switch (node)
            {
                case OfferNode offer:
                    var id = offer.Incentive ?? script.IncentiveSets.FirstOrDefault(s => s.Id == offer.IncentiveSet)?.Items.FirstOrDefault();
                    return script.Incentives.FirstOrDefault(i => i.Id == id);
                case SayNode or SetNode or ActionNode:
                    nodeId = node.Route(Ports.Next);
                    break;
                case GotoNode jump:
                    nodeId = jump.Target;
                    break;
                default:
                    return null;
            }
        }
        return null;
    }
}
