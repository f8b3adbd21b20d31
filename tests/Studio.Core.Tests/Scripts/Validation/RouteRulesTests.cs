using Studio.Core.Scripts;
using static Studio.Core.Tests.Scripts.Validation.Lint;

namespace Studio.Core.Tests.Scripts.Validation;

public class RouteRulesTests
{
    [Fact]
    public void A_route_to_a_missing_node_is_an_error()
    {
        var json = Clean.With("\"affirm\": \"add\"", "\"affirm\": \"add_wecom\"");

        var diagnostics = Validate(json);

        AssertHas(diagnostics, Error(DiagnosticCodes.DanglingRoute, "route 'affirm' points to missing node 'add_wecom'", "$.nodes[2].routes.affirm", "ask_add", 17));
        // The nodes cut off by the broken route (add, and end_ok after it) are reported too.
        Assert.Equal(
            [DiagnosticCodes.DanglingRoute, DiagnosticCodes.UnreachableNode, DiagnosticCodes.UnreachableNode],
            diagnostics.Select(d => d.Code));
        Assert.Equal(["ask_add", "add", "end_ok"], diagnostics.Select(d => d.NodeId));
    }

    [Fact]
    public void A_route_without_target_is_an_error()
    {
        var json = Clean.With("\"deny\": \"end_refused\"", "\"deny\": \"\"");

        AssertOnly(Validate(json), Error(DiagnosticCodes.DanglingRoute, "route 'deny' has no target node: name the node it goes to", "$.nodes[2].routes.deny", "ask_add", 17));
    }

