using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

namespace Studio.Nlu.Llm;

/// <summary>Builds the LLM recogniser for the hosts, or nothing when it is disabled.</summary>
public static partial class LlmIntentClassifierFactory
{
    /// <summary>Binds <see cref="LlmOptions"/> from the <c>Studio:Nlu:Llm</c> section.</summary>
    public static LlmOptions BindOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new LlmOptions();
        configuration.GetSection(LlmOptions.SectionName).Bind(options);
        return options;
    }

    /// <summary>The recogniser configured in <c>Studio:Nlu:Llm</c>, or null when it is disabled.</summary>
    public static ILlmIntentClassifier? Create(IConfiguration configuration, ILoggerFactory? loggerFactory = null, HttpClient? httpClient = null) =>
        Create(BindOptions(configuration), loggerFactory, httpClient);

    /// <summary>
    /// The recogniser for these options, or null when they are disabled. The OpenAI client is built
    /// without retries: a retry cannot fit in a voice turn's budget, and the pipeline has a fallback.
    /// </summary>
    /// <exception cref="InvalidOperationException">Enabled without an endpoint or a model.</exception>
    public static ILlmIntentClassifier? Create(LlmOptions options, ILoggerFactory? loggerFactory = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(options.Endpoint) || !Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint))
        {
            throw new InvalidOperationException($"{LlmOptions.SectionName}:Endpoint must be an absolute URL (e.g. http://127.0.0.1:8000/v1) when the LLM recogniser is enabled.");
        }
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            throw new InvalidOperationException($"{LlmOptions.SectionName}:Model must name a model when the LLM recogniser is enabled.");
        }

        var apiKey = string.IsNullOrWhiteSpace(options.ApiKeyEnvironmentVariable)
            ? null
            : Environment.GetEnvironmentVariable(options.ApiKeyEnvironmentVariable);
        var logger = loggerFactory?.CreateLogger(typeof(SemanticKernelIntentClassifier).FullName!);
        if (string.IsNullOrEmpty(apiKey) && logger is not null)
        {
            LogNoApiKey(logger, options.ApiKeyEnvironmentVariable ?? "(none)");
        }

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromMilliseconds(Math.Max(options.RequestTimeoutMs, 1)),
        };
        if (httpClient is not null)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(httpClient);
        }
        // The SDK insists on a credential; a local endpoint without authentication ignores it.
        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "no-key" : apiKey), clientOptions);
        // The connector gets no logger: at trace level it would log whole prompts. Ours logs failures, masked.
        var chat = new OpenAIChatCompletionService(options.Model, client);
        return new SemanticKernelIntentClassifier(chat, options, loggerFactory?.CreateLogger<SemanticKernelIntentClassifier>());
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "LLM recogniser enabled without an API key (environment variable {Variable} is empty)")]
    private static partial void LogNoApiKey(ILogger logger, string variable);
}
