using System.Globalization;
using Studio.Core.Experiments.Statistics;

namespace Studio.Core.Experiments;

/// <summary>
/// The review's plain-language verdict in Chinese and English: who wins by how much with the interval, how sure,
/// and ROI — or, honestly, that the data are too thin, that assignment is broken, or that nothing differs yet.
/// </summary>
public static class ReviewVerdict
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Verdict Decide(ExperimentReview review, ReviewOptions options, bool thin)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(options);
        var experiment = review.Experiment;
        var contacted = review.Arms.Where(a => !a.IsHoldout).ToList();
        var control = contacted.First(a => a.IsControl);
        var metricZh = MetricName(experiment.Primary, true);
        var metricEn = MetricName(experiment.Primary, false);

        if (review.SampleRatio.Mismatch)
        {
            return new Verdict(VerdictKind.Invalid, null,
                $"结论无效:样本比例失衡(p={ReviewCalculator.FormatP(review.SampleRatio.PValue)}),各组人数为 {Sizes(contacted)},与权重不符。请先排查分流和日志。",
                $"No verdict: sample ratio mismatch (p={ReviewCalculator.FormatP(review.SampleRatio.PValue)}); arm sizes {Sizes(contacted)} do not match the weights. Check assignment and logging first.");
        }
        if (thin)
        {
            var isRate = IsRate(experiment.Primary);
            var need = isRate
                ? $"每组至少 {options.MinimumPerArm} 人且至少 {options.MinimumSuccessesPerArm} 次成功"
                : $"每组至少 {options.MinimumPerArm} 人";
            var needEn = isRate
                ? $"at least {options.MinimumPerArm} members and {options.MinimumSuccessesPerArm} successes per arm"
                : $"at least {options.MinimumPerArm} members per arm";
            var now = string.Join(",", contacted.Select(a => isRate ? $"{a.Arm} 组 {a.Funnel.Assigned} 人、成功 {Successes(a, experiment.Primary)}" : $"{a.Arm} 组 {a.Funnel.Assigned} 人"));
            var nowEn = string.Join(", ", contacted.Select(a => isRate ? $"{a.Arm}: {a.Funnel.Assigned} members, {Successes(a, experiment.Primary)} successes" : $"{a.Arm}: {a.Funnel.Assigned} members"));
            var sizing = review.RequiredPerArm is { } required ? $"要检测 20% 的相对提升,每组约需 {required:N0} 人。" : "";
            var sizingEn = review.RequiredPerArm is { } r ? $" Detecting a 20 % relative lift needs about {r:N0} members per arm." : "";
            return new Verdict(VerdictKind.InsufficientData, null,
                $"数据不足,暂不下结论:需要{need},目前 {now}。{sizing}",
                $"Not enough data for a verdict yet: needs {needEn}; now {nowEn}.{sizingEn}");
        }

        var compared = contacted.Where(a => a.VsControl is not null).ToList();
        var decisionP = DecisionPValues(compared, options);
        var significant = compared.Select((a, i) => (Arm: a, P: decisionP[i])).Where(x => x.P < options.Alpha).ToList();
        var winners = significant.Where(x => x.Arm.VsControl!.Difference > 0).Select(x => x.Arm).ToList();
        var guardrailNote = GuardrailNote(review);

        if (winners.Count > 0)
        {
            var winner = winners.OrderByDescending(a => a.ProbabilityBest).ThenByDescending(a => a.Primary).First();
            var c = winner.VsControl!;
            var pick = decisionP[compared.IndexOf(winner)];
            return new Verdict(VerdictKind.Winner, winner.Arm,
                $"{winner.Arm} 的{metricZh}比 {control.Arm} 高 {Amount(c.Difference, experiment.Primary, true)} (95% CI {Range(c.DifferenceCi, experiment.Primary)}),{winner.Arm} 最优概率 {Percent(winner.ProbabilityBest)};ROI {Roi(winner)} vs {Roi(control)}{(options.Sequential ? $"(序贯检验 p={ReviewCalculator.FormatP(pick)})" : "")}。{guardrailNote.Chinese}",
                $"{winner.Arm}'s {metricEn} is {Amount(c.Difference, experiment.Primary, false)} higher than {control.Arm}'s (95% CI {Range(c.DifferenceCi, experiment.Primary)}); P({winner.Arm} is best) {Percent(winner.ProbabilityBest)}; ROI {Roi(winner)} vs {Roi(control)}{(options.Sequential ? $" (sequential p={ReviewCalculator.FormatP(pick)})" : "")}.{guardrailNote.English}");
        }
        if (compared.Count > 0 && significant.Count == compared.Count && significant.All(x => x.Arm.VsControl!.Difference < 0))
        {
            var closest = compared.OrderByDescending(a => a.VsControl!.Difference).First();
            var c = closest.VsControl!;
            return new Verdict(VerdictKind.ControlWins, control.Arm,
                $"对照组 {control.Arm} 的{metricZh}最好:{closest.Arm} 比它低 {Amount(-c.Difference, experiment.Primary, true)} (95% CI {Range(new Interval(-c.DifferenceCi.Upper, -c.DifferenceCi.Lower), experiment.Primary)}),{control.Arm} 最优概率 {Percent(control.ProbabilityBest)};ROI {Roi(control)} vs {Roi(closest)}。{guardrailNote.Chinese}",
                $"The control {control.Arm} has the best {metricEn}: {closest.Arm} is {Amount(-c.Difference, experiment.Primary, false)} lower (95% CI {Range(new Interval(-c.DifferenceCi.Upper, -c.DifferenceCi.Lower), experiment.Primary)}); P({control.Arm} is best) {Percent(control.ProbabilityBest)}; ROI {Roi(control)} vs {Roi(closest)}.{guardrailNote.English}");
        }

        var top = compared.OrderBy(a => decisionP[compared.IndexOf(a)]).FirstOrDefault();
        var detail = top is null ? "" : $"{top.Arm} {Value(top, experiment.Primary)} vs {control.Arm} {Value(control, experiment.Primary)},差 {Amount(top.VsControl!.Difference, experiment.Primary, true)} (95% CI {Range(top.VsControl.DifferenceCi, experiment.Primary)},p={ReviewCalculator.FormatP(decisionP[compared.IndexOf(top)])})。";
        var detailEn = top is null ? "" : $" {top.Arm} {Value(top, experiment.Primary)} vs {control.Arm} {Value(control, experiment.Primary)}, difference {Amount(top.VsControl!.Difference, experiment.Primary, false)} (95% CI {Range(top.VsControl.DifferenceCi, experiment.Primary)}, p={ReviewCalculator.FormatP(decisionP[compared.IndexOf(top)])}).";
        var mde = review.MinimumDetectableEffect is { } m ? $"当前每组 {contacted.Min(a => a.Funnel.Assigned):N0} 人,能检测到的最小差异约 {m * 100:0.0} 个百分点。" : "";
        var mdeEn = review.MinimumDetectableEffect is { } me ? $" With {contacted.Min(a => a.Funnel.Assigned):N0} members per arm the smallest detectable difference is about {me * 100:0.0} percentage points." : "";
        return new Verdict(VerdictKind.NoDifference, null,
            $"尚无显著差异:{detail}{mde}{guardrailNote.Chinese}",
            $"No significant difference yet:{detailEn}{mdeEn}{guardrailNote.English}");
    }

    public static string MetricName(PrimaryMetric metric, bool chinese) => metric switch
    {
        PrimaryMetric.WecomAddAccepted => chinese ? "加微率" : "WeCom add rate",
        PrimaryMetric.OrderConversion => chinese ? "下单转化率" : "order conversion",
        PrimaryMetric.RevenuePerMember => chinese ? "人均收入" : "revenue per member",
        _ => "ROI",
    };

    /// <summary>Holm-adjusted p-values, or in sequential mode the Holm-adjusted always-valid ones.</summary>
    private static double[] DecisionPValues(List<ArmReview> compared, ReviewOptions options)
    {
        if (options.Sequential)
        {
            // Money metrics have no always-valid p-value (NaN): they fall back to the Holm-adjusted bootstrap ones.
            var valid = compared.Select(a => a.VsControl!.AlwaysValidPValue).ToArray();
            if (valid.All(double.IsFinite))
            {
                return Holm.Adjust(valid);
            }
        }
        return [.. compared.Select(a => a.VsControl!.HolmPValue)];
    }

    private static (string Chinese, string English) GuardrailNote(ExperimentReview review)
    {
        var breached = review.Guardrails.Where(g => g.Breached).ToList();
        if (breached.Count == 0)
        {
            return ("", "");
        }
        return (
            "注意:" + string.Join(";", breached.Select(g => $"{g.Arm} 组{ReviewCalculator.GuardrailName(g.Metric, true)}显著升高({g.Rate.Rate:P1})")) + "。",
            " Caution: " + string.Join("; ", breached.Select(g => $"arm {g.Arm}'s {ReviewCalculator.GuardrailName(g.Metric, false)} is significantly higher ({g.Rate.Rate:P1})")) + ".");
    }

    private static bool IsRate(PrimaryMetric metric) => metric is PrimaryMetric.WecomAddAccepted or PrimaryMetric.OrderConversion;

    private static long Successes(ArmReview arm, PrimaryMetric metric) => metric == PrimaryMetric.WecomAddAccepted ? arm.Funnel.Added : arm.Funnel.Converted;

    private static string Sizes(IEnumerable<ArmReview> arms) => string.Join(" / ", arms.Select(a => $"{a.Arm}={a.Funnel.Assigned}"));

    private static string Amount(double difference, PrimaryMetric metric, bool chinese) => metric switch
    {
        PrimaryMetric.WecomAddAccepted or PrimaryMetric.OrderConversion => (difference * 100).ToString("0.0", Invariant) + (chinese ? " 个百分点" : " percentage points"),
        PrimaryMetric.RevenuePerMember => difference.ToString("0.00", Invariant) + (chinese ? " 元" : " yuan"),
        _ => difference.ToString("0.0", Invariant),
    };

    private static string Range(Interval interval, PrimaryMetric metric) => metric switch
    {
        PrimaryMetric.WecomAddAccepted or PrimaryMetric.OrderConversion => string.Create(Invariant, $"{interval.Lower * 100:0.0}–{interval.Upper * 100:0.0}"),
        PrimaryMetric.RevenuePerMember => string.Create(Invariant, $"{interval.Lower:0.00}–{interval.Upper:0.00}"),
        _ => string.Create(Invariant, $"{interval.Lower:0.0}–{interval.Upper:0.0}"),
    };

    private static string Value(ArmReview arm, PrimaryMetric metric) => metric switch
    {
        PrimaryMetric.WecomAddAccepted or PrimaryMetric.OrderConversion => string.Create(Invariant, $"{arm.Primary * 100:0.0}%"),
        PrimaryMetric.RevenuePerMember => string.Create(Invariant, $"{arm.Primary:0.00}"),
        _ => string.Create(Invariant, $"{arm.Primary:0.0}"),
    };

    private static string Roi(ArmReview arm) => double.IsFinite(arm.Roi.Value) ? arm.Roi.Value.ToString("0.0", Invariant) : "–";

    private static string Percent(double p) => double.IsNaN(p) ? "–" : p >= 0.995 ? ">99%" : p < 0.005 ? "<1%" : (p * 100).ToString("0", Invariant) + "%";
}
