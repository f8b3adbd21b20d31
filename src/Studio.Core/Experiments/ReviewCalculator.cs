using Studio.Core.Experiments.Statistics;

namespace Studio.Core.Experiments;

/// <summary>
/// Computes an <see cref="ExperimentReview"/> in one pass over exposures, contacts and outcomes: per-member facts in
/// flat arrays (a million members is a few tens of megabytes), then per-arm aggregates and the statistics.
/// </summary>
internal static class ReviewCalculator
{
    [Flags]
    private enum Facts : ushort
    {
        None = 0,
        Reached = 1,
        Engaged = 2,
        Consent = 4,
        OptOut = 8,
        Complaint = 16,
        EarlyHangup = 32,
        Added = 64,
        Converted = 128,
        IncentivePaid = 256,
        Contacted = 512,
    }

    public static ExperimentReview Compute(ReviewInput input, ReviewOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        var experiment = input.Experiment;
        if (experiment.Arms.Count == 0)
        {
            throw new ArgumentException($"experiment '{experiment.Name}' has no arms", nameof(input));
        }
        var warnings = new List<ReviewWarning>();

        // Arms: the defined ones, then the holdout.
        var armIds = experiment.Arms.Select(a => a.Id).ToList();
        var holdoutIndex = -1;
        if (experiment.HoldoutPercent > 0 || HasHoldoutExposure(input.Exposures))
        {
            holdoutIndex = armIds.Count;
            armIds.Add(ExperimentDefinition.HoldoutArm);
        }
        var armIndex = armIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var controlIndex = armIndex.TryGetValue(experiment.ControlArm, out var ci) ? ci
            : throw new ArgumentException($"experiment '{experiment.Name}': control arm '{experiment.ControlArm}' is not one of its arms", nameof(input));

        // First exposure per member: sticky across channels and retries; a later exposure in another arm is a switch.
        var members = new Dictionary<string, int>(input.Exposures.Count, StringComparer.Ordinal);
        var memberArm = new List<int>(input.Exposures.Count);
        var firstSeen = new List<long>(input.Exposures.Count);
        long switches = 0, unknownArm = 0;
        var unknownNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var exposure in input.Exposures)
        {
            if (!armIndex.TryGetValue(exposure.Arm, out var arm))
            {
                unknownArm++;
                unknownNames.Add(exposure.Arm);
                continue;
            }
            var ticks = exposure.Time.UtcTicks;
            if (members.TryGetValue(exposure.MemberId, out var m))
            {
                if (memberArm[m] != arm)
                {
                    switches++;
                }
                if (ticks < firstSeen[m])
                {
                    firstSeen[m] = ticks;
                    memberArm[m] = arm;
                }
                continue;
            }
            members.Add(exposure.MemberId, memberArm.Count);
            memberArm.Add(arm);
            firstSeen.Add(ticks);
        }
        var count = memberArm.Count;
        var facts = new Facts[count];
        var revenue = new double[count];
        var callCost = new double[count];

        long orphanContacts = 0;
        var minuteCost = (double)experiment.CallCostPerMinute;
        foreach (var contact in input.Contacts)
        {
            if (!members.TryGetValue(contact.MemberId, out var m))
            {
                orphanContacts++;
                continue;
            }
            var f = facts[m] | Facts.Contacted;
            if (contact.Reached)
            {
                f |= Facts.Reached;
                callCost[m] += Math.Ceiling(Math.Max(contact.DurationSeconds, 1) / 60.0) * minuteCost;
            }
            if (contact.Engaged)
            {
                f |= Facts.Engaged;
            }
            if (contact.Consent)
            {
                f |= Facts.Consent;
            }
            if (contact.OptOut)
            {
                f |= Facts.OptOut;
            }
            if (contact.Complaint)
            {
                f |= Facts.Complaint;
            }
            if (contact.EarlyHangup)
            {
                f |= Facts.EarlyHangup;
            }
            facts[m] = f;
        }

