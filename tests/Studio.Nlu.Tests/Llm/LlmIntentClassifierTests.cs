using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Studio.Core.Recognition;
using Studio.Nlu.Llm;

namespace Studio.Nlu.Tests.Llm;

/// <summary>The Semantic Kernel recogniser against a real OpenAI-compatible HTTP server on loopback.</summary>
public sealed class LlmIntentClassifierTests : IAsyncLifetime
{
    private const string Model = "qwen-test";
    private const string PhoneNumber = "13812345678";

    private readonly string _keyVariable = "STUDIO_LLM_TEST_KEY_" + Guid.NewGuid().ToString("N");
    private readonly ListLoggerFactory _logs = new();
    private FakeChatCompletionsServer _server = null!;

    public static readonly IReadOnlyList<IntentDescription> Intents =
    [
        new(SystemIntents.Affirm, "肯定/同意", "会员同意、接受或确认", ["好的", "可以", "行啊"]),
        new(SystemIntents.Deny, "否定/拒绝", "会员拒绝或不需要", ["不用了", "不需要", "算了吧"]),
        new(SystemIntents.Busy, "在忙", "会员现在不方便", ["在开车", "在开会呢"]),
        new(SystemIntents.AskPrice, "询问价格", null, ["多少钱"]),
        new("ask_store", "询问门店", "问最近的门店在哪里", ["你们店在哪", "附近有门店吗"]),
        new(SystemIntents.OutOfScope, "无关/未识别", null, []),
    ];