    [Fact]
    public void A_goto_to_a_missing_node_is_an_error()
    {
        var json = Clean
            .With("\"deny\": \"end_wrong\"", "\"deny\": \"jump\"")
            .AddNodes("""{"id": "jump", "kind": "goto", "target": "end_okay"}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.DanglingRoute, "goto target 'end_okay' is not a node of the script", "$.nodes[8].target", "jump", 23));
    }

    [Fact]
    public void A_global_intent_continuing_at_a_missing_node_is_an_error()
    {
        var json = Clean.With("\"then\": \"end_optout\"", "\"then\": \"end_opt_out\"");

        var diagnostics = Validate(json);

        AssertHas(diagnostics, Error(DiagnosticCodes.DanglingRoute,
            "global intent 'opt_out' continues at missing node 'end_opt_out': use a node id or 'return'", "$.globalIntents[1].then", null, 12));
    }

    [Fact]
    public void A_missing_start_node_is_an_error()
    {
        var json = Clean.With("\"name\": \"校验测试\",", "\"name\": \"校验测试\", \"start\": \"hello\",");

        AssertOnly(Validate(json), Error(DiagnosticCodes.DanglingRoute, "start node 'hello' does not exist: name an existing node", "$.start", null, 4));
    }

    [Fact]
    public void An_ask_without_noMatch_route_is_an_error()
    {
        var json = Clean.With("\"noMatch\": \"end_refused\", ", "");

        AssertOnly(Validate(json), Error(DiagnosticCodes.MissingRoute,
            "the ask node has no 'noMatch' route: add where to go when the answer is still not understood after the re-prompts", "$.nodes[2].routes", "ask_add", 17));
    }

    [Fact]
    public void An_ask_without_noInput_route_is_an_error()
    {
        var json = Clean.With(", \"noInput\": \"end_refused\"", "");

        AssertOnly(Validate(json), Error(DiagnosticCodes.MissingRoute,
            "the ask node has no 'noInput' route: add where to go when the member stays silent after the re-prompts", "$.nodes[2].routes", "ask_add", 17));
    }

    [Theory]
    [InlineData("""{"id": "tell", "kind": "say", "message": {"text": "稍等。"}, "routes": {}}""", "say")]
    [InlineData("""{"id": "tell", "kind": "action", "action": "tag", "tags": ["interested"], "routes": {}}""", "action")]
    [InlineData("""{"id": "tell", "kind": "set", "assign": {}, "routes": {}}""", "set")]
    [InlineData("""{"id": "tell", "kind": "offer", "incentive": "c30", "message": {"text": "送您{{offer.description}}。"}, "routes": {}}""", "offer")]
    public void A_node_that_continues_needs_a_next_route(string node, string kind)
    {
        var json = Clean.With("\"deny\": \"end_wrong\"", "\"deny\": \"tell\"").AddNodes(node);

        AssertOnly(Validate(json), Error(DiagnosticCodes.MissingRoute,
            $"the {kind} node has no 'next' route: add where the conversation goes after it", "$.nodes[8].routes", "tell", 23));
    }

    [Fact]
    public void A_condition_branch_without_route_is_an_error()
    {
        var json = Clean
            .With("\"next\": \"end_ok\"", "\"next\": \"vip\"")
            .AddNodes("""{"id": "vip", "kind": "condition", "branches": [{"port": "gold", "when": "member.tier === '金卡'"}], "routes": {"else": "end_ok"}}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.MissingRoute,
            "branch 'gold' has no route: add routes.gold with the node to go to", "$.nodes[8].branches[0].port", "vip", 23));
    }

    [Fact]
    public void A_condition_without_else_route_is_an_error()
    {
        var json = Clean
            .With("\"next\": \"end_ok\"", "\"next\": \"vip\"")
            .AddNodes("""{"id": "vip", "kind": "condition", "branches": [{"port": "gold", "when": "member.tier === '金卡'"}], "routes": {"gold": "end_ok"}}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.MissingRoute,
            "the condition node has no 'else' route: add where to go when no branch is true", "$.nodes[8].routes", "vip", 23));
    }

    [Fact]
    public void An_ask_route_on_an_unknown_intent_is_an_error()
    {
        var json = Clean.With("\"deny\": \"end_refused\"", "\"intrested\": \"end_refused\"");

        AssertOnly(Validate(json), Error(DiagnosticCodes.UnknownIntent,
            "route 'intrested' is neither a system intent nor a script intent: fix the name or add the intent to 'intents'", "$.nodes[2].routes.intrested", "ask_add", 17));
    }

    [Fact]
    public void An_ask_route_on_a_script_intent_is_fine()
    {
        var json = Clean
            .AddTopLevel("\"intents\": [{\"name\": \"ask_store\", \"examples\": [\"门店在哪\"]}]")
            .With("\"deny\": \"end_refused\"", "\"ask_store\": \"end_refused\"");

        Assert.Empty(Validate(json));
    }

    [Fact]
    public void Dtmf_mapped_to_an_unknown_intent_is_an_error()
    {
        var json = Clean.With("\"kind\": \"ask\", \"message\": {\"text\": \"我加您", "\"kind\": \"ask\", \"dtmf\": {\"1\": \"affirm\", \"2\": \"no\"}, \"message\": {\"text\": \"我加您");

        AssertOnly(Validate(json), Error(DiagnosticCodes.UnknownIntent,
            "key '2' maps to unknown intent 'no': use a system intent (e.g. affirm) or a script intent", "$.nodes[2].dtmf.2", "ask_add", 17));
    }

    [Fact]
    public void A_return_node_without_any_calling_goto_is_an_error()
    {
        var json = Clean
            .With("\"deny\": \"end_wrong\"", "\"deny\": \"jump\"")
            .AddNodes(
                """{"id": "jump", "kind": "goto", "target": "thanks"}""",
                """{"id": "thanks", "kind": "say", "message": {"text": "感谢您一直以来的支持。"}, "routes": {"next": "back"}}""",
                """{"id": "back", "kind": "return"}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.ReturnWithoutCaller,
            "no goto has a 'return' route, so nothing can come back from this return node (the conversation would end with an error): add a 'return' route to the goto that calls this sub-flow, or use an end node",
            "$.nodes[10]", "back", 25));
    }

    [Fact]
    public void A_sub_flow_called_by_a_goto_with_a_return_route_is_fine()
    {
        var json = Clean
            .With("\"next\": \"end_ok\"", "\"next\": \"jump\"")
            .AddNodes(
                """{"id": "jump", "kind": "goto", "target": "thanks", "routes": {"return": "end_ok"}}""",
                """{"id": "thanks", "kind": "say", "message": {"text": "感谢您一直以来的支持。"}, "routes": {"next": "back"}}""",
                """{"id": "back", "kind": "return"}""");

        Assert.Empty(Validate(json));
    }

    [Fact]
    public void A_route_on_a_port_the_node_never_uses_is_a_warning()
    {
        var json = Clean.With("\"routes\": {\"next\": \"end_ok\"}", "\"routes\": {\"next\": \"end_ok\", \"nxt\": \"end_ok\"}");

        AssertOnly(Validate(json), Warning(DiagnosticCodes.UnusedRoute,
            "route 'nxt' is never taken: an action node leaves only through 'next'", "$.nodes[3].routes.nxt", "add", 18));
    }
}
