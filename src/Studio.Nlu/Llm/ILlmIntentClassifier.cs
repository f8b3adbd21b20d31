using Studio.Core.Recognition;

namespace Studio.Nlu.Llm;

/// <summary>An intent the LLM may choose, described as marketers wrote it.</summary>
public sealed record IntentDescription(string Name, string? Label, string? Description, IReadOnlyList<string> Examples);

/// <summary>
/// Asks a large language model which intent a member's words carry. Used only when the fast
/// recognisers are unsure, under a hard time budget enforced by the caller. Returns null when the
/// model fails, answers malformed output or names an unknown intent: the caller falls back.
/// </summary>
public interface ILlmIntentClassifier
{
    Task<IntentResult?> ClassifyAsync(string text, IReadOnlyList<IntentDescription> intents, CancellationToken cancellationToken);
}
