using Studio.Core.Experiments;
using Studio.Core.Scripts;

namespace Studio.Core.Tests.Experiments;

public class ExperimentReviewTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 11, 1, 2, 0, 0, TimeSpan.Zero); // 10:00 in Shanghai

    private static readonly ExperimentDefinition Framing = new("dormant-framing",
    [
        new ExperimentArm("A", 50) { Label = "直接送30元券", IncentiveCost = 30 },
        new ExperimentArm("B", 50) { Label = "有机会得红包", IncentiveCost = 8.5m },
    ]);

    /// <summary>Members of one arm with exact counts: the first <paramref name="added"/> are added (and order for 200 yuan).</summary>
    private sealed class InputBuilder(ExperimentDefinition experiment)
    {
        public List<Exposure> Exposures { get; } = [];
        public List<ContactSummary> Contacts { get; } = [];
        public List<OutcomeObservation> Outcomes { get; } = [];

        public InputBuilder Arm(string arm, int members, int added, int days = 14, int ordered = 0, decimal orderValue = 200, int complaints = 0)
        {
            for (var i = 0; i < members; i++)
            {
                var id = $"{arm}-{i}";
                var time = Day0.AddDays(i % days).AddMinutes(i % 600);
                Exposures.Add(new Exposure(id, arm, time));
                Contacts.Add(new ContactSummary(id, time.AddSeconds(-20))
                {
                    DurationSeconds = 75,
                    Reached = true,
                    Engaged = i % 4 != 0,
                    Consent = i < added * 3 / 2,
                    Complaint = i >= members - complaints,
                });
                if (i < added)
                {
                    Outcomes.Add(new OutcomeObservation(id, ReviewOutcomes.WecomAddAccepted, time.AddHours(2)));
                }
                if (i < ordered)
                {
                    Outcomes.Add(new OutcomeObservation(id, ReviewOutcomes.OrderPlaced, time.AddDays(2), orderValue));
                }
            }
            return this;
        }

        public ReviewInput Build() => new(experiment, Exposures, Contacts, Outcomes) { Now = Day0.AddDays(40) };
    }

    [Fact]
    public void A_clear_winner_gets_a_verdict_with_the_difference_its_interval_and_P_best()
    {
        var input = new InputBuilder(Framing).Arm("A", 5000, 250).Arm("B", 5000, 400).Build();
        var review = ExperimentReview.Compute(input);

        var a = review.Arm("A")!;
        var b = review.Arm("B")!;
        Assert.Equal(new Funnel(5000, 5000, 3750, 375, 250, 0), a.Funnel);
        Assert.Equal(0.05, a.Primary, 1e-12);
        Assert.Equal(0.08, b.Primary, 1e-12);
        Assert.True(a.IsControl);
        Assert.Null(a.VsControl);
        Assert.Equal(0.03, b.VsControl!.Difference, 1e-12);
        Assert.True(b.VsControl.DifferenceCi.Lower > 0.02 && b.VsControl.DifferenceCi.Upper < 0.04, $"{b.VsControl.DifferenceCi}");
        Assert.Equal(0.6, b.VsControl.RelativeLift!.Value, 1e-9);
        Assert.True(b.VsControl.HolmPValue < 1e-6);
        Assert.True(b.VsControl.AlwaysValidPValue < 0.05);
        Assert.True(b.ProbabilityBest > 0.999);

        Assert.Equal(VerdictKind.Winner, review.Verdict.Kind);
        Assert.Equal("B", review.Verdict.Winner);
        Assert.StartsWith("B 的加微率比 A 高 3.0 个百分点 (95% CI ", review.Verdict.Chinese);
        Assert.Contains("B 最优概率 >99%", review.Verdict.Chinese);
        Assert.Contains("ROI", review.Verdict.Chinese);
        Assert.StartsWith("B's WeCom add rate is 3.0 percentage points higher than A's (95% CI ", review.Verdict.English);
        Assert.False(review.SampleRatio.Mismatch);
    }

    [Fact]
    public void Thin_data_say_so_honestly_instead_of_crowning_a_winner()
    {
        var review = ExperimentReview.Compute(new InputBuilder(Framing).Arm("A", 60, 2).Arm("B", 60, 9).Build());
        Assert.Equal(VerdictKind.InsufficientData, review.Verdict.Kind);
        Assert.StartsWith("数据不足", review.Verdict.Chinese);
        Assert.Contains("A 组 60 人、成功 2", review.Verdict.Chinese);
        Assert.StartsWith("Not enough data", review.Verdict.English);
        Assert.NotNull(review.RequiredPerArm);
        Assert.Contains($"{review.RequiredPerArm:N0}", review.Verdict.Chinese);
    }

    /// <summary>The framing experiment after promoting A: 50/50 for two weeks, then 100/0.</summary>
    private static ExperimentDefinition Promoted(DateTimeOffset promotedAt) => Framing with
    {
        Arms = [Framing.Arms[0] with { Weight = 100 }, Framing.Arms[1] with { Weight = 0 }],
        WeightHistory =
        [
            new WeightPeriod(DateTimeOffset.MinValue, new Dictionary<string, double> { ["A"] = 50, ["B"] = 50 }),
            new WeightPeriod(promotedAt, new Dictionary<string, double> { ["A"] = 100, ["B"] = 0 }),
        ],
    };

    private static void AddMembers(InputBuilder input, string arm, int count, DateTimeOffset from)
    {
        for (var i = 0; i < count; i++)
        {
            var id = $"{arm}-late-{i}";
            var time = from.AddMinutes(i);
            input.Exposures.Add(new Exposure(id, arm, time));
            input.Contacts.Add(new ContactSummary(id, time) { Reached = true, DurationSeconds = 60 });
        }
    }

    [Fact]
    public void After_a_promotion_the_SRM_check_uses_the_weights_each_member_was_assigned_with()
    {
        var promotedAt = Day0.AddDays(15);
        var input = new InputBuilder(Promoted(promotedAt)).Arm("A", 3000, 150).Arm("B", 3000, 240);
        AddMembers(input, "A", 2000, promotedAt.AddHours(1));
        var review = ExperimentReview.Compute(input.Build());

        Assert.False(review.SampleRatio.Mismatch, $"χ²={review.SampleRatio.ChiSquare}");
        Assert.DoesNotContain(review.Warnings, w => w.Code == "srm");
        Assert.Equal(VerdictKind.Winner, review.Verdict.Kind);

        // The same members judged by today's 100/0 only: B's 3,000 members "should not exist".
        var naive = ExperimentReview.Compute(input.Build() with { Experiment = Promoted(promotedAt) with { WeightHistory = [] } });
        Assert.True(naive.SampleRatio.Mismatch);
    }

    [Fact]
    public void After_a_promotion_new_members_still_reaching_the_loser_are_a_mismatch()
    {
        var promotedAt = Day0.AddDays(15);
        var input = new InputBuilder(Promoted(promotedAt)).Arm("A", 3000, 150).Arm("B", 3000, 240);
        AddMembers(input, "B", 300, promotedAt.AddHours(1)); // the runtime kept sending new members to B

        Assert.True(ExperimentReview.Compute(input.Build()).SampleRatio.Mismatch);
    }

    [Fact]
    public void Weights_in_force_are_those_of_the_last_period_started_and_the_first_before_it()
    {
        var promotedAt = Day0.AddDays(15);
        var experiment = Promoted(promotedAt);
        Assert.Equal(50, experiment.WeightsAt(Day0)["A"]);
        Assert.Equal(100, experiment.WeightsAt(promotedAt)["A"]);
        Assert.Equal(100, (Framing with { Arms = experiment.Arms }).WeightsAt(Day0)["A"]); // no history: the arms' weights
        var late = experiment with { WeightHistory = [new WeightPeriod(Day0, new Dictionary<string, double> { ["A"] = 70, ["B"] = 30 })] };
        Assert.Equal(70, late.WeightsAt(Day0.AddDays(-3))["A"]); // exposures before the first record: the first weights seen
    }

    [Fact]
    public void A_sample_ratio_mismatch_is_flagged_loudly_and_voids_the_verdict()
    {
        var review = ExperimentReview.Compute(new InputBuilder(Framing).Arm("A", 6000, 300).Arm("B", 4800, 480).Build());
        Assert.True(review.SampleRatio.Mismatch);
        Assert.Equal(VerdictKind.Invalid, review.Verdict.Kind);
        var warning = Assert.Single(review.Warnings, w => w.Code == "srm");
        Assert.True(warning.Loud);
        Assert.Contains("样本比例失衡", warning.Chinese);
        Assert.Contains("A=6000 / B=4800", review.Verdict.Chinese);
    }

    [Fact]
    public void Equal_arms_give_no_difference_and_say_what_could_be_detected()
    {
        var review = ExperimentReview.Compute(new InputBuilder(Framing).Arm("A", 3000, 150).Arm("B", 3000, 156).Build());
        Assert.Equal(VerdictKind.NoDifference, review.Verdict.Kind);
        Assert.StartsWith("尚无显著差异", review.Verdict.Chinese);
        Assert.Contains("能检测到的最小差异约", review.Verdict.Chinese);
        Assert.InRange(review.MinimumDetectableEffect!.Value, 0.012, 0.020);
    }

    [Fact]
    public void The_first_exposure_decides_the_arm_across_channels_and_retries()
    {
        var builder = new InputBuilder(Framing).Arm("A", 300, 30).Arm("B", 300, 30);
        // A-0 is exposed again later in B (a weight change on a retry): still counted in A.
        builder.Exposures.Add(new Exposure("A-0", "B", Day0.AddDays(3)));
        // B-1's WeCom exposure came first, in A: the member belongs to A.
        builder.Exposures.Add(new Exposure("B-1", "A", Day0.AddDays(-1)));
        var review = ExperimentReview.Compute(builder.Build());
        Assert.Equal(301, review.Arm("A")!.Funnel.Assigned);
        Assert.Equal(299, review.Arm("B")!.Funnel.Assigned);
        Assert.Contains(review.Warnings, w => w.Code == "arm_switch" && w.Chinese.StartsWith("2 次曝光", StringComparison.Ordinal));
    }

    [Fact]
    public void Outcomes_count_only_within_the_attribution_window_after_the_first_exposure()
    {
        var experiment = Framing with { AttributionWindow = TimeSpan.FromDays(7) };
        var builder = new InputBuilder(experiment).Arm("A", 300, 0, days: 1).Arm("B", 300, 0, days: 1);
        var exposed = builder.Exposures[0].Time;
        builder.Outcomes.Add(new OutcomeObservation("A-0", ReviewOutcomes.OrderPlaced, exposed.AddDays(6.9), 100));
        builder.Outcomes.Add(new OutcomeObservation("A-1", ReviewOutcomes.OrderPlaced, exposed.AddDays(7.5), 100));
        builder.Outcomes.Add(new OutcomeObservation("A-2", ReviewOutcomes.OrderPlaced, exposed.AddHours(-1), 100));
        builder.Outcomes.Add(new OutcomeObservation("stranger", ReviewOutcomes.OrderPlaced, exposed, 100));
        var review = ExperimentReview.Compute(builder.Build());
        Assert.Equal(1, review.Arm("A")!.Funnel.Converted);
        Assert.Equal(100, review.Arm("A")!.Revenue, 1e-9);
    }

    [Fact]
    public void Revenue_and_ROI_use_incentive_cost_and_billed_call_minutes()
    {
        var experiment = Framing with { CallCostPerMinute = 0.1m, Primary = PrimaryMetric.Roi };
        var review = ExperimentReview.Compute(new InputBuilder(experiment)
            .Arm("A", 1000, 100, ordered: 80, orderValue: 300)
            .Arm("B", 1000, 100, ordered: 60, orderValue: 300).Build());
        var a = review.Arm("A")!;
        // 75-second calls bill 2 minutes: 1000 × 0.2 = 200 yuan; 100 coupons paid out on add × 30 = 3000 yuan.
        Assert.Equal(3200, a.Cost, 1e-6);
        Assert.Equal(24_000, a.Revenue, 1e-6);
        Assert.Equal(24_000 / 3200.0, a.Roi.Value, 1e-9);
        Assert.Equal(24.0, a.RevenuePerMember.Value, 1e-9);
        Assert.True(a.Roi.Ci.Contains(a.Roi.Value), $"{a.Roi.Ci}");
        var b = review.Arm("B")!;
        Assert.Equal(200 + 850, b.Cost, 1e-6);
        Assert.Equal(18_000 / 1050.0, b.Primary, 1e-9);
        Assert.True(b.VsControl!.Difference > 0);
        Assert.True(b.VsControl.PValue < 0.01, $"p = {b.VsControl.PValue}");
        Assert.Equal(VerdictKind.Winner, review.Verdict.Kind);
        Assert.StartsWith("B 的ROI比 A 高", review.Verdict.Chinese);
        // Same seed, same interval.
        Assert.Equal(review.Arm("B")!.Roi.Ci, ExperimentReview.Compute(new InputBuilder(experiment)
            .Arm("A", 1000, 100, ordered: 80, orderValue: 300)
            .Arm("B", 1000, 100, ordered: 60, orderValue: 300).Build()).Arm("B")!.Roi.Ci);
    }

    [Fact]
    public void A_holdout_gives_the_incremental_lift_of_contacting_members()
    {
        var experiment = Framing with { HoldoutPercent = 10, Primary = PrimaryMetric.OrderConversion };
        var builder = new InputBuilder(experiment).Arm("A", 2000, 100, ordered: 120).Arm("B", 2000, 100, ordered: 120);
        for (var i = 0; i < 440; i++)
        {
            var id = $"h-{i}";
            builder.Exposures.Add(new Exposure(id, ExperimentDefinition.HoldoutArm, Day0.AddDays(i % 14)));
            if (i < 13)
            {
                builder.Outcomes.Add(new OutcomeObservation(id, ReviewOutcomes.OrderPlaced, Day0.AddDays(i % 14 + 1), 200));
            }
        }
        var review = ExperimentReview.Compute(builder.Build());
        var holdout = review.Arm(ExperimentDefinition.HoldoutArm)!;
        Assert.True(holdout.IsHoldout);
        Assert.Equal(0, holdout.Funnel.Reached);
        Assert.Equal(0, holdout.Cost);
        Assert.NotNull(review.Holdout);
        Assert.Equal(0.06 - 13 / 440.0, review.Holdout!.Difference, 1e-9);
        Assert.True(review.Holdout.DifferenceCi.Lower > 0);
        Assert.True(review.Holdout.PValue < 0.01);
        Assert.Equal(12 - 13 * 200 / 440.0, review.Holdout.RevenuePerMemberDifference, 1e-9);
        Assert.False(review.SampleRatio.Mismatch); // the holdout is not part of the contacted arms' ratio
    }

    [Fact]
    public void A_factorial_design_reports_each_factors_main_effect()
    {
        var experiment = new ExperimentDefinition("incentive-x-framing",
        [
            new ExperimentArm("coupon-certain", 25) { Factors = new Dictionary<string, string> { ["incentive"] = "coupon", ["framing"] = "certain" } },
            new ExperimentArm("coupon-chance", 25) { Factors = new Dictionary<string, string> { ["incentive"] = "coupon", ["framing"] = "chance" } },
            new ExperimentArm("gift-certain", 25) { Factors = new Dictionary<string, string> { ["incentive"] = "gift", ["framing"] = "certain" } },
            new ExperimentArm("gift-chance", 25) { Factors = new Dictionary<string, string> { ["incentive"] = "gift", ["framing"] = "chance" } },
        ]);
        // Certain framing +3 points, gift +1 point, additive.
        var review = ExperimentReview.Compute(new InputBuilder(experiment)
            .Arm("coupon-certain", 4000, 320).Arm("coupon-chance", 4000, 200)
            .Arm("gift-certain", 4000, 360).Arm("gift-chance", 4000, 240).Build());
        var framing = Assert.Single(review.FactorEffects, e => e.Factor == "framing");
        Assert.Equal("chance", framing.Level);
        Assert.Equal("certain", framing.Reference);
        Assert.Equal(-0.03, framing.Difference, 1e-12);
        Assert.True(framing.PValue < 0.001);
        var incentive = Assert.Single(review.FactorEffects, e => e.Factor == "incentive");
        Assert.Equal(0.01, incentive.Difference, 1e-12);
        Assert.Equal(16_000, framing.LevelRate.N + framing.ReferenceRate.N);
        // Three comparisons with the control: Holm-adjusted p ≥ raw p.
        Assert.All(review.Arms.Where(a => a.VsControl is not null), a => Assert.True(a.VsControl!.HolmPValue >= a.VsControl.PValue));
        Assert.Equal(1, review.Arms.Sum(a => a.ProbabilityBest), 1e-9);
        Assert.Equal("gift-certain", review.Arms.MaxBy(a => a.ProbabilityBest)!.Arm);
    }

    [Fact]
    public void A_breached_guardrail_is_reported_with_the_verdict()
    {
        var review = ExperimentReview.Compute(new InputBuilder(Framing).Arm("A", 4000, 200, complaints: 8).Arm("B", 4000, 320, complaints: 60).Build());
        var complaint = Assert.Single(review.Guardrails, g => g.Metric == GuardrailMetric.Complaint && g.Arm == "B");
        Assert.True(complaint.Breached);
        Assert.False(Assert.Single(review.Guardrails, g => g.Metric == GuardrailMetric.OptOut && g.Arm == "B").Breached);
        Assert.Contains(review.Warnings, w => w.Code == "guardrail_complaint" && w.Loud);
        Assert.Contains("投诉率显著升高", review.Verdict.Chinese);
    }

    [Fact]
    public void Daily_buckets_are_cut_in_China_time_and_accumulate()
    {
        var builder = new InputBuilder(Framing);
        // 23:30 UTC on 1 Nov is 07:30 on 2 Nov in Shanghai.
        builder.Exposures.Add(new Exposure("late", "A", new DateTimeOffset(2026, 11, 1, 23, 30, 0, TimeSpan.Zero)));
        builder.Exposures.Add(new Exposure("early", "A", new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.Zero)));
        builder.Outcomes.Add(new OutcomeObservation("late", ReviewOutcomes.WecomAddAccepted, new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero)));
        var review = ExperimentReview.Compute(builder.Build());
        var a = review.Daily.Where(d => d.Arm == "A").ToList();
        Assert.Equal([new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 2)], a.Select(d => d.Day));
        Assert.Equal([1L, 1L], a.Select(d => d.NewMembers));
        Assert.Equal([0L, 1L], a.Select(d => d.NewSuccesses));
        Assert.Equal(0.5, a[^1].CumulativeRate, 1e-12);
        Assert.Equal(VerdictKind.InsufficientData, review.Verdict.Kind);
    }

    [Fact]
    public void Sequential_mode_decides_on_always_valid_p_values()
    {
        var input = new InputBuilder(Framing).Arm("A", 2000, 100).Arm("B", 2000, 135).Build();
        var fixedHorizon = ExperimentReview.Compute(input);
        var sequential = ExperimentReview.Compute(input, new ReviewOptions { Sequential = true });
        var b = fixedHorizon.Arm("B")!.VsControl!;
        Assert.True(b.PValue < 0.05, $"z-test p = {b.PValue}");
        Assert.True(b.AlwaysValidPValue > b.PValue);
        Assert.Equal(VerdictKind.Winner, fixedHorizon.Verdict.Kind);
        Assert.Equal(VerdictKind.NoDifference, sequential.Verdict.Kind);
    }

    [Fact]
    public void The_experiment_of_a_split_node_carries_arms_weights_metric_and_incentive_costs()
    {
        var path = Path.Combine(RepoRoot(), "scripts-library", "dormant-reactivation.json");
        var script = ScriptJson.Read(File.ReadAllText(path)).Script!;
        var experiment = Assert.Single(ExperimentDefinition.FromScript(script));
        Assert.Equal("dormant-framing", experiment.Name);
        Assert.Equal("dormant-reactivation", experiment.ScriptId);
        Assert.Equal(PrimaryMetric.WecomAddAccepted, experiment.Primary);
        Assert.Equal(["A", "B"], experiment.Arms.Select(a => a.Id));
        Assert.Equal([30m, 8.5m], experiment.Arms.Select(a => a.IncentiveCost));
        Assert.Equal(["certain", "chance"], experiment.Arms.Select(a => a.Factors["framing"]));
        Assert.Equal("A", experiment.ControlArm);
        // Assignment is the allocator's, so the engine's split and the review agree.
        Assert.Equal(ArmAllocator.Assign("dormant-framing", "m-1001", script.Nodes.OfType<SplitNode>().Single().Arms), experiment.Assign("m-1001"));
    }

    [Fact]
    public void The_holdout_is_independent_of_the_arms_and_has_its_share()
    {
        var experiment = Framing with { HoldoutPercent = 10 };
        var assigned = Enumerable.Range(0, 20_000).Select(i => experiment.Assign($"m{i}")).ToList();
        Assert.InRange(assigned.Count(a => a == ExperimentDefinition.HoldoutArm) / 20_000.0, 0.09, 0.11);
        // Among contacted members the split is still 50/50.
        var contacted = assigned.Where(a => a != ExperimentDefinition.HoldoutArm).ToList();
        Assert.InRange(contacted.Count(a => a == "A") / (double)contacted.Count, 0.48, 0.52);
    }

    [Fact]
    public void An_experiment_without_any_exposure_yet_says_data_are_missing()
    {
        var review = ExperimentReview.Compute(new ReviewInput(Framing, [], [], []));
        Assert.Equal(0, review.Members);
        Assert.Equal(VerdictKind.InsufficientData, review.Verdict.Kind);
        Assert.Empty(review.Daily);
        Assert.False(review.SampleRatio.Mismatch);
        Assert.All(review.Arms, a => Assert.Equal(0, a.Funnel.Assigned));
    }

    [Fact]
    public void The_review_refuses_an_experiment_whose_control_is_not_an_arm()
    {
        var error = Assert.Throws<ArgumentException>(() => ExperimentReview.Compute(new ReviewInput(Framing with { Control = "C" }, [], [], [])));
        Assert.Contains("control arm 'C'", error.Message);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Studio.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
