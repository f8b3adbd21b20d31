using Studio.Nlu.Classification;

namespace Studio.Nlu.Pipeline;

/// <summary>Thresholds and budgets of the recognition pipeline. The defaults are the measured, documented ones (docs/nlu.md).</summary>
public sealed record NluOptions
{
    public static NluOptions Default { get; } = new();

    /// <summary>A rule decides on its own from this confidence up (a whole-utterance keyword, an opt-out, a phrase).</summary>
    public double RuleDecisiveConfidence { get; init; } = 0.7;

    /// <summary>Below that, a matching rule adds this much (times its confidence) to its intent's classifier probability.</summary>
    public double RuleBoost { get; init; } = 0.15;

    /// <summary>A classifier decision below this calibrated confidence becomes out_of_scope.</summary>
    public double RejectBelow { get; init; } = 0.6;

    /// <summary>
    /// A classifier decision that no rule supports (no keyword of any intent in the utterance) needs this much;
    /// such decisions are the least reliable ones (docs/nlu.md).
    /// </summary>
    public double RejectUnsupportedBelow { get; init; } = 0.8;

    /// <summary>When the best intent is not one the question expects and an expected one scores within this margin, the expected one wins.</summary>
    public double ExpectedMargin { get; init; } = 0.15;

    /// <summary>The LLM (when configured) is consulted only below this confidence, or for out_of_scope.</summary>
    public double LlmBelow { get; init; } = 0.6;

    /// <summary>Hard time budget of the LLM on a voice call (the member is waiting on the line).</summary>
    public TimeSpan VoiceLlmBudget { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Hard time budget of the LLM on WeCom.</summary>
    public TimeSpan WecomLlmBudget { get; init; } = TimeSpan.FromSeconds(3);

    public TrainingOptions Training { get; init; } = TrainingOptions.Default;
}
