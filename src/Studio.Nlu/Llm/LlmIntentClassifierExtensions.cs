using Studio.Core.Recognition;
using Studio.Core.Scripts;

namespace Studio.Nlu.Llm;

public static class LlmIntentClassifierExtensions
{
    /// <summary>
    /// Classifies within a hard time budget: past it the call is cancelled and the answer is null,
    /// as it is when the caller's own token is cancelled.
    /// </summary>
    public static async Task<IntentResult?> ClassifyWithinAsync(this ILlmIntentClassifier classifier, string text, IReadOnlyList<IntentDescription> intents, TimeSpan budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        if (budget <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(budget);
        try
        {
            return await classifier.ClassifyAsync(text, intents, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Classifies within the budget the options give the channel (voice 800 ms, WeCom 3 s by default).</summary>
    public static Task<IntentResult?> ClassifyWithinAsync(this ILlmIntentClassifier classifier, string text, IReadOnlyList<IntentDescription> intents, LlmOptions options, Channel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return classifier.ClassifyWithinAsync(text, intents, options.BudgetFor(channel), cancellationToken);
    }
}
