using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using Studio.Core.Recognition;

namespace Studio.Nlu.Llm;

/// <summary>
/// The LLM recogniser: one chat-completions call through Semantic Kernel per unseen utterance,
/// asking for a strict JSON verdict among the intents offered. Everything that goes wrong — HTTP
/// errors, time-outs, cancellation, malformed or unknown answers — ends as null and one log line
/// without personal data, so the pipeline falls back to its fast recognisers.
/// </summary>
public sealed partial class SemanticKernelIntentClassifier : ILlmIntentClassifier
{
    /// <summary>The confidence given to a valid answer that left it out.</summary>
    public const double DefaultConfidence = 0.5;

    private const int PromptCacheSize = 64;

    private readonly IChatCompletionService _chat;
    private readonly LlmOptions _options;
    private readonly string _model;
    private readonly ILogger _logger;
    private readonly OpenAIPromptExecutionSettings _settings;
    private readonly LruCache<string, IntentResult> _answers;
    private readonly LruCache<string, IntentPrompt> _prompts = new(PromptCacheSize);

    public SemanticKernelIntentClassifier(IChatCompletionService chat, LlmOptions options, ILogger<SemanticKernelIntentClassifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(options);
        _chat = chat;
        _options = options;
        _model = options.Model ?? "";
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _answers = new LruCache<string, IntentResult>(Math.Max(0, options.CacheSize));
        _settings = new OpenAIPromptExecutionSettings
        {
            Temperature = options.Temperature,
            MaxTokens = options.MaxOutputTokens > 0 ? options.MaxOutputTokens : null,
            ResponseFormat = options.UseJsonResponseFormat ? "json_object" : null,
        };
        _settings.Freeze();
    }

    /// <summary>How many answers the cache holds (for diagnostics and tests).</summary>
    public int CachedAnswers => _answers.Count;

    public async Task<IntentResult?> ClassifyAsync(string text, IReadOnlyList<IntentDescription> intents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(intents);
        var normalized = KeywordRecognizer.Normalize(text);
        if (normalized.Length == 0 || intents.Count == 0)
        {
            return null;
        }
        var prompt = GetPrompt(intents);
        var cacheKey = prompt.Fingerprint + "\u001F" + normalized;
        if (_answers.TryGet(cacheKey, out var cached))
        {
            return cached;
        }

        var started = Stopwatch.GetTimestamp();
        string? content;
        try
        {
            var history = new ChatHistory();
            history.AddSystemMessage(prompt.SystemPrompt);
            history.AddUserMessage(IntentPrompt.UserMessage(text));
            var reply = await _chat.GetChatMessageContentAsync(history, _settings, kernel: null, cancellationToken).ConfigureAwait(false);
            content = reply.Content;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log(LogLevel.Information, text, static (l, t, ms, _) => LogCancelled(l, ms, t), started);
            return null;
        }
        catch (OperationCanceledException)
        {
            // The client's own network time-out, not the caller's budget.
            Log(LogLevel.Warning, text, static (l, t, ms, _) => LogTimedOut(l, ms, t), started);
            return null;
        }
        catch (HttpOperationException ex)
        {
            Log(LogLevel.Warning, text, static (l, t, ms, e) => LogHttpError(l, (int?)((HttpOperationException)e!).StatusCode, ms, t), started, ex);
            return null;
        }
        catch (Exception ex)
        {
            // Whatever else the connector throws (transport errors, an unreadable response body),
            // the member must not wait for it: the fast recognisers decide.
            Log(LogLevel.Warning, text, static (l, t, ms, e) => LogFailure(l, e!.GetType().Name, ms, t), started, ex);
            return null;
        }

        if (!LlmAnswer.TryParse(content, out var answer))
        {
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                LogMalformed(_logger, content?.Length ?? 0, PersonalData.ForLog(content, 40), PersonalData.ForLog(text));
            }
            return null;
        }
        var intent = prompt.Resolve(answer.Intent);
        if (intent is null)
        {
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                LogUnknownIntent(_logger, PersonalData.ForLog(answer.Intent, 40), PersonalData.ForLog(text));
            }
            return null;
        }
        var result = new IntentResult(intent, answer.Confidence ?? DefaultConfidence, DecidedBy.Llm)
        {
            NormalizedText = normalized,
            Explanation = $"llm {_model}",
        };
        _answers.Set(cacheKey, result);
        var elapsedMs = Elapsed(started);
        LogDecided(_logger, intent, result.Confidence, elapsedMs);
        return result;
    }

    private IntentPrompt GetPrompt(IReadOnlyList<IntentDescription> intents)
    {
        var examples = Math.Max(0, _options.ExamplesPerIntent);
        var fingerprint = IntentPrompt.ComputeFingerprint(intents, examples, _model);
        if (_prompts.TryGet(fingerprint, out var prompt))
        {
            return prompt;
        }
        prompt = IntentPrompt.Build(fingerprint, intents, examples);
        _prompts.Set(fingerprint, prompt);
        return prompt;
    }

    /// <summary>Logs a failed call with the member's text masked, paying for the masking only when the level is on.</summary>
    private void Log(LogLevel level, string text, Action<ILogger, string, long, Exception?> write, long started, Exception? error = null)
    {
        if (_logger.IsEnabled(level))
        {
            write(_logger, PersonalData.ForLog(text), Elapsed(started), error);
        }
    }

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "LLM intent {Intent} ({Confidence:0.00}) in {ElapsedMs} ms")]
    private static partial void LogDecided(ILogger logger, string intent, double confidence, long elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "LLM call cancelled by the caller's budget after {ElapsedMs} ms; text {Text}")]
    private static partial void LogCancelled(ILogger logger, long elapsedMs, string text);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "LLM call timed out after {ElapsedMs} ms; text {Text}")]
    private static partial void LogTimedOut(ILogger logger, long elapsedMs, string text);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "LLM endpoint answered HTTP {StatusCode} after {ElapsedMs} ms; text {Text}")]
    private static partial void LogHttpError(ILogger logger, int? statusCode, long elapsedMs, string text);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "LLM call failed ({Error}) after {ElapsedMs} ms; text {Text}")]
    private static partial void LogFailure(ILogger logger, string error, long elapsedMs, string text);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "LLM answer is not the JSON asked for ({Length} chars: {Answer}); text {Text}")]
    private static partial void LogMalformed(ILogger logger, int length, string answer, string text);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "LLM answered an intent that was not offered ({Answer}); text {Text}")]
    private static partial void LogUnknownIntent(ILogger logger, string answer, string text);
}
