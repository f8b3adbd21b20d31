using MathNet.Numerics.Distributions;

namespace Studio.Core.Experiments.Statistics;

/// <summary>A two-sided interval estimate.</summary>
public readonly record struct Interval(double Lower, double Upper)
{
    public bool Contains(double value) => value >= Lower && value <= Upper;

    public bool ExcludesZero => Lower > 0 || Upper < 0;
}

/// <summary>The result of a two-sided hypothesis test.</summary>
public readonly record struct TestResult(double Statistic, double PValue);

/// <summary>
/// Rates (successes out of n): Wilson score intervals, the difference of two rates with Newcombe's hybrid
/// score interval, relative lift with a log-ratio interval and the pooled two-proportion z-test.
/// </summary>
public static class Proportions
{
    /// <summary>z for a two-sided 95 % interval (1.959964…).</summary>
    public static readonly double Z95 = Normal.InvCDF(0, 1, 0.975);

    public static double Z(double confidence) => Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);

    /// <summary>
    /// Wilson score interval (Wilson 1927; Newcombe 1998, method 3): stays inside [0, 1] and keeps its
    /// coverage at the low rates marketing sees (1–5 %), where the Wald interval collapses.
    /// </summary>
    public static Interval Wilson(long successes, long n, double z = double.NaN)
    {
        CheckCounts(successes, n);
        if (double.IsNaN(z))
        {
            z = Z95;
        }
        if (n == 0)
        {
            return new Interval(0, 1);
        }
        var p = (double)successes / n;
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2.0 * n)) / denominator;
        var half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        // Exact endpoints at 0 and n (rounding would otherwise leave 1e-17 instead of 0).
        var lower = successes == 0 ? 0 : Math.Max(0, centre - half);
        var upper = successes == n ? 1 : Math.Min(1, centre + half);
        return new Interval(lower, upper);
    }

    /// <summary>
    /// Interval for p1 − p2 by Newcombe's hybrid score method (Newcombe 1998, "Interval estimation for the
    /// difference between independent proportions", method 10), built from the two Wilson intervals.
    /// </summary>
    public static Interval Difference(long x1, long n1, long x2, long n2, double z = double.NaN)
    {
        CheckCounts(x1, n1);
        CheckCounts(x2, n2);
        if (n1 == 0 || n2 == 0)
        {
            return new Interval(-1, 1);
        }
        var p1 = (double)x1 / n1;
        var p2 = (double)x2 / n2;
        var w1 = Wilson(x1, n1, z);
        var w2 = Wilson(x2, n2, z);
        var d = p1 - p2;
        var lower = d - Math.Sqrt(Square(p1 - w1.Lower) + Square(w2.Upper - p2));
        var upper = d + Math.Sqrt(Square(w1.Upper - p1) + Square(p2 - w2.Lower));
        return new Interval(lower, upper);
    }

    /// <summary>
    /// Relative lift p1 / p2 − 1 with the log risk-ratio interval (Katz et al. 1978); null when either arm
    /// has no success (the ratio is then unbounded).
    /// </summary>
    public static (double Lift, Interval Interval)? RelativeLift(long x1, long n1, long x2, long n2, double z = double.NaN)
    {
        CheckCounts(x1, n1);
        CheckCounts(x2, n2);
        if (x1 == 0 || x2 == 0)
        {
            return null;
        }
        if (double.IsNaN(z))
        {
            z = Z95;
        }
        var ratio = (double)x1 / n1 / ((double)x2 / n2);
        var se = Math.Sqrt(1.0 / x1 - 1.0 / n1 + 1.0 / x2 - 1.0 / n2);
        var log = Math.Log(ratio);
        return (ratio - 1, new Interval(Math.Exp(log - z * se) - 1, Math.Exp(log + z * se) - 1));
    }

    /// <summary>Pooled two-proportion z-test of p1 = p2, two-sided. z is positive when arm 1 is higher.</summary>
    public static TestResult ZTest(long x1, long n1, long x2, long n2)
    {
        CheckCounts(x1, n1);
        CheckCounts(x2, n2);
        if (n1 == 0 || n2 == 0)
        {
            return new TestResult(0, 1);
        }
        var pooled = (double)(x1 + x2) / (n1 + n2);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0)
        {
            return new TestResult(0, 1);
        }
        var z = ((double)x1 / n1 - (double)x2 / n2) / se;
        return new TestResult(z, TwoSidedP(z));
    }

    public static double TwoSidedP(double z) => Math.Min(1, 2 * Normal.CDF(0, 1, -Math.Abs(z)));

    private static double Square(double x) => x * x;

    internal static void CheckCounts(long successes, long n)
    {
        if (n < 0 || successes < 0 || successes > n)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), $"successes must be within 0..n (got {successes} of {n})");
        }
    }
}
