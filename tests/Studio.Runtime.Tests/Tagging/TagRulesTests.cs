using Studio.Core.Scripts;
using Studio.Data.TurnLog;
using Studio.Runtime.Tagging;

namespace Studio.Runtime.Tests.Tagging;

public sealed class TagRulesTests
{
    private static TurnRecord Turn(int n, string? intent, string? text = "…", Dictionary<string, string>? entities = null, string? outcome = null, string? grade = null) => new()
    {
        Id = n + 1,
        Turn = n,
        Conversation = "voice:call-1",
        Channel = Channel.Voice,
        MemberId = "m-1",
        ScriptId = "dormant-reactivation",
        Version = "v1",
        Intent = intent,
        MemberText = text,
        Entities = entities ?? [],
        Outcome = outcome,
        Grade = grade,
    };

    private static readonly TagRules Rules = new(
    [
        new TagRule { Intents = ["ask_detail", "ask_price"], Tag = "interested:{entity.category}" },
        new TagRule { Intents = ["ask_detail", "ask_price"], MinCount = 2, Tag = "high_intent" },
        new TagRule { Outcomes = ["refused", "opted_out"], Tag = "churned" },
        new TagRule { Intents = ["affirm"], Grades = ["C", "D"], Tag = "still_fond_not_buying" },
        new TagRule { Grades = ["A", "B"], ScriptId = "dormant-reactivation", Tag = "reactivated" },
        new TagRule { Grades = ["A"], ScriptId = "other-script", Tag = "never" },
    ]);

    [Fact]
    public void Interest_in_a_category_becomes_a_tag_naming_the_category()
    {
        var turns = new[]
        {
            Turn(0, null, text: null),
            Turn(1, "ask_detail", entities: new() { ["category"] = "连衣裙" }),
            Turn(2, "ask_price"),
            Turn(3, null, text: null, outcome: "wecom_added", grade: "A"),
        };
        Assert.Equal(["interested:连衣裙", "high_intent", "reactivated"], Rules.Evaluate(turns));
    }

    [Fact]
    public void A_placeholder_without_a_value_gives_no_tag_rather_than_a_broken_one()
    {
        var tags = Rules.Evaluate([Turn(1, "ask_detail")], outcome: "callback", grade: "C");
        Assert.Empty(tags);
    }

    [Fact]
    public void Outcome_and_grade_come_from_the_ending_turn_or_the_caller()
    {
        Assert.Equal(["churned"], Rules.Evaluate([Turn(1, "deny"), Turn(2, "opt_out", outcome: "opted_out", grade: "F")]));
        Assert.Equal(["still_fond_not_buying"], Rules.Evaluate([Turn(1, "affirm"), Turn(2, "busy")], outcome: "callback", grade: "C"));
        // The caller's outcome wins over the turns'.
        Assert.Empty(Rules.Evaluate([Turn(2, "deny", outcome: "refused", grade: "E")], outcome: "callback", grade: "E"));
    }

    [Fact]
    public void A_minimum_count_needs_that_many_turns_and_tags_are_distinct()
    {
        var rules = new TagRules([new TagRule { Intents = ["ask_price"], MinCount = 2, Tag = "price_sensitive" }, new TagRule { Intents = ["ask_price"], Tag = "price_sensitive" }]);
        Assert.Equal(["price_sensitive"], rules.Evaluate([Turn(1, "ask_price"), Turn(2, "ask_price")]));
        Assert.Equal(["price_sensitive"], rules.Evaluate([Turn(1, "ask_price")]));
    }

    [Fact]
    public void No_rules_no_tags()
    {
        Assert.Empty(new TagRules([]).Evaluate([Turn(1, "affirm")], "ok", "A"));
    }

    [Theory]
    [InlineData("", "A", "Tag is missing")]
    [InlineData("vip", null, "has no condition")]
    [InlineData("vip", "G", "'G' is not a grade")]
    public void Bad_rules_are_refused_with_their_index(string tag, string? grade, string message)
    {
        var rule = new TagRule { Tag = tag, Grades = grade is null ? null : [grade] };
        var ex = Assert.Throws<ArgumentException>(() => new TagRules([new TagRule { Tag = "ok", Grades = ["A"] }, rule]));
        Assert.Contains("Studio:Tagging:Rules:1", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
