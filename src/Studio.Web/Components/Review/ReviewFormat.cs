using System.Globalization;
using Studio.Core.Experiments;
using Studio.Core.Experiments.Statistics;

namespace Studio.Web.Components.Review;

/// <summary>How the review pages write numbers: rates as percent with the 95 % interval, p-values, money.</summary>
public static class ReviewFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Chinese by default; English when the UI culture is English (the studio's language switch).</summary>
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Percent(double rate) => double.IsFinite(rate) ? (rate * 100).ToString("0.0", Invariant) + "%" : "–";

    /// <summary>"12.3% [11.1, 13.6]" — the interval in percent without repeating the sign.</summary>
    public static string RateWithCi(double rate, Interval ci) =>
        $"{Percent(rate)} [{Points(ci.Lower)}, {Points(ci.Upper)}]";

    /// <summary>A difference in percentage points with its interval, signed: "+4.2 pp [2.1, 6.3]".</summary>
    public static string LiftWithCi(Comparison? comparison) => comparison is null
        ? "—"
        : $"{Signed(comparison.Difference * 100)} {ReviewText.Get("Pp")} [{Points(comparison.DifferenceCi.Lower)}, {Points(comparison.DifferenceCi.Upper)}]";

    public static string P(double p) => !double.IsFinite(p) ? "–" : p < 0.001 ? "<0.001" : p.ToString("0.000", Invariant);

    public static string ProbabilityBest(double p) =>
        !double.IsFinite(p) ? "–" : p >= 0.995 ? ">99%" : p < 0.005 ? "<1%" : (p * 100).ToString("0", Invariant) + "%";

    public static string Money(double value) => double.IsFinite(value) ? "¥" + value.ToString("N0", Invariant) : "–";

    public static string Ratio(double value) => double.IsFinite(value) ? value.ToString("0.0", Invariant) : "–";

    /// <summary>A moment in China time (the brands' working clock), e.g. 2026-11-23 15:30.</summary>
    public static string ChinaTime(DateTimeOffset? time) =>
        time is { } t ? t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", Invariant) : "–";

    /// <summary>Arm weights as "A 50% / B 50%".</summary>
    public static string Weights(IEnumerable<KeyValuePair<string, double>> weights) =>
        string.Join(" / ", weights.Select(w => $"{w.Key} {w.Value.ToString("0.#", Invariant)}%"));

    public static string Count(long n) => n.ToString("N0", Invariant);

    public static string Verdict(Verdict verdict) => English ? verdict.English : verdict.Chinese;

    public static string Warning(ReviewWarning warning) => English ? warning.English : warning.Chinese;

    public static string Guardrail(GuardrailMetric metric) => metric switch
    {
        GuardrailMetric.OptOut => ReviewText.Get("OptOut"),
        GuardrailMetric.Complaint => ReviewText.Get("Complaint"),
        _ => ReviewText.Get("EarlyHangUp"),
    };

    public static string Metric(PrimaryMetric metric) => ReviewVerdict.MetricName(metric, !English);

    private static string Points(double rate) => double.IsFinite(rate) ? (rate * 100).ToString("0.0", Invariant) : "–";

    private static string Signed(double value) => (value >= 0 ? "+" : "") + value.ToString("0.0", Invariant);
}
