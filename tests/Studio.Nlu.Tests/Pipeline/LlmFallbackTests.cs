using System.Diagnostics;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Nlu.Llm;
using Studio.Nlu.Pipeline;

namespace Studio.Nlu.Tests.Pipeline;

/// <summary>The pipeline's side of the LLM contract: when to ask, the hard time budget, and every way an answer can fail.</summary>
public class LlmFallbackTests
{
    private const string Unsure = "这个月手头有点紧"; // no rule decides it
    private const string Sure = "我在开车";

    private static readonly NluOptions Fast = new() { VoiceLlmBudget = TimeSpan.FromMilliseconds(200), WecomLlmBudget = TimeSpan.FromMilliseconds(400), LlmBelow = 1.01 };

    private sealed class FakeLlm(Func<string, IReadOnlyList<IntentDescription>, CancellationToken, Task<IntentResult?>> answer) : ILlmIntentClassifier
    {
        public int Calls { get; private set; }
        public IReadOnlyList<IntentDescription>? LastIntents { get; private set; }
        public string? LastText { get; private set; }

        public Task<IntentResult?> ClassifyAsync(string text, IReadOnlyList<IntentDescription> intents, CancellationToken cancellationToken)
        {
            Calls++;
            LastText = text;
            LastIntents = intents;
            return answer(text, intents, cancellationToken);
        }
    }

    private static Task<IntentResult> Run(FakeLlm llm, string text, Channel channel = Channel.Voice, NluOptions? options = null, IReadOnlyList<string>? expected = null, CancellationToken token = default) =>
        new NluPipeline(options ?? Fast, llm).RecognizeAsync(TestNlu.System, text, expected ?? [], channel, token);

    [Fact]
    public async Task An_unsure_fast_result_asks_the_llm_and_takes_its_answer()
    {
        var llm = new FakeLlm((_, _, _) => Task.FromResult<IntentResult?>(new IntentResult(SystemIntents.Deny, 0.8, "whatever") { Explanation = "money is tight" }));
        var result = await Run(llm, Unsure);
        Assert.Equal(1, llm.Calls);
        Assert.Equal((SystemIntents.Deny, DecidedBy.Llm), (result.Intent, result.DecidedBy));
        Assert.Equal("这个月手头有点紧", result.NormalizedText);
        Assert.Contains("money is tight", result.Explanation, StringComparison.Ordinal);
        Assert.Contains("fast result was", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sure_fast_result_does_not_call_the_llm()
    {
        var llm = new FakeLlm((_, _, _) => Task.FromResult<IntentResult?>(new IntentResult(SystemIntents.Deny, 0.8, "llm")));
        var result = await Run(llm, Sure, options: Fast with { LlmBelow = 0.6 });
        Assert.Equal(0, llm.Calls);
        Assert.Equal((SystemIntents.Busy, DecidedBy.Rule), (result.Intent, result.DecidedBy));
    }

    [Fact]
    public async Task A_classifier_that_blocks_and_ignores_cancellation_cannot_stall_the_turn()
    {
        var release = new ManualResetEventSlim();
        var llm = new FakeLlm((_, _, _) =>
        {
            release.Wait(TimeSpan.FromSeconds(10), CancellationToken.None); // blocks the calling thread, never looks at the token
            return Task.FromResult<IntentResult?>(new IntentResult(SystemIntents.Deny, 0.9, "llm"));
        });
        var clock = Stopwatch.StartNew();
        var result = await Run(llm, Unsure);
        var elapsed = clock.Elapsed;
        release.Set();
        Assert.NotEqual(DecidedBy.Llm, result.DecidedBy);
        Assert.Contains("no answer within 200 ms", result.Explanation, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"took {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_slow_async_classifier_is_cancelled_at_the_budget()
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var llm = new FakeLlm(async (_, _, token) =>
        {
            token.Register(() => cancelled.TrySetResult(true));
            await Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None);
            return new IntentResult(SystemIntents.Deny, 0.9, "llm");
        });
        var result = await Run(llm, Unsure);
        Assert.NotEqual(DecidedBy.Llm, result.DecidedBy);
        Assert.True(await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Wecom_has_a_longer_budget_than_voice()
    {
        var llm = new FakeLlm(async (_, _, token) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300), token);
            return new IntentResult(SystemIntents.Deny, 0.9, "llm");
        });
        Assert.NotEqual(DecidedBy.Llm, (await Run(llm, Unsure, Channel.Voice)).DecidedBy);
        Assert.Equal(DecidedBy.Llm, (await Run(llm, Unsure, Channel.Wecom)).DecidedBy);
        Assert.Equal(TimeSpan.FromMilliseconds(800), NluOptions.Default.VoiceLlmBudget);
        Assert.Equal(TimeSpan.FromSeconds(3), NluOptions.Default.WecomLlmBudget);
    }

    [Fact]
    public async Task A_failing_classifier_keeps_the_fast_result()
    {
        var llm = new FakeLlm((_, _, _) => throw new HttpRequestException("boom"));
        var fast = TestNlu.Pipeline.Recognize(TestNlu.System, Unsure);
        var result = await Run(llm, Unsure);
        Assert.Equal(fast.Intent, result.Intent);
        Assert.Contains("llm failed: HttpRequestException", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_or_unknown_answer_keeps_the_fast_result()
    {
        var none = await Run(new FakeLlm((_, _, _) => Task.FromResult<IntentResult?>(null)), Unsure);
        Assert.NotEqual(DecidedBy.Llm, none.DecidedBy);
        var unknown = await Run(new FakeLlm((_, _, _) => Task.FromResult<IntentResult?>(new IntentResult("buy_a_car", 0.9, "llm"))), Unsure);
        Assert.NotEqual(DecidedBy.Llm, unknown.DecidedBy);
        Assert.Contains("no usable answer", unknown.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_llm_sees_only_the_expected_intents_and_never_a_phone_number()
    {
        var llm = new FakeLlm((_, _, _) => Task.FromResult<IntentResult?>(null));
        await Run(llm, "手头紧，我的号码13812345678", expected: [SystemIntents.Affirm, SystemIntents.Deny]);
        Assert.Equal([SystemIntents.Affirm, SystemIntents.Deny, SystemIntents.OutOfScope], llm.LastIntents!.Select(i => i.Name).Order());
        Assert.Contains("138****5678", llm.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("12345678", llm.LastText, StringComparison.Ordinal);
        Assert.All(llm.LastIntents!, i => Assert.NotEmpty(i.Examples));
    }

    [Fact]
    public async Task The_callers_cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        var llm = new FakeLlm(async (_, _, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), token);
            return null;
        });
        var task = Run(llm, Unsure, Channel.Wecom, Fast with { WecomLlmBudget = TimeSpan.FromSeconds(30) }, token: cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
    }

    [Fact]
    public async Task Without_an_llm_the_async_path_is_the_sync_result()
    {
        var pipeline = new NluPipeline(Fast);
        var sync = pipeline.Recognize(TestNlu.System, Unsure);
        var async = await pipeline.RecognizeAsync(TestNlu.System, Unsure, [], Channel.Voice);
        Assert.Equal((sync.Intent, sync.Confidence, sync.DecidedBy, sync.Explanation), (async.Intent, async.Confidence, async.DecidedBy, async.Explanation));
    }
}
