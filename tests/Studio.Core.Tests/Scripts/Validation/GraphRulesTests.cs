using Studio.Core.Scripts;
using static Studio.Core.Tests.Scripts.Validation.Lint;

namespace Studio.Core.Tests.Scripts.Validation;

public class GraphRulesTests
{
    [Fact]
    public void A_node_nothing_leads_to_is_unreachable()
    {
        var json = Clean.AddNodes("""{"id": "orphan", "kind": "say", "message": {"text": "顺便说一下。"}, "routes": {"next": "end_ok"}}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.UnreachableNode,
            "node 'orphan' cannot be reached from the start node 'greet': route to it from another node, or delete it", "$.nodes[8]", "orphan", 23));
    }

    [Fact]
    public void Global_intent_targets_and_goto_return_routes_count_as_reachable()
    {
        // end_optout is reached only through the opt_out global intent; end_ok only through a goto's return route.
        var json = Clean
            .With("\"next\": \"end_ok\"", "\"next\": \"jump\"")
            .AddNodes(
                """{"id": "jump", "kind": "goto", "target": "thanks", "routes": {"return": "end_ok"}}""",
                """{"id": "thanks", "kind": "say", "message": {"text": "感谢支持。"}, "routes": {"next": "back"}}""",
                """{"id": "back", "kind": "return"}""");

        Assert.Empty(Validate(json));
    }

    [Fact]
    public void A_loop_without_an_ask_is_an_error_naming_its_nodes_in_order()
    {
        var json = Clean
            .With("\"next\": \"end_ok\"", "\"next\": \"tell\"")
            .AddNodes(
                """{"id": "tell", "kind": "say", "message": {"text": "稍等。"}, "routes": {"next": "check"}}""",
                """{"id": "check", "kind": "condition", "branches": [{"port": "again", "when": "true"}], "routes": {"again": "tag", "else": "end_ok"}}""",
                """{"id": "tag", "kind": "action", "action": "tag", "tags": ["loop"], "routes": {"next": "tell"}}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.LoopWithoutWait,
            "loop without a question: tell → check → tag → tell can repeat forever without waiting for the member: add an ask node to the loop or route out of it",
            "$.nodes[8]", "tell", 23));
    }

    [Fact]
    public void A_self_loop_is_an_error()
    {
        var json = Clean
            .With("\"next\": \"end_ok\"", "\"next\": \"wait\"")
            .AddNodes("""{"id": "wait", "kind": "set", "assign": {}, "routes": {"next": "wait", "error": "end_ok"}}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.LoopWithoutWait,
            "loop without a question: wait → wait can repeat forever without waiting for the member: add an ask node to the loop or route out of it",
            "$.nodes[8]", "wait", 23));
    }

    [Fact]
    public void A_loop_through_an_ask_waits_and_is_fine()
    {
        // ask_add → (deny) → sorry → ask_add: the member answers in between.
        var json = Clean
            .With("\"deny\": \"end_refused\"", "\"deny\": \"sorry\"")
            .AddNodes("""{"id": "sorry", "kind": "say", "message": {"text": "那我再说明一下。"}, "routes": {"next": "ask_add"}}""");

        Assert.Empty(Validate(json));
    }

    [Fact]
    public void Two_separate_loops_are_reported_once_each()
    {
        var json = Clean
            .With("\"next\": \"end_ok\"", "\"next\": \"a\"")
            .With("\"deny\": \"end_refused\"", "\"deny\": \"c\"")
            .AddNodes(
                """{"id": "a", "kind": "say", "message": {"text": "甲"}, "routes": {"next": "b"}}""",
                """{"id": "b", "kind": "condition", "branches": [{"port": "again", "when": "true"}], "routes": {"again": "a", "else": "end_ok"}}""",
                """{"id": "c", "kind": "say", "message": {"text": "丙"}, "routes": {"next": "c"}}""");

        var diagnostics = Validate(json);

        Assert.Equal(
            ["loop without a question: a → b → a", "loop without a question: c → c"],
            diagnostics.Select(d => d.Message[..d.Message.IndexOf(" can repeat", StringComparison.Ordinal)]));
        Assert.Equal(["a", "c"], diagnostics.Select(d => d.NodeId));
    }

    [Fact]
    public void A_loop_through_a_sub_flow_without_an_ask_is_an_error()
    {
        // jump calls thanks → back, which returns to jump again.
        var json = Clean
            .With("\"next\": \"end_ok\"", "\"next\": \"jump\"")
            .AddNodes(
                """{"id": "jump", "kind": "goto", "target": "thanks", "routes": {"return": "jump"}}""",
                """{"id": "thanks", "kind": "say", "message": {"text": "感谢支持。"}, "routes": {"next": "back"}}""",
                """{"id": "back", "kind": "return"}""");

        var diagnostics = Validate(json);

        AssertHas(diagnostics, Error(DiagnosticCodes.LoopWithoutWait,
            "loop without a question: jump → thanks → back → jump can repeat forever without waiting for the member: add an ask node to the loop or route out of it",
            "$.nodes[8]", "jump", 23));
    }
}
