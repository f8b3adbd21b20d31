using System.Diagnostics;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Nlu.Llm;
using Studio.Nlu.Pipeline;

namespace Studio.Nlu.Tests.Llm;

/// <summary>The NLU pipeline consulting the Semantic Kernel recogniser over real HTTP.</summary>
public sealed class PipelineWithLlmTests : IAsyncLifetime
{
    private static readonly Lazy<ScriptNlu> SystemNlu = new(() => ScriptNlu.Create([], [], [], new InMemoryModelStore()));

    private const string Text = "那你说的那个到底是啥呢";

    private readonly ListLoggerFactory _logs = new();
    private FakeChatCompletionsServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new FakeChatCompletionsServer(_ => FakeReply.Ok("""{"intent":"ask_detail","confidence":0.81}"""));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private (NluPipeline Pipeline, LlmOptions Options) Create(int voiceBudgetMs = 800)
    {
        // A threshold above any confidence: the pipeline consults the LLM whatever the fast recognisers say.
        var options = new LlmOptions { Enabled = true, Endpoint = _server.BaseUrl, Model = "m", VoiceBudgetMs = voiceBudgetMs, ApiKeyEnvironmentVariable = "", ConfidenceThreshold = 1.01 };
        var classifier = LlmIntentClassifierFactory.Create(options, _logs);
        return (new NluPipeline(options.ApplyTo(NluOptions.Default), classifier), options);
    }

    [Fact]
    public void Options_carry_threshold_and_budgets_into_the_pipeline()
    {
        var options = new LlmOptions { ConfidenceThreshold = 0.45, VoiceBudgetMs = 500, WecomBudgetMs = 2000 };

        var applied = options.ApplyTo(NluOptions.Default);

        Assert.Equal(0.45, applied.LlmBelow);
        Assert.Equal(TimeSpan.FromMilliseconds(500), applied.VoiceLlmBudget);
        Assert.Equal(TimeSpan.FromSeconds(2), applied.WecomLlmBudget);
        Assert.Equal(NluOptions.Default.RejectBelow, applied.RejectBelow);
    }

    [Fact]
    public async Task An_utterance_the_fast_recognisers_cannot_place_is_decided_by_the_llm()
    {
        var (pipeline, _) = Create();

        var result = await pipeline.RecognizeAsync(SystemNlu.Value, Text, [], Channel.Wecom);

        Assert.Equal(DecidedBy.Llm, result.DecidedBy);
        Assert.Equal(SystemIntents.AskDetail, result.Intent);
        var request = Assert.Single(_server.Requests);
        Assert.Contains("ask_how_got_number", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_llm_leaves_the_fast_result_within_the_voice_budget()
    {
        _server.Reply = _ => FakeReply.Ok("""{"intent":"ask_detail","confidence":0.81}""", TimeSpan.FromSeconds(5));
        var (pipeline, _) = Create(voiceBudgetMs: 300);

        var watch = Stopwatch.StartNew();
        var result = await pipeline.RecognizeAsync(SystemNlu.Value, Text, [], Channel.Voice);

        Assert.NotEqual(DecidedBy.Llm, result.DecidedBy);
        // It was asked, but answered too slowly (the request may still be in flight on a loaded machine).
        for (var i = 0; i < 40 && _server.Requests.Count == 0; i++)
        {
            await Task.Delay(50);
        }
        Assert.Single(_server.Requests);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"returned after {watch.Elapsed.TotalMilliseconds:0} ms");
    }
}
