using Studio.Core.Expressions;

namespace Studio.Core.Tests.Expressions;

/// <summary>The Jint-free path must agree with JavaScript (Jint) on every expression it accepts.</summary>
public class FastExpressionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8));

    private static readonly Dictionary<string, object?>[] Scopes =
    [
        new()
        {
            ["member"] = new Dictionary<string, object?> { ["tier"] = "VIP", ["orders"] = 7.0, ["city"] = null, ["name"] = "张丽" },
            ["vars"] = new Dictionary<string, object?> { ["score"] = 42.0, ["pref"] = "online", ["ok"] = true },
            ["intents"] = new List<string> { "affirm", "ask_price" },
            ["outcome"] = "hangup",
            ["turn"] = 3.0,
            ["score"] = 42.0,
            ["label"] = "",
        },
        new()
        {
            ["member"] = new Dictionary<string, object?> { ["tier"] = null, ["orders"] = "12", ["city"] = "杭州", ["name"] = "" },
            ["vars"] = new Dictionary<string, object?> { ["score"] = 0.0, ["pref"] = null, ["ok"] = false },
            ["intents"] = new List<string>(),
            ["outcome"] = "wecom_add_consent",
            ["turn"] = 0.0,
            ["score"] = double.NaN,
            ["label"] = "新客",
        },
    ];

    public static TheoryData<string> Expressions() =>
    [
        "member.tier === 'VIP'",
        "member.tier !== 'VIP' && member.orders > 5",
        "member.orders >= '10'",
        "member.orders == 12",
        "member.city == null",
        "member.city === null",
        "member.missing === undefined",
        "['opt_out', 'wrong_person', 'complaint', 'error'].includes(outcome)",
        "outcome === 'hangup' && intents.some(i => ['ask_detail', 'ask_price'].includes(i))",
        "intents.every(i => i.startsWith('a'))",
        "intents.length === 0 || intents.includes('deny')",
        "vars.pref ?? 'store'",
        "vars.ok ? 'yes' : 'no'",
        "!vars.ok",
        "score * 2 + 1",
        "score % 5",
        "-score",
        "'分数' + score",
        "label || '默认'",
        "label && label.length",
        "turn + 1 > 2",
        "member.name.endsWith('丽')",
        "member['tier'] === 'VIP'",
        "[member.tier, vars.pref].includes('online')",
        "outcome.includes('consent')",
        "(score > 10) === true",
        "1 / 0",
        "'b' < 'a'",
        "null + 1",
        "true + 1",
    ];

    [Theory]
    [MemberData(nameof(Expressions))]
    public void The_fast_path_agrees_with_jint(string source)
    {
        var expression = ExpressionEvaluator.Compile(source);
        Assert.True(expression.IsFast, $"`{source}` should be in the fast subset");
        foreach (var scope in Scopes)
        {
            var fast = ExpressionEvaluator.Evaluate(expression, scope, Now);
            var jint = ExpressionEvaluator.EvaluateInJint(expression, scope, Now);
            Assert.Equal(jint.Error is null, fast.Error is null);
            Assert.Equal(Normalise(jint.Value), Normalise(fast.Value));
            Assert.Equal(jint.IsTrue, fast.IsTrue);
        }
    }

    [Theory]
    [InlineData("new Date().getHours() > 9")]
    [InlineData("JSON.parse('{}')")]
    [InlineData("(function(){ return 1; })()")]
    [InlineData("typeof member")]
    [InlineData("intents.map(i => i.length)")]
    public void Everything_else_runs_in_jint(string source)
    {
        var expression = ExpressionEvaluator.Compile(source);
        Assert.Null(expression.SyntaxError);
        Assert.False(expression.IsFast);
        Assert.True(ExpressionEvaluator.Evaluate(expression, Scopes[0], Now).Succeeded);
    }

    [Fact]
    public void A_value_the_fast_path_does_not_model_falls_back_to_jint()
    {
        // member.city is null in the first scope: reading a property of null is JavaScript's TypeError.
        var expression = ExpressionEvaluator.Compile("member.city.length > 1");
        Assert.True(expression.IsFast);
        var result = ExpressionEvaluator.Evaluate(expression, Scopes[0], Now);
        Assert.False(result.Succeeded);
        Assert.Equal(ExpressionEvaluator.EvaluateInJint(expression, Scopes[0], Now).Error, result.Error);
    }

    [Fact]
    public void An_unknown_identifier_is_the_same_error_as_in_javascript()
    {
        var expression = ExpressionEvaluator.Compile("nothing > 1");
        var result = ExpressionEvaluator.Evaluate(expression, Scopes[0], Now);
        Assert.Equal("nothing is not defined", result.Error);
        Assert.Equal(ExpressionEvaluator.EvaluateInJint(expression, Scopes[0], Now).Error, result.Error);
    }

    private static object? Normalise(object? value) => value switch
    {
        IEnumerable<string> list => string.Join(",", list),
        double d when d == Math.Floor(d) && !double.IsInfinity(d) => d,
        _ => value,
    };
}