        var window = experiment.AttributionWindow.Ticks;
        foreach (var outcome in input.Outcomes)
        {
            if (!members.TryGetValue(outcome.MemberId, out var m))
            {
                continue;
            }
            var ticks = outcome.Time.UtcTicks;
            if (ticks < firstSeen[m] || ticks > firstSeen[m] + window)
            {
                continue; // before the exposure or outside the attribution window
            }
            if (outcome.Type == ReviewOutcomes.WecomAddAccepted)
            {
                facts[m] |= Facts.Added;
            }
            if (outcome.Type == ReviewOutcomes.OrderPlaced)
            {
                facts[m] |= Facts.Converted;
                revenue[m] += (double)(outcome.Amount ?? 0);
            }
            if (outcome.Type == experiment.IncentiveCostOn)
            {
                facts[m] |= Facts.IncentivePaid;
            }
        }

        // Per-arm aggregates and the daily series.
        var armCount = armIds.Count;
        var funnel = new long[armCount, 6];
        var guard = new long[armCount, 3];
        var money = Enumerable.Range(0, armCount).Select(_ => new MoneySample()).ToArray();
        var incentiveCost = armIds.Select(id => (double)(experiment.Arm(id)?.IncentiveCost ?? 0)).ToArray();
        var primaryIsRate = experiment.Primary is PrimaryMetric.WecomAddAccepted or PrimaryMetric.OrderConversion;
        var successFlag = experiment.Primary == PrimaryMetric.WecomAddAccepted ? Facts.Added : Facts.Converted;
        var dayOffset = options.DayOffset.Ticks;
        long firstDay = long.MaxValue, lastDay = long.MinValue, openWindows = 0;
        var nowTicks = input.Now.UtcTicks;
        for (var m = 0; m < count; m++)
        {
            var day = (firstSeen[m] + dayOffset) / TimeSpan.TicksPerDay;
            firstDay = Math.Min(firstDay, day);
            lastDay = Math.Max(lastDay, day);
            if (firstSeen[m] + window > nowTicks)
            {
                openWindows++;
            }
        }
        var days = count == 0 ? 0 : (int)(lastDay - firstDay + 1);
        var dailyMembers = new long[armCount, days];
        var dailySuccesses = new long[armCount, days];
        for (var m = 0; m < count; m++)
        {
            var a = memberArm[m];
            var f = facts[m];
            funnel[a, 0]++;
            if ((f & Facts.Reached) != 0) funnel[a, 1]++;
            if ((f & Facts.Engaged) != 0) funnel[a, 2]++;
            if ((f & Facts.Consent) != 0) funnel[a, 3]++;
            if ((f & Facts.Added) != 0) funnel[a, 4]++;
            if ((f & Facts.Converted) != 0) funnel[a, 5]++;
            if ((f & Facts.OptOut) != 0) guard[a, 0]++;
            if ((f & Facts.Complaint) != 0) guard[a, 1]++;
            if ((f & Facts.EarlyHangup) != 0) guard[a, 2]++;
            var cost = callCost[m] + ((f & Facts.IncentivePaid) != 0 ? incentiveCost[a] : 0);
            money[a].Add(revenue[m], cost);
            var d = (int)((firstSeen[m] + dayOffset) / TimeSpan.TicksPerDay - firstDay);
            dailyMembers[a, d]++;
            if ((f & successFlag) != 0)
            {
                dailySuccesses[a, d]++;
            }
        }

        var contacted = Enumerable.Range(0, armCount).Where(a => a != holdoutIndex).ToArray();
        var replicates = new BootstrapReplicates[armCount];
        // Arms are independent and seeded each: the same result on one core or many.
        Parallel.For(0, armCount, a => replicates[a] = Bootstrap.Replicate(money[a], options.BootstrapReplicates, options.Seed + a));

        // Daily series and the always-valid p-values over the daily looks.
        var daily = new List<DailyPoint>();
        var looks = contacted.ToDictionary(a => a, _ => new List<(long, long, long, long)>());
        var cumulativeMembers = new long[armCount];
        var cumulativeSuccesses = new long[armCount];
        var origin = new DateOnly(1, 1, 1);
        for (var d = 0; d < days; d++)
        {
            var date = origin.AddDays((int)(firstDay + d));
            for (var a = 0; a < armCount; a++)
            {
                cumulativeMembers[a] += dailyMembers[a, d];
                cumulativeSuccesses[a] += dailySuccesses[a, d];
                daily.Add(new DailyPoint(date, armIds[a], dailyMembers[a, d], dailySuccesses[a, d], cumulativeMembers[a], cumulativeSuccesses[a]));
            }
            foreach (var a in contacted)
            {
                looks[a].Add((cumulativeSuccesses[a], cumulativeMembers[a], cumulativeSuccesses[controlIndex], cumulativeMembers[controlIndex]));
            }
        }

