using Studio.Core.Dialogs;
using Studio.Core.Scripts;

namespace Studio.Core.Recognition;

/// <summary>What the member said, and what the current question expects.</summary>
public sealed record RecognitionRequest(string Text, double? AsrConfidence, CompiledScript Script, IReadOnlyList<string> ExpectedIntents, Channel Channel);

public sealed record IntentCandidate(string Intent, double Confidence);

/// <summary>The recogniser's verdict: intent, how sure, and who decided (rule / ml / llm / keyword).</summary>
public sealed record IntentResult(string Intent, double Confidence, string DecidedBy)
{
    public static IntentResult OutOfScope(string decidedBy, string normalizedText = "") =>
        new(SystemIntents.OutOfScope, 0, decidedBy) { NormalizedText = normalizedText };

    public IReadOnlyList<IntentCandidate> Alternatives { get; init; } = [];
    public IReadOnlyDictionary<string, string> Entities { get; init; } = EmptyEntities;
    public string NormalizedText { get; init; } = "";

    /// <summary>Why the recogniser decided so (the rule or keyword that matched).</summary>
    public string? Explanation { get; init; }

    private static readonly IReadOnlyDictionary<string, string> EmptyEntities = new Dictionary<string, string>();
}

/// <summary>
/// Recognises the member's intent. Synchronous and fast: the engine calls it inside a turn. Slow
/// recognisers (an LLM) run at the edge first and hand their result in <see cref="TurnInput.Recognition"/>.
/// </summary>
public interface IIntentRecognizer
{
    IntentResult Recognize(RecognitionRequest request);
}
