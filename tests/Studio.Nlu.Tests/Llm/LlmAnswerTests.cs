using Studio.Nlu.Llm;

namespace Studio.Nlu.Tests.Llm;

public sealed class LlmAnswerTests
{
    [Theory]
    [InlineData("""{"intent":"affirm","confidence":0.9}""", "affirm", 0.9)]
    [InlineData("""  {"intent": "deny", "confidence": 1}  """, "deny", 1.0)]
    [InlineData("```json\n{\"intent\": \"busy\", \"confidence\": 0.7}\n```", "busy", 0.7)]
    [InlineData("结果：{\"intent\": \"busy\", \"confidence\": \"0.6\"} 以上", "busy", 0.6)]
    [InlineData("""{"Intent":"busy","Confidence":"80%"}""", "busy", 0.8)]
    [InlineData("""{"intent":"busy","confidence":85}""", "busy", 0.85)]
    [InlineData("""{"intent":"busy","confidence":0.5,}""", "busy", 0.5)]
    [InlineData("""{"intent":"a{b}c","confidence":0.4}""", "a{b}c", 0.4)]
    [InlineData("""例如 {"x": 1}，答案 {"intent":"deny","confidence":0.3}""", "deny", 0.3)]
    public void Reads_the_verdict_out_of_what_models_really_say(string content, string intent, double confidence)
    {
        Assert.True(LlmAnswer.TryParse(content, out var answer));
        Assert.Equal(intent, answer.Intent);
        Assert.Equal(confidence, answer.Confidence!.Value, 3);
    }

    [Theory]
    [InlineData("""{"intent":"affirm"}""")]
    [InlineData("""{"intent":"affirm","confidence":"high"}""")]
    [InlineData("""{"intent":"affirm","confidence":-1}""")]
    public void A_missing_or_unreadable_confidence_is_left_to_the_caller(string content)
    {
        Assert.True(LlmAnswer.TryParse(content, out var answer));
        Assert.Null(answer.Confidence);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("affirm")]
    [InlineData("""{"intent": 3}""")]
    [InlineData("""{"intent": ""}""")]
    [InlineData("""{"intent": "affirm" """)]
    [InlineData("""["affirm"]""")]
    public void Rejects_answers_without_an_intent(string? content)
    {
        Assert.False(LlmAnswer.TryParse(content, out _));
    }
}