    public Task InitializeAsync()
    {
        _server = new FakeChatCompletionsServer(_ => FakeReply.Ok("""{"intent":"affirm","confidence":0.92}"""));
        Environment.SetEnvironmentVariable(_keyVariable, "sk-test-123");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_keyVariable, null);
        await _server.DisposeAsync();
    }

    private LlmOptions Options(Action<LlmOptions>? change = null)
    {
        var options = new LlmOptions
        {
            Enabled = true,
            Endpoint = _server.BaseUrl,
            Model = Model,
            ApiKeyEnvironmentVariable = _keyVariable,
        };
        change?.Invoke(options);
        return options;
    }

    private ILlmIntentClassifier Create(Action<LlmOptions>? change = null) =>
        LlmIntentClassifierFactory.Create(Options(change), _logs)!;

    private IReadOnlyList<LogEntry> Warnings => [.. _logs.Entries.Where(e => e.Level >= LogLevel.Warning)];

    [Fact]
    public async Task A_correct_answer_is_parsed_into_intent_and_confidence()
    {
        var classifier = Create();

        var result = await classifier.ClassifyAsync("嗯，可以的", Intents, CancellationToken.None);

        Assert.NotNull(result);
        Assert.Equal(SystemIntents.Affirm, result.Intent);
        Assert.Equal(0.92, result.Confidence, 3);
        Assert.Equal("llm", result.DecidedBy);
        Assert.Equal(DecidedBy.Llm, result.DecidedBy);
        Assert.Equal("嗯可以的", result.NormalizedText);
    }

    [Fact]
    public async Task The_request_carries_model_intents_utterance_and_bearer_from_the_environment()
    {
        var classifier = Create();

        await classifier.ClassifyAsync("你们店在哪里啊", Intents, CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test-123", request.Authorization);
        var json = request.Json;
        Assert.Equal(Model, json["model"]!.GetValue<string>());
        Assert.Equal(0, json["temperature"]!.GetValue<double>());
        Assert.Equal("json_object", json["response_format"]?["type"]?.GetValue<string>());
        var messages = json["messages"]!.AsArray();
        var system = messages.Single(m => m!["role"]!.GetValue<string>() == "system")!["content"]!.ToString();
        var user = messages.Single(m => m!["role"]!.GetValue<string>() == "user")!["content"]!.ToString();
        foreach (var intent in Intents)
        {
            Assert.Contains(intent.Name, system, StringComparison.Ordinal);
            if (intent.Label is not null)
            {
                Assert.Contains(intent.Label, system, StringComparison.Ordinal);
            }
        }
        Assert.Contains("问最近的门店在哪里", system, StringComparison.Ordinal);
        Assert.Contains("附近有门店吗", system, StringComparison.Ordinal);
        Assert.Contains("JSON", system, StringComparison.Ordinal);
        Assert.Contains("你们店在哪里啊", user, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Phone_numbers_are_masked_before_they_leave_the_process()
    {
        var classifier = Create();

        await classifier.ClassifyAsync($"我的号码是{PhoneNumber}你怎么知道的", Intents, CancellationToken.None);

        var body = Assert.Single(_server.Requests).Body;
        Assert.DoesNotContain(PhoneNumber, body, StringComparison.Ordinal);
        Assert.DoesNotContain("12345678", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_answer_yields_null_within_the_callers_budget()
    {
        var serverDelay = TimeSpan.FromSeconds(5);
        _server.Reply = _ => FakeReply.Ok("""{"intent":"affirm","confidence":0.9}""", serverDelay);
        var classifier = Create();

        var watch = Stopwatch.StartNew();
        var result = await classifier.ClassifyWithinAsync("好的", Intents, TimeSpan.FromMilliseconds(300));
        watch.Stop();

        Assert.Null(result);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"returned after {watch.Elapsed.TotalMilliseconds:0} ms, server delay {serverDelay.TotalMilliseconds} ms");
        Assert.Single(_server.Requests);
        Assert.Equal(0, _server.Served);
        Assert.Contains(_logs.Entries, e => e.Message.Contains("cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_callers_cancellation_token_is_honoured()
    {
        _server.Reply = _ => FakeReply.Ok("""{"intent":"affirm","confidence":0.9}""", TimeSpan.FromSeconds(5));
        var classifier = Create();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var watch = Stopwatch.StartNew();
        var result = await classifier.ClassifyAsync("好的", Intents, cancellation.Token);

        Assert.Null(result);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"returned after {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task The_voice_budget_comes_from_the_options()
    {
        _server.Reply = _ => FakeReply.Ok("""{"intent":"affirm","confidence":0.9}""", TimeSpan.FromSeconds(5));
        var options = Options(o => o.VoiceBudgetMs = 250);
        var classifier = LlmIntentClassifierFactory.Create(options, _logs)!;

        var watch = Stopwatch.StartNew();
        var result = await classifier.ClassifyWithinAsync("好的", Intents, options, Core.Scripts.Channel.Voice);

        Assert.Null(result);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"returned after {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Theory]
    [InlineData("好的，我觉得是肯定")]
    [InlineData("""{"intent": "affirm", "confidence": """)]
    [InlineData("""{"label": "affirm"}""")]
    [InlineData("")]
    public async Task Malformed_content_yields_null_and_a_log_entry(string content)
    {
        _server.Reply = _ => FakeReply.Ok(content);
        var classifier = Create();

        var result = await classifier.ClassifyAsync($"我是{PhoneNumber}的机主", Intents, CancellationToken.None);

        Assert.Null(result);
        var warning = Assert.Single(Warnings);
        Assert.Contains("not the JSON", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(PhoneNumber, StringComparison.Ordinal) || e.Message.Contains("12345678", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_intent_yields_null_and_a_log_entry()
    {
        _server.Reply = _ => FakeReply.Ok("""{"intent":"book_flight","confidence":0.97}""");
        var classifier = Create();

        var result = await classifier.ClassifyAsync("帮我订机票", Intents, CancellationToken.None);

        Assert.Null(result);
        var warning = Assert.Single(Warnings);
        Assert.Contains("not offered", warning.Message, StringComparison.Ordinal);
        Assert.Contains("book_flight", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task None_when_out_of_scope_is_not_offered_yields_null()
    {
        _server.Reply = _ => FakeReply.Ok("""{"intent":"none","confidence":0.3}""");
        var classifier = Create();
        IReadOnlyList<IntentDescription> intents = [.. Intents.Where(i => i.Name != SystemIntents.OutOfScope)];

        var result = await classifier.ClassifyAsync("今天天气怎么样", intents, CancellationToken.None);

        Assert.Null(result);
        var system = _server.Requests.Single().Json["messages"]![0]!["content"]!.ToString();
        Assert.Contains("intent 填 none", system, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_500_yields_null_without_retrying()
    {
        _server.Reply = _ => new FakeReply(HttpStatusCode.InternalServerError, "");
        var classifier = Create();

        var result = await classifier.ClassifyAsync("好的", Intents, CancellationToken.None);

        Assert.Null(result);
        Assert.Single(_server.Requests);
        var warning = Assert.Single(Warnings);
        Assert.Contains("500", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_yields_null()
    {
        var port = _server.Port;
        await _server.DisposeAsync();
        _server = new FakeChatCompletionsServer(_ => FakeReply.Ok("{}"));
        var classifier = LlmIntentClassifierFactory.Create(Options(o => o.Endpoint = $"http://127.0.0.1:{port}/v1"), _logs)!;

        var result = await classifier.ClassifyAsync("好的", Intents, CancellationToken.None);

        Assert.Null(result);
        Assert.NotEmpty(Warnings);
    }

    [Fact]
    public async Task A_repeated_utterance_is_answered_from_the_cache()
    {
        var classifier = Create();

        var first = await classifier.ClassifyAsync("可以的", Intents, CancellationToken.None);
        var second = await classifier.ClassifyAsync("可以的", Intents, CancellationToken.None);
        // Normalisation folds punctuation, spaces and full width into the same key.
        var third = await classifier.ClassifyAsync(" 可以的！", Intents, CancellationToken.None);

        Assert.Single(_server.Requests);
        Assert.Equal(first, second);
        Assert.Equal(first, third);
    }

    [Fact]
    public async Task A_different_intent_set_misses_the_cache()
    {
        var classifier = Create();
        IReadOnlyList<IntentDescription> other = [.. Intents.Where(i => i.Name != "ask_store")];

        await classifier.ClassifyAsync("可以的", Intents, CancellationToken.None);
        await classifier.ClassifyAsync("可以的", other, CancellationToken.None);
        await classifier.ClassifyAsync("可以的", other, CancellationToken.None);

        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Failures_are_not_cached()
    {
        _server.Reply = _ => new FakeReply(HttpStatusCode.InternalServerError, "");
        var classifier = Create();

        Assert.Null(await classifier.ClassifyAsync("好的", Intents, CancellationToken.None));
        _server.Reply = _ => FakeReply.Ok("""{"intent":"affirm","confidence":0.8}""");
        var retried = await classifier.ClassifyAsync("好的", Intents, CancellationToken.None);

        Assert.Equal(SystemIntents.Affirm, retried?.Intent);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_fenced_answer_with_prose_and_a_label_is_understood()
    {
        _server.Reply = _ => FakeReply.Ok("好的，结果如下：\n```json\n{\"intent\": \"在忙\", \"confidence\": \"85%\"}\n```\n希望有帮助");
        var classifier = Create();

        var result = await classifier.ClassifyAsync("我在开车呢", Intents, CancellationToken.None);

        Assert.Equal(SystemIntents.Busy, result?.Intent);
        Assert.Equal(0.85, result!.Confidence, 3);
    }

    [Fact]
    public async Task The_json_response_format_can_be_turned_off()
    {
        var classifier = Create(o => o.UseJsonResponseFormat = false);

        await classifier.ClassifyAsync("好的", Intents, CancellationToken.None);

        Assert.Null(_server.Requests.Single().Json["response_format"]);
    }

    [Fact]
    public async Task Without_an_api_key_the_call_still_goes_out()
    {
        Environment.SetEnvironmentVariable(_keyVariable, null);
        var classifier = Create();

        var result = await classifier.ClassifyAsync("好的", Intents, CancellationToken.None);

        Assert.Equal(SystemIntents.Affirm, result?.Intent);
        Assert.DoesNotContain("sk-test", _server.Requests.Single().Authorization ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_text_does_not_call_the_model()
    {
        var classifier = Create();

        Assert.Null(await classifier.ClassifyAsync(" ，。", Intents, CancellationToken.None));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void The_system_prompt_shows_names_labels_descriptions_and_examples()
    {
        var prompt = IntentPrompt.Build("x", Intents, examplesPerIntent: 2);

        Assert.Contains("- ask_store | 询问门店 | 问最近的门店在哪里 | 「你们店在哪」；「附近有门店吗」", prompt.SystemPrompt, StringComparison.Ordinal);
        Assert.Contains("- ask_price | 询问价格 | - | 「多少钱」", prompt.SystemPrompt, StringComparison.Ordinal);
        Assert.DoesNotContain("行啊", prompt.SystemPrompt, StringComparison.Ordinal); // third example left out
        Assert.Contains(SystemIntents.OutOfScope, prompt.SystemPrompt, StringComparison.Ordinal);
    }
}