        // Primary metric per arm and comparisons with the control.
        double PrimaryValue(int a) => experiment.Primary switch
        {
            PrimaryMetric.WecomAddAccepted => Ratio(funnel[a, 4], funnel[a, 0]),
            PrimaryMetric.OrderConversion => Ratio(funnel[a, 5], funnel[a, 0]),
            PrimaryMetric.RevenuePerMember => money[a].Mean,
            _ => money[a].Roi,
        };
        double[] PrimaryReplicates(int a) => experiment.Primary == PrimaryMetric.Roi ? replicates[a].Roi : replicates[a].Mean;
        long Successes(int a) => experiment.Primary == PrimaryMetric.WecomAddAccepted ? funnel[a, 4] : funnel[a, 5];

        var comparisons = new Dictionary<int, Comparison>();
        foreach (var a in contacted.Where(a => a != controlIndex))
        {
            var c = controlIndex;
            Comparison comparison;
            if (primaryIsRate)
            {
                var lift = Proportions.RelativeLift(Successes(a), funnel[a, 0], Successes(c), funnel[c, 0]);
                comparison = new Comparison(armIds[a], armIds[c], PrimaryValue(a) - PrimaryValue(c),
                    Proportions.Difference(Successes(a), funnel[a, 0], Successes(c), funnel[c, 0]),
                    lift?.Lift, lift?.Interval, Proportions.ZTest(Successes(a), funnel[a, 0], Successes(c), funnel[c, 0]).PValue)
                {
                    AlwaysValidPValue = looks[a].Count == 0 ? 1 : SequentialTest.PValues(looks[a], options.SequentialTau)[^1],
                };
            }
            else
            {
                var differences = PrimaryReplicates(a).Zip(PrimaryReplicates(c), (x, y) => x - y).Where(double.IsFinite).ToArray();
                var below = differences.Count(x => x <= 0);
                var above = differences.Count(x => x >= 0);
                var p = differences.Length == 0 ? 1 : Math.Min(1, 2.0 * Math.Min(below, above) / differences.Length);
                var control = PrimaryValue(c);
                var diff = PrimaryValue(a) - control;
                var diffCi = Bootstrap.Percentile(differences);
                comparison = new Comparison(armIds[a], armIds[c], diff, diffCi,
                    control > 0 ? diff / control : null, control > 0 ? new Interval(diffCi.Lower / control, diffCi.Upper / control) : null, p);
            }
            comparisons[a] = comparison;
        }
        var compared = comparisons.Keys.Order().ToArray();
        var holm = Holm.Adjust([.. compared.Select(a => comparisons[a].PValue)]);
        for (var i = 0; i < compared.Length; i++)
        {
            comparisons[compared[i]] = comparisons[compared[i]] with { HolmPValue = holm[i] };
        }

        // P(best) among the contacted arms.
        var best = new double[armCount];
        Array.Fill(best, double.NaN);
        if (primaryIsRate)
        {
            var pBest = BayesianBest.Probabilities([.. contacted.Select(a => (Successes(a), funnel[a, 0]))], seed: options.Seed);
            for (var i = 0; i < contacted.Length; i++)
            {
                best[contacted[i]] = pBest[i];
            }
        }
        else
        {
            var wins = new int[armCount];
            var total = 0;
            for (var r = 0; r < options.BootstrapReplicates; r++)
            {
                var winner = -1;
                var value = double.MinValue;
                foreach (var a in contacted)
                {
                    var v = PrimaryReplicates(a)[r];
                    if (double.IsFinite(v) && v > value)
                    {
                        value = v;
                        winner = a;
                    }
                }
                if (winner >= 0)
                {
                    wins[winner]++;
                    total++;
                }
            }
            foreach (var a in contacted)
            {
                best[a] = total == 0 ? double.NaN : (double)wins[a] / total;
            }
        }

