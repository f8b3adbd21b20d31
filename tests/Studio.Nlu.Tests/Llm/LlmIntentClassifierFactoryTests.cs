using Microsoft.Extensions.Configuration;
using Studio.Core.Scripts;
using Studio.Nlu.Llm;

namespace Studio.Nlu.Tests.Llm;

public sealed class LlmIntentClassifierFactoryTests
{
    [Fact]
    public void Options_default_to_disabled_with_the_documented_budgets()
    {
        var options = new LlmOptions();

        Assert.False(options.Enabled);
        Assert.Equal("STUDIO_LLM_API_KEY", options.ApiKeyEnvironmentVariable);
        Assert.Equal(800, options.VoiceBudgetMs);
        Assert.Equal(3000, options.WecomBudgetMs);
        Assert.Equal(0, options.Temperature);
        Assert.Equal(TimeSpan.FromMilliseconds(800), options.BudgetFor(Channel.Voice));
        Assert.Equal(TimeSpan.FromSeconds(3), options.BudgetFor(Channel.Wecom));
    }

    [Fact]
    public void Options_bind_from_the_studio_nlu_llm_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Studio:Nlu:Llm:Enabled"] = "true",
            ["Studio:Nlu:Llm:Endpoint"] = "http://127.0.0.1:8000/v1",
            ["Studio:Nlu:Llm:Model"] = "deepseek-chat",
            ["Studio:Nlu:Llm:ApiKeyEnvironmentVariable"] = "DEEPSEEK_KEY",
            ["Studio:Nlu:Llm:ConfidenceThreshold"] = "0.55",
            ["Studio:Nlu:Llm:VoiceBudgetMs"] = "700",
            ["Studio:Nlu:Llm:WecomBudgetMs"] = "2500",
            ["Studio:Nlu:Llm:Temperature"] = "0.1",
        }).Build();

        var options = LlmIntentClassifierFactory.BindOptions(configuration);

        Assert.True(options.Enabled);
        Assert.Equal("http://127.0.0.1:8000/v1", options.Endpoint);
        Assert.Equal("deepseek-chat", options.Model);
        Assert.Equal("DEEPSEEK_KEY", options.ApiKeyEnvironmentVariable);
        Assert.Equal(0.55, options.ConfidenceThreshold);
        Assert.Equal(700, options.VoiceBudgetMs);
        Assert.Equal(2500, options.WecomBudgetMs);
        Assert.Equal(0.1, options.Temperature);
        Assert.IsType<SemanticKernelIntentClassifier>(LlmIntentClassifierFactory.Create(configuration));
    }

    [Fact]
    public void Disabled_or_absent_configuration_gives_no_classifier()
    {
        var empty = new ConfigurationBuilder().Build();

        Assert.Null(LlmIntentClassifierFactory.Create(empty));
        Assert.Null(LlmIntentClassifierFactory.Create(new LlmOptions { Endpoint = "http://127.0.0.1:1/v1", Model = "m" }));
    }

    [Theory]
    [InlineData(null, "m")]
    [InlineData("not a url", "m")]
    [InlineData("http://127.0.0.1:8000/v1", null)]
    public void Enabled_without_endpoint_or_model_is_a_configuration_error(string? endpoint, string? model)
    {
        var options = new LlmOptions { Enabled = true, Endpoint = endpoint, Model = model };

        var error = Assert.Throws<InvalidOperationException>(() => LlmIntentClassifierFactory.Create(options));
        Assert.Contains("Studio:Nlu:Llm", error.Message, StringComparison.Ordinal);
    }
}
