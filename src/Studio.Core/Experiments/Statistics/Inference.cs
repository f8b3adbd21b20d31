using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Studio.Core.Experiments.Statistics;

/// <summary>Bayesian probability that each arm has the highest rate, from Beta(1 + x, 1 + n − x) posteriors.</summary>
public static class BayesianBest
{
    /// <summary>
    /// P(arm i is best) for every arm: exact for two arms (Evan Miller's closed form for P(p_B &gt; p_A) with
    /// Beta posteriors, summed in log space), seeded Monte Carlo with <paramref name="draws"/> draws otherwise.
    /// </summary>
    public static double[] Probabilities(IReadOnlyList<(long Successes, long N)> arms, int draws = 20_000, int seed = 20240601)
    {
        ArgumentNullException.ThrowIfNull(arms);
        foreach (var (x, n) in arms)
        {
            Proportions.CheckCounts(x, n);
        }
        if (arms.Count == 0)
        {
            return [];
        }
        if (arms.Count == 1)
        {
            return [1.0];
        }
        if (arms.Count == 2)
        {
            var pSecond = ProbabilityGreater(arms[1].Successes, arms[1].N, arms[0].Successes, arms[0].N);
            return [1 - pSecond, pSecond];
        }
        var random = new Random(seed);
        var wins = new int[arms.Count];
        for (var d = 0; d < draws; d++)
        {
            var best = 0;
            var bestValue = double.MinValue;
            for (var i = 0; i < arms.Count; i++)
            {
                var value = Beta.Sample(random, 1 + arms[i].Successes, 1 + arms[i].N - arms[i].Successes);
                if (value > bestValue)
                {
                    bestValue = value;
                    best = i;
                }
            }
            wins[best]++;
        }
        return [.. wins.Select(w => (double)w / draws)];
    }

    /// <summary>
    /// P(p_B &gt; p_A) with uniform priors: Σ_{i=0}^{αB−1} B(αA+i, βA+βB) / ((βB+i) B(1+i, βB) B(αA, βA)).
    /// The sum runs over the smaller of the two success counts (by symmetry), so it costs microseconds even at 10⁵.
    /// </summary>
    public static double ProbabilityGreater(long xB, long nB, long xA, long nA)
    {
        double aA = 1 + xA, bA = 1 + nA - xA, aB = 1 + xB, bB = 1 + nB - xB;
        if (aB > aA)
        {
            // P(B > A) = 1 − P(A > B) (ties have probability zero): sum over the shorter series.
            return 1 - ProbabilityGreater(xA, nA, xB, nB);
        }
        var total = 0.0;
        var constant = -SpecialFunctions.BetaLn(aA, bA);
        for (var i = 0; i < (long)aB; i++)
        {
            total += Math.Exp(SpecialFunctions.BetaLn(aA + i, bA + bB) - Math.Log(bB + i) - SpecialFunctions.BetaLn(1 + i, bB) + constant);
        }
        return Math.Clamp(total, 0, 1);
    }
}

/// <summary>Holm's step-down correction (Holm 1979) of p-values for several arms compared with the control.</summary>
public static class Holm
{
    /// <summary>Adjusted p-values in the input order: p_(i) · (m − i + 1), made monotone, capped at 1.</summary>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var i = order[rank];
            running = Math.Max(running, Math.Min(1, pValues[i] * (m - rank)));
            adjusted[i] = running;
        }
        return adjusted;
    }
}

/// <summary>Sample-ratio mismatch: do the arms' sizes match their weights? Pearson's χ² with k − 1 degrees of freedom.</summary>
public static class SampleRatio
{
    /// <summary>The threshold below which a mismatch is flagged: assignment is broken, not unlucky.</summary>
    public const double Alarm = 0.001;

    public static TestResult ChiSquare(IReadOnlyList<long> counts, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(weights);
        if (counts.Count != weights.Count)
        {
            throw new ArgumentException($"{counts.Count} counts but {weights.Count} weights", nameof(weights));
        }
        var total = counts.Sum();
        var weightSum = weights.Sum();
        if (counts.Count < 2 || total == 0 || weightSum <= 0)
        {
            return new TestResult(0, 1);
        }
        var chi = 0.0;
        for (var i = 0; i < counts.Count; i++)
        {
            var expected = total * weights[i] / weightSum;
            if (expected <= 0)
            {
                if (counts[i] > 0)
                {
                    return new TestResult(double.PositiveInfinity, 0); // traffic in an arm that should get none
                }
                continue;
            }
            chi += (counts[i] - expected) * (counts[i] - expected) / expected;
        }
        return new TestResult(chi, 1 - ChiSquared.CDF(counts.Count - 1, chi));
    }
}