        var arms = new List<ArmReview>();
        for (var a = 0; a < armCount; a++)
        {
            var definition = experiment.Arm(armIds[a]);
            var primaryCi = primaryIsRate ? Proportions.Wilson(Successes(a), funnel[a, 0]) : Bootstrap.Percentile(PrimaryReplicates(a));
            arms.Add(new ArmReview(armIds[a], a == holdoutIndex ? "不联系对照组" : definition?.Label, a == holdoutIndex ? experiment.HoldoutPercent : definition?.Weight ?? 0, a == controlIndex, a == holdoutIndex)
            {
                Funnel = new Funnel(funnel[a, 0], funnel[a, 1], funnel[a, 2], funnel[a, 3], funnel[a, 4], funnel[a, 5]),
                WecomAdd = RateEstimate.Of(funnel[a, 4], funnel[a, 0]),
                Conversion = RateEstimate.Of(funnel[a, 5], funnel[a, 0]),
                RevenuePerMember = new MoneyEstimate(money[a].Mean, Bootstrap.Percentile(replicates[a].Mean)),
                Roi = new MoneyEstimate(money[a].Roi, Bootstrap.Percentile(replicates[a].Roi)),
                Revenue = money[a].Revenue,
                Cost = money[a].Cost,
                Primary = PrimaryValue(a),
                PrimaryCi = primaryCi,
                VsControl = comparisons.GetValueOrDefault(a),
                ProbabilityBest = best[a],
            });
        }

        // Guardrails: breached when significantly worse than the control by more than the tolerance.
        var guardrails = new List<GuardrailReview>();
        foreach (var rail in experiment.Guardrails)
        {
            var column = (int)rail.Metric;
            long Denominator(int a) => rail.Metric == GuardrailMetric.EarlyHangup ? funnel[a, 1] : funnel[a, 0];
            foreach (var a in contacted)
            {
                var rate = RateEstimate.Of(guard[a, column], Denominator(a));
                Interval? diff = null;
                bool breached = false, watch = false;
                if (a != controlIndex)
                {
                    var interval = Proportions.Difference(guard[a, column], Denominator(a), guard[controlIndex, column], Denominator(controlIndex));
                    diff = interval;
                    breached = interval.Lower > rail.MaxIncrease;
                    var pointDiff = rate.Rate - Ratio(guard[controlIndex, column], Denominator(controlIndex));
                    watch = !breached && pointDiff > rail.MaxIncrease && interval.Upper > rail.MaxIncrease && pointDiff > 0;
                }
                guardrails.Add(new GuardrailReview(rail.Metric, armIds[a], rate, diff, breached, watch));
            }
        }

        // Sample ratio of the contacted arms against their weights.
        var srm = SampleRatio.ChiSquare([.. contacted.Select(a => funnel[a, 0])], ExpectedShares(experiment, armIds, contacted, memberArm, firstSeen, holdoutIndex));
        var sampleRatio = new SampleRatioCheck(srm.Statistic, srm.PValue);

        // Factorial main effects (rate of the primary metric, or order conversion for money metrics).
        var factorEffects = FactorEffects(experiment, armIds, contacted, controlIndex, funnel, experiment.Primary == PrimaryMetric.WecomAddAccepted ? 4 : 5);

        // Incremental lift over the no-contact holdout.
        HoldoutLift? holdout = null;
        if (holdoutIndex >= 0 && funnel[holdoutIndex, 0] > 0)
        {
            var column = experiment.Primary == PrimaryMetric.WecomAddAccepted ? 4 : 5;
            long treated = contacted.Sum(a => funnel[a, 0]), treatedSuccess = contacted.Sum(a => funnel[a, column]);
            var treatedRevenue = contacted.Sum(a => money[a].Revenue);
            var treatedMean = treated == 0 ? 0 : treatedRevenue / treated;
            // The pooled treated mean's replicates: member-weighted average of the arms' replicates.
            var pooledReplicates = new double[options.BootstrapReplicates];
            for (var r = 0; r < pooledReplicates.Length; r++)
            {
                pooledReplicates[r] = treated == 0 ? 0 : contacted.Sum(a => replicates[a].Mean[r] * funnel[a, 0]) / treated;
            }
            holdout = new HoldoutLift(RateEstimate.Of(treatedSuccess, treated), RateEstimate.Of(funnel[holdoutIndex, column], funnel[holdoutIndex, 0]),
                Proportions.Difference(treatedSuccess, treated, funnel[holdoutIndex, column], funnel[holdoutIndex, 0]),
                Proportions.ZTest(treatedSuccess, treated, funnel[holdoutIndex, column], funnel[holdoutIndex, 0]).PValue,
                treatedMean - money[holdoutIndex].Mean, Bootstrap.Difference(pooledReplicates, replicates[holdoutIndex].Mean));
        }

