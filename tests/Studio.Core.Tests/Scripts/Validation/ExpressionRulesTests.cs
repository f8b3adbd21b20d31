using Studio.Core.Scripts;
using static Studio.Core.Tests.Scripts.Validation.Lint;

namespace Studio.Core.Tests.Scripts.Validation;

public class ExpressionRulesTests
{
    [Fact]
    public void A_condition_branch_that_does_not_compile_is_an_error()
    {
        var json = Clean
            .With("\"next\": \"end_ok\"", "\"next\": \"vip\"")
            .AddNodes("""{"id": "vip", "kind": "condition", "branches": [{"port": "gold", "when": "member.tier === '金卡' &&"}], "routes": {"gold": "end_ok", "else": "end_ok"}}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.InvalidExpression,
            "branch 'gold' is not a valid expression: the expression is incomplete (it ends where more was expected)", "$.nodes[8].branches[0].when", "vip", 23));
    }

    [Fact]
    public void A_set_assignment_that_does_not_compile_is_an_error()
    {
        var json = Clean
            .AddTopLevel("\"variables\": [{\"name\": \"visits\", \"type\": \"number\"}]")
            .With("\"next\": \"end_ok\"", "\"next\": \"count\"")
            .AddNodes("""{"id": "count", "kind": "set", "assign": {"visits": "visits + + ;"}, "routes": {"next": "end_ok"}}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.InvalidExpression,
            "the value of 'visits' is not a valid expression: Unexpected token ';' at column 12", "$.nodes[8].assign.visits", "count", 24));
    }

    [Fact]
    public void A_grade_rule_that_does_not_compile_is_an_error()
    {
        var json = Clean.AddTopLevel("\"gradeRules\": [{\"grade\": \"A\", \"when\": \"outcome === 'wecom_add_consent'\"}, {\"grade\": \"B\", \"when\": \"intents.includes('ask_detail'\"}]");

        AssertOnly(Validate(json), Error(DiagnosticCodes.InvalidExpression,
            "the grade rule for 'B' is not a valid expression: the expression is incomplete (it ends where more was expected)", "$.gradeRules[1].when", null, 7));
    }

    [Fact]
    public void An_empty_expression_is_an_error()
    {
        var json = Clean
            .With("\"next\": \"end_ok\"", "\"next\": \"vip\"")
            .AddNodes("""{"id": "vip", "kind": "condition", "branches": [{"port": "gold", "when": " "}], "routes": {"gold": "end_ok", "else": "end_ok"}}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.InvalidExpression,
            "branch 'gold' is not a valid expression: the expression is empty", "$.nodes[8].branches[0].when", "vip", 23));
    }
}