/// <summary>
/// Sample size and minimum detectable effect for comparing two rates (two-sided test, equal arms), by the
/// normal-approximation formula without continuity correction (Fleiss, Levin &amp; Paik 2003, eq. 4.14):
/// n = (z_{α/2}·√(2·p̄·q̄) + z_β·√(p1·q1 + p2·q2))² / (p1 − p2)².
/// </summary>
public static class SampleSize
{
    public static long PerArm(double baseline, double absoluteEffect, double alpha = 0.05, double power = 0.8)
    {
        Check(baseline, alpha, power);
        if (absoluteEffect == 0 || baseline + absoluteEffect <= 0 || baseline + absoluteEffect >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(absoluteEffect), $"baseline + effect must stay inside (0, 1) and the effect must not be 0 (got {baseline} + {absoluteEffect})");
        }
        var p1 = baseline;
        var p2 = baseline + absoluteEffect;
        var pBar = (p1 + p2) / 2;
        var zAlpha = Normal.InvCDF(0, 1, 1 - alpha / 2);
        var zBeta = Normal.InvCDF(0, 1, power);
        var numerator = zAlpha * Math.Sqrt(2 * pBar * (1 - pBar)) + zBeta * Math.Sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return (long)Math.Ceiling(numerator * numerator / (absoluteEffect * absoluteEffect));
    }

    /// <summary>The smallest absolute increase over <paramref name="baseline"/> that <paramref name="perArm"/> members per arm detect.</summary>
    public static double MinimumDetectableEffect(double baseline, long perArm, double alpha = 0.05, double power = 0.8)
    {
        Check(baseline, alpha, power);
        if (perArm < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(perArm), $"need at least 2 members per arm (got {perArm})");
        }
        double low = 1e-7, high = 1 - baseline - 1e-9;
        if (PerArm(baseline, high, alpha, power) > perArm)
        {
            return double.NaN; // not even the largest possible effect is detectable
        }
        for (var i = 0; i < 80; i++)
        {
            var mid = (low + high) / 2;
            if (PerArm(baseline, mid, alpha, power) > perArm)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }
        return high;
    }

    private static void Check(double baseline, double alpha, double power)
    {
        if (baseline <= 0 || baseline >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(baseline), $"baseline rate must be inside (0, 1) (got {baseline})");
        }
        if (alpha <= 0 || alpha >= 1 || power <= 0 || power >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), $"alpha and power must be inside (0, 1) (got {alpha}, {power})");
        }
    }
}

/// <summary>
/// Always-valid p-values for daily peeking: the mixture sequential probability ratio test (mSPRT) of Johari,
/// Koomen, Pekelis &amp; Walsh (2017, "Peeking at A/B tests") with a normal mixing distribution N(0, τ²) over the
/// difference of rates. p_t = min(p_{t−1}, 1 / Λ_t) may be checked after every day without inflating the
/// false-positive rate.
/// </summary>
public static class SequentialTest
{
    /// <summary>Default mixing standard deviation: differences of about one percentage point are expected.</summary>
    public const double DefaultTau = 0.01;

    /// <summary>Λ for the current totals: √(V / (V + τ²)) · exp(τ² θ̂² / (2 V (V + τ²))), V = p1q1/n1 + p2q2/n2.</summary>
    public static double LikelihoodRatio(long x1, long n1, long x2, long n2, double tau = DefaultTau)
    {
        if (n1 == 0 || n2 == 0)
        {
            return 1;
        }
        var p1 = (double)x1 / n1;
        var p2 = (double)x2 / n2;
        // A pooled-rate floor keeps V positive when an arm has no success yet.
        var floor = Math.Max((double)(x1 + x2) / (n1 + n2), 0.5 / (n1 + n2));
        var v = Math.Max(p1 * (1 - p1), floor * (1 - floor)) / n1 + Math.Max(p2 * (1 - p2), floor * (1 - floor)) / n2;
        var tau2 = tau * tau;
        var theta = p1 - p2;
        var exponent = tau2 * theta * theta / (2 * v * (v + tau2));
        return Math.Sqrt(v / (v + tau2)) * Math.Exp(Math.Min(exponent, 700));
    }

    /// <summary>The always-valid p-value after each look (cumulative totals per look).</summary>
    public static double[] PValues(IReadOnlyList<(long X1, long N1, long X2, long N2)> looks, double tau = DefaultTau)
    {
        ArgumentNullException.ThrowIfNull(looks);
        var p = new double[looks.Count];
        var running = 1.0;
        for (var i = 0; i < looks.Count; i++)
        {
            var (x1, n1, x2, n2) = looks[i];
            running = Math.Min(running, 1 / LikelihoodRatio(x1, n1, x2, n2, tau));
            p[i] = running;
        }
        return p;
    }
}