        // Sizing: what the current arms can detect, and what a +20 % relative effect needs.
        long? required = null;
        double? mde = null;
        if (primaryIsRate)
        {
            var baseline = PrimaryValue(controlIndex);
            var smallest = contacted.Min(a => funnel[a, 0]);
            if (baseline > 0 && baseline < 1 / 1.2)
            {
                required = SampleSize.PerArm(baseline, baseline * 0.2, options.Alpha);
                if (smallest >= 2)
                {
                    var value = SampleSize.MinimumDetectableEffect(baseline, smallest, options.Alpha);
                    mde = double.IsNaN(value) ? null : value;
                }
            }
        }

        // Warnings.
        if (sampleRatio.Mismatch)
        {
            warnings.Add(new ReviewWarning("srm",
                $"样本比例失衡(SRM):各组人数与权重不符(χ²={srm.Statistic:0.0},p={FormatP(srm.PValue)})。分流或记录有问题,结论不可信,请先排查。",
                $"Sample ratio mismatch: arm sizes do not match the weights (χ²={srm.Statistic:0.0}, p={FormatP(srm.PValue)}). Assignment or logging is broken; do not trust the results until it is fixed.",
                Loud: true));
        }
        if (switches > 0)
        {
            warnings.Add(new ReviewWarning("arm_switch", $"{switches} 次曝光落在与首次曝光不同的组:按首次曝光计。", $"{switches} exposures were in a different arm than the member's first exposure; the first exposure counts."));
        }
        if (unknownArm > 0)
        {
            warnings.Add(new ReviewWarning("unknown_arm", $"{unknownArm} 次曝光的组不在实验定义中({string.Join(", ", unknownNames.Order())}),已忽略。", $"{unknownArm} exposures name arms the experiment does not have ({string.Join(", ", unknownNames.Order())}); ignored."));
        }
        if (orphanContacts > 0)
        {
            warnings.Add(new ReviewWarning("contact_without_exposure", $"{orphanContacts} 通对话没有对应的曝光记录,已忽略。", $"{orphanContacts} conversations have no exposure; ignored."));
        }
        if (count > 0 && openWindows > 0)
        {
            warnings.Add(new ReviewWarning("open_window", $"{openWindows * 100.0 / count:0}% 的会员归因窗口({experiment.AttributionWindow.TotalDays:0} 天)尚未结束,转化可能继续增加。",
                $"{openWindows * 100.0 / count:0}% of members are still inside the {experiment.AttributionWindow.TotalDays:0}-day attribution window; conversions may still grow."));
        }
        if (days > 0 && days < 7)
        {
            warnings.Add(new ReviewWarning("short_run", $"实验只运行了 {days} 天,不足一周,可能受星期效应影响。", $"The experiment has run {days} day(s), less than a week; weekday effects may bias it."));
        }
        var thin = contacted.Any(a => funnel[a, 0] < options.MinimumPerArm) || (primaryIsRate && contacted.Any(a => Successes(a) < options.MinimumSuccessesPerArm));
        foreach (var g in guardrails.Where(g => g.Breached))
        {
            warnings.Add(new ReviewWarning("guardrail_" + g.Metric.ToString().ToLowerInvariant(),
                $"护栏指标超标:{g.Arm} 组的{GuardrailName(g.Metric, true)}为 {g.Rate.Rate:P1},显著高于对照组。",
                $"Guardrail breached: arm {g.Arm}'s {GuardrailName(g.Metric, false)} is {g.Rate.Rate:P1}, significantly above the control.", Loud: true));
        }

