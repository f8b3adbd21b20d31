using Studio.Core.Scripts;
using Studio.Nlu.Pipeline;

namespace Studio.Nlu.Llm;

/// <summary>
/// Settings of the LLM recogniser, bound from the configuration section <see cref="SectionName"/>.
/// Any OpenAI-compatible chat-completions endpoint works (Qwen, DeepSeek, a local vLLM). The API key
/// never sits in configuration files: it is read from the environment variable named by
/// <see cref="ApiKeyEnvironmentVariable"/>.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Studio:Nlu:Llm";
    public const string DefaultApiKeyEnvironmentVariable = "STUDIO_LLM_API_KEY";

    /// <summary>Off by default: the fast recognisers decide alone unless an endpoint is configured.</summary>
    public bool Enabled { get; set; }

    /// <summary>Base URL of the OpenAI-compatible API, including its version path, e.g. <c>http://127.0.0.1:8000/v1</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Model name sent with every request, e.g. <c>qwen-plus</c> or <c>deepseek-chat</c>.</summary>
    public string? Model { get; set; }

    /// <summary>Name of the environment variable holding the API key. A local endpoint may need none.</summary>
    public string ApiKeyEnvironmentVariable { get; set; } = DefaultApiKeyEnvironmentVariable;

    /// <summary>The pipeline asks the LLM only when the fast recognisers are less sure than this.</summary>
    public double ConfidenceThreshold { get; set; } = 0.6;

    /// <summary>Hard time budget of one LLM call on a phone call, where the member is waiting in silence.</summary>
    public int VoiceBudgetMs { get; set; } = 800;

    /// <summary>Hard time budget of one LLM call in a WeCom chat.</summary>
    public int WecomBudgetMs { get; set; } = 3000;

    public double Temperature { get; set; }

    /// <summary>Backstop of one HTTP request when a caller gives no budget of its own.</summary>
    public int RequestTimeoutMs { get; set; } = 10_000;

    /// <summary>Upper bound of the answer's length; the JSON answer needs a few dozen tokens.</summary>
    public int MaxOutputTokens { get; set; } = 64;

    /// <summary>Asks for <c>response_format: json_object</c>. Turn off for endpoints that reject it.</summary>
    public bool UseJsonResponseFormat { get; set; } = true;

    /// <summary>How many example utterances of each intent the prompt shows.</summary>
    public int ExamplesPerIntent { get; set; } = 4;

    /// <summary>How many answers the cache keeps (least recently used are evicted). 0 disables it.</summary>
    public int CacheSize { get; set; } = 2048;

    /// <summary>The pipeline options with this section's threshold and budgets, so hosts configure them in one place.</summary>
    public NluOptions ApplyTo(NluOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            LlmBelow = ConfidenceThreshold,
            VoiceLlmBudget = BudgetFor(Channel.Voice),
            WecomLlmBudget = BudgetFor(Channel.Wecom),
        };
    }

    /// <summary>The time budget for a channel.</summary>
    public TimeSpan BudgetFor(Channel channel) =>
        TimeSpan.FromMilliseconds(channel == Channel.Voice ? VoiceBudgetMs : WecomBudgetMs);
}
