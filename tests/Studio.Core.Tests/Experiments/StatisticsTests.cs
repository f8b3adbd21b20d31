using Studio.Core.Experiments.Statistics;

namespace Studio.Core.Tests.Experiments;

/// <summary>The statistics against published worked examples (sources and numbers in each test).</summary>
public class StatisticsTests
{
    // Newcombe RG (1998). Two-sided confidence intervals for the single proportion: comparison of seven methods.
    // Statistics in Medicine 17:857–872, Table II, method 3 (Wilson score, no continuity correction).
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Wilson_interval_matches_Newcombe_1998_table_II(long x, long n, double lower, double upper)
    {
        var interval = Proportions.Wilson(x, n);
        Assert.Equal(lower, interval.Lower, 0.00006);
        Assert.Equal(upper, interval.Upper, 0.00006);
    }

    [Fact]
    public void Wilson_interval_stays_inside_zero_and_one_where_Wald_would_not()
    {
        var all = Proportions.Wilson(20, 20);
        Assert.Equal(1.0, all.Upper);
        Assert.True(all.Lower > 0.8);
        Assert.Equal(new Interval(0, 1), Proportions.Wilson(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportions.Wilson(5, 4));
    }

    // Newcombe RG (1998). Interval estimation for the difference between independent proportions: comparison of
    // eleven methods. Statistics in Medicine 17:873–890, Table II, method 10 (hybrid score, no continuity correction).
    [Theory]
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090)]
    [InlineData(6, 7, 2, 7, 0.0582, 0.8062)]
    [InlineData(5, 56, 0, 29, -0.0381, 0.1926)]
    public void Difference_interval_matches_Newcombe_1998_method_10(long x1, long n1, long x2, long n2, double lower, double upper)
    {
        var interval = Proportions.Difference(x1, n1, x2, n2);
        Assert.Equal(lower, interval.Lower, 0.00006);
        Assert.Equal(upper, interval.Upper, 0.00006);
    }

    // OpenStax, Introductory Statistics (2013), §10.3 Example 10.9: medication A 20 of 200 still have hives,
    // medication B 12 of 200; pooled proportion 0.08, p-value 0.1404 (z ≈ 1.47).
    [Fact]
    public void Two_proportion_z_test_matches_OpenStax_example_10_9()
    {
        var test = Proportions.ZTest(20, 200, 12, 200);
        Assert.Equal(1.474, test.Statistic, 0.001);
        Assert.Equal(0.1404, test.PValue, 0.0001);
        Assert.Equal(-test.Statistic, Proportions.ZTest(12, 200, 20, 200).Statistic, 1e-12);
    }

    [Fact]
    public void Relative_lift_is_the_rate_ratio_minus_one_with_a_log_interval_around_it()
    {
        var lift = Proportions.RelativeLift(60, 1000, 50, 1000)!.Value;
        Assert.Equal(0.2, lift.Lift, 1e-12);
        Assert.True(lift.Interval.Lower < 0 && lift.Interval.Upper > 0.2, $"{lift.Interval}");
        // Katz log interval: exp(ln 1.2 ± 1.96·√(1/60 − 1/1000 + 1/50 − 1/1000)) − 1 = −0.1669 … 0.7286.
        Assert.Equal(-0.1669, lift.Interval.Lower, 0.0005);
        Assert.Equal(0.7286, lift.Interval.Upper, 0.0005);
        Assert.Null(Proportions.RelativeLift(0, 100, 5, 100));
    }

    // Wikipedia, "Holm–Bonferroni method", example: four hypotheses with p = 0.01, 0.04, 0.03, 0.005 at α = 0.05;
    // H1 and H4 are rejected. Adjusted: 0.005·4 = 0.02, 0.01·3 = 0.03, max(0.03·2, …) = 0.06, max(0.04, 0.06) = 0.06.
    [Fact]
    public void Holm_adjustment_matches_the_Wikipedia_example()
    {
        var adjusted = Holm.Adjust([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(p => Math.Round(p, 10)));
        Assert.Equal([true, false, false, true], adjusted.Select(p => p < 0.05));
    }

    // The classic two-proportion sample-size example (Fleiss, Levin & Paik 2003, eq. 4.14 without continuity
    // correction): p1 = 0.10, p2 = 0.15, α = 0.05 two-sided, power 0.80 → 686 per group.
    [Fact]
    public void Sample_size_matches_the_textbook_example()
    {
        Assert.Equal(686, SampleSize.PerArm(0.10, 0.05));
    }

    // Kohavi, Tang & Xu (2020), Trustworthy Online Controlled Experiments, ch. 2 / van Belle (2008) rule of thumb
    // n ≈ 16·σ²/δ² per arm: a 5 % base rate and +1 point (σ² = 0.0475) gives 7,600; the exact formula is within 10 %.
    [Fact]
    public void Sample_size_at_a_low_base_rate_agrees_with_the_rule_of_thumb()
    {
        var n = SampleSize.PerArm(0.05, 0.01);
        Assert.Equal(8158, n);
        Assert.InRange(n, 7600 * 0.95, 7600 * 1.10);
        // 2 % base rate, +20 % relative: ~21,000 per arm — why low-rate tests need big lists.
        Assert.InRange(SampleSize.PerArm(0.02, 0.004), 21_000, 21_200);
    }

    [Fact]
    public void Minimum_detectable_effect_inverts_the_sample_size()
    {
        var mde = SampleSize.MinimumDetectableEffect(0.10, 686);
        Assert.Equal(0.05, mde, 0.0005);
        Assert.True(SampleSize.MinimumDetectableEffect(0.05, 100_000) < SampleSize.MinimumDetectableEffect(0.05, 10_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleSize.PerArm(0, 0.01));
    }

    // Exact P(B > A) for Beta(21, 81) vs Beta(31, 71) (20/100 vs 30/100, uniform priors) by numerical
    // integration (200,000-point midpoint rule): 0.94760. Evan Miller, "Formulas for Bayesian A/B Testing" (2015) gives the closed form used.
    [Fact]
    public void Probability_best_for_two_arms_is_exact()
    {
        var p = BayesianBest.Probabilities([(20, 100), (30, 100)]);
        Assert.Equal(0.94760, p[1], 0.00002);
        Assert.Equal(1, p[0] + p[1], 1e-12);
        Assert.Equal(0.5, BayesianBest.Probabilities([(50, 1000), (50, 1000)])[0], 1e-9);
        // Large counts stay fast and finite (the series runs over the smaller success count).
        var big = BayesianBest.Probabilities([(25_000, 500_000), (25_600, 500_000)]);
        Assert.InRange(big[1], 0.99, 1.0);
    }

    [Fact]
    public void Probability_best_for_three_arms_is_seeded_Monte_Carlo_close_to_exact_pairs()
    {
        var arms = new (long, long)[] { (20, 100), (30, 100), (10, 100) };
        var first = BayesianBest.Probabilities(arms, seed: 3);
        Assert.Equal(first, BayesianBest.Probabilities(arms, seed: 3));
        Assert.Equal(1, first.Sum(), 1e-9);
        // The third arm is almost never best, so arm 2 vs arm 1 is nearly the two-arm exact value.
        Assert.Equal(0.947, first[1], 0.01);
    }

    // SRM: 51,000 vs 50,000 on a 50/50 split: χ² = 2·500²/50,500 = 9.90, p = 0.00165 (χ², 1 df).
    [Fact]
    public void Sample_ratio_chi_square_matches_the_hand_computation()
    {
        var test = SampleRatio.ChiSquare([51_000, 50_000], [50, 50]);
        Assert.Equal(9.901, test.Statistic, 0.001);
        Assert.Equal(0.00165, test.PValue, 0.00001);
        Assert.False(test.PValue < SampleRatio.Alarm);
        Assert.True(SampleRatio.ChiSquare([52_000, 50_000], [50, 50]).PValue < SampleRatio.Alarm);
        Assert.True(SampleRatio.ChiSquare([7_000, 3_000], [70, 30]).PValue > 0.5);
    }

    [Fact]
    public void Always_valid_p_values_keep_the_false_positive_rate_under_daily_peeking()
    {
        // 400 A/A experiments at a 5 % rate, 300 members per arm per day, looked at every day for 30 days.
        var random = new Random(11);
        int naive = 0, sequential = 0;
        for (var run = 0; run < 400; run++)
        {
            long x1 = 0, n1 = 0, x2 = 0, n2 = 0;
            var looks = new List<(long, long, long, long)>();
            var naiveHit = false;
            for (var day = 0; day < 30; day++)
            {
                for (var i = 0; i < 300; i++)
                {
                    x1 += random.NextDouble() < 0.05 ? 1 : 0;
                    x2 += random.NextDouble() < 0.05 ? 1 : 0;
                }
                n1 += 300;
                n2 += 300;
                looks.Add((x1, n1, x2, n2));
                naiveHit |= Proportions.ZTest(x1, n1, x2, n2).PValue < 0.05;
            }
            naive += naiveHit ? 1 : 0;
            sequential += SequentialTest.PValues(looks)[^1] < 0.05 ? 1 : 0;
        }
        Assert.True(naive > 40, $"peeking at a z-test should inflate false positives well above 5 % (got {naive}/400)");
        Assert.True(sequential <= 28, $"always-valid p-values should stay near or below 5 % (got {sequential}/400)");
    }

    [Fact]
    public void Always_valid_p_values_detect_a_real_difference_and_never_increase()
    {
        var looks = Enumerable.Range(1, 30).Select(d => ((long)(d * 300 * 0.07), (long)(d * 300), (long)(d * 300 * 0.05), (long)(d * 300))).ToList();
        var p = SequentialTest.PValues(looks);
        Assert.True(p[^1] < 0.01, $"p = {p[^1]}");
        Assert.All(p.Zip(p.Skip(1)), pair => Assert.True(pair.Second <= pair.First));
    }

    [Fact]
    public void Poisson_bootstrap_is_seeded_and_covers_the_mean()
    {
        var sample = new MoneySample();
        var random = new Random(5);
        for (var i = 0; i < 20_000; i++)
        {
            var revenue = random.NextDouble() < 0.05 ? 100 + random.NextDouble() * 400 : 0;
            sample.Add(revenue, 0.24 + (revenue > 0 ? 30 : 0));
        }
        var a = Bootstrap.Replicate(sample, 500, seed: 1);
        Assert.Equal(a.Mean, Bootstrap.Replicate(sample, 500, seed: 1).Mean);
        var ci = Bootstrap.Percentile(a.Mean);
        Assert.True(ci.Contains(sample.Mean), $"{ci} vs {sample.Mean}");
        // Analytic standard error of the mean for comparison: the interval's half-width is about 1.96·SE.
        var values = new List<double>();
        var r2 = new Random(5);
        for (var i = 0; i < 20_000; i++)
        {
            values.Add(r2.NextDouble() < 0.05 ? 100 + r2.NextDouble() * 400 : 0);
        }
        var mean = values.Average();
        var se = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) / values.Count);
        Assert.Equal(1.96 * se, (ci.Upper - ci.Lower) / 2, 1.96 * se * 0.15);
        Assert.True(sample.Atoms < 600, $"atoms collapse the zero-revenue members ({sample.Atoms})");
        Assert.True(Bootstrap.Percentile(a.Roi).Contains(sample.Roi));
    }
}