        var review = new ExperimentReview(experiment, arms)
        {
            ComputedAt = input.Now,
            Members = count,
            SampleRatio = sampleRatio,
            Guardrails = guardrails,
            Daily = daily,
            FactorEffects = factorEffects,
            Holdout = holdout,
            Warnings = warnings,
            RequiredPerArm = required,
            MinimumDetectableEffect = mde,
            Verdict = new Verdict(VerdictKind.InsufficientData, null, "", ""),
        };
        return review with { Verdict = ReviewVerdict.Decide(review, options, thin) };
    }

    /// <summary>
    /// What the SRM check expects per contacted arm. Without a weight history: the arms' weights. With one, each member
    /// counts with the weights in force at their first exposure (so a promotion to 100/0 after a 50/50 run does not
    /// make the old exposures look unbalanced): the expected count of an arm is the sum over members of its share.
    /// </summary>
    private static double[] ExpectedShares(ExperimentDefinition experiment, List<string> armIds, int[] contacted, List<int> memberArm, List<long> firstSeen, int holdoutIndex)
    {
        if (experiment.WeightHistory.Count == 0)
        {
            return [.. contacted.Select(a => experiment.Arm(armIds[a])?.Weight ?? 0)];
        }
        var expected = new double[contacted.Length];
        var shares = new Dictionary<IReadOnlyDictionary<string, double>, double[]>(ReferenceEqualityComparer.Instance);
        for (var m = 0; m < memberArm.Count; m++)
        {
            if (memberArm[m] == holdoutIndex)
            {
                continue;
            }
            var weights = experiment.WeightsAt(new DateTimeOffset(firstSeen[m], TimeSpan.Zero));
            if (!shares.TryGetValue(weights, out var share))
            {
                share = [.. contacted.Select(a => Math.Max(0, weights.GetValueOrDefault(armIds[a])))];
                var sum = share.Sum();
                for (var i = 0; i < share.Length; i++)
                {
                    share[i] = sum > 0 ? share[i] / sum : 0;
                }
                shares[weights] = share;
            }
            for (var i = 0; i < share.Length; i++)
            {
                expected[i] += share[i];
            }
        }
        return expected;
    }

    private static bool HasHoldoutExposure(IReadOnlyList<Exposure> exposures)
    {
        for (var i = 0; i < exposures.Count; i++)
        {
            if (ReferenceEquals(exposures[i].Arm, ExperimentDefinition.HoldoutArm) || exposures[i].Arm == ExperimentDefinition.HoldoutArm)
            {
                return true;
            }
        }
        return false;
    }

    private static List<FactorEffect> FactorEffects(ExperimentDefinition experiment, List<string> armIds, int[] contacted, int controlIndex, long[,] funnel, int column)
    {
        var effects = new List<FactorEffect>();
        var factors = contacted.SelectMany(a => experiment.Arm(armIds[a])?.Factors.Keys ?? []).Distinct().Order(StringComparer.Ordinal).ToList();
        var levels = factors.ToDictionary(f => f, f => contacted.Select(a => experiment.Arm(armIds[a])?.Factors.GetValueOrDefault(f)).OfType<string>().Distinct().ToList());
        // A factorial design needs at least two factors that each vary; otherwise the arm comparison says it all.
        var varying = factors.Where(f => levels[f].Count >= 2).ToList();
        if (varying.Count < 2)
        {
            return effects;
        }
        foreach (var factor in varying)
        {
            var reference = experiment.Arm(armIds[controlIndex])?.Factors.GetValueOrDefault(factor) ?? levels[factor][0];
            (long X, long N) Pool(string level)
            {
                long x = 0, n = 0;
                foreach (var a in contacted)
                {
                    if (experiment.Arm(armIds[a])?.Factors.GetValueOrDefault(factor) == level)
                    {
                        x += funnel[a, column];
                        n += funnel[a, 0];
                    }
                }
                return (x, n);
            }
            var (rx, rn) = Pool(reference);
            foreach (var level in levels[factor].Where(l => l != reference))
            {
                var (lx, ln) = Pool(level);
                effects.Add(new FactorEffect(factor, level, reference, RateEstimate.Of(lx, ln), RateEstimate.Of(rx, rn),
                    Proportions.Difference(lx, ln, rx, rn), Proportions.ZTest(lx, ln, rx, rn).PValue));
            }
        }
        return effects;
    }

    internal static string GuardrailName(GuardrailMetric metric, bool chinese) => metric switch
    {
        GuardrailMetric.OptOut => chinese ? "拒绝再联系率" : "opt-out rate",
        GuardrailMetric.Complaint => chinese ? "投诉率" : "complaint rate",
        _ => chinese ? "10 秒内挂断率" : "hang-up-within-10-s rate",
    };

    internal static string FormatP(double p) => p < 0.0001 ? "<0.0001" : p.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);

    private static double Ratio(long x, long n) => n == 0 ? 0 : (double)x / n;
}
