using Studio.Core.Scripts;
using Studio.Core.Scripts.Validation;

namespace Studio.Core.Tests.Scripts.Validation;

/// <summary>
/// A small voice script that passes every rule, one node per line so tests can name exact lines;
/// each test breaks it in one place with <see cref="With"/>.
/// </summary>
internal static class Lint
{
    // Lines: greet 15, offer 16, ask_add 17, add 18, end_ok 19, end_refused 20, end_wrong 21, end_optout 22.
    public const string Clean = """
        {
          "formatVersion": 1,
          "id": "lint-test",
          "name": "校验测试",
          "channels": ["voice"],
          "brand": {"name": "速品", "assistant": "小速"},
          "incentives": [
            {"id": "c30", "type": "coupon", "name": "30元无门槛券", "amount": 30, "threshold": 0, "cost": 30}
          ],
          "globalIntents": [
            {"intent": "ask_is_robot", "message": {"text": "是的,我是{{brand.name}}的智能客服{{brand.assistant}}。"}},
            {"intent": "opt_out", "message": {"text": "好的,以后不再打扰您。"}, "then": "end_optout"}
          ],
          "nodes": [
            {"id": "greet", "kind": "ask", "message": {"text": "您好,我是速品的智能客服小速,请问是{{member.salutation}}吗?"}, "routes": {"affirm": "offer", "deny": "end_wrong", "noMatch": "end_wrong", "noInput": "end_wrong"}},
            {"id": "offer", "kind": "offer", "incentive": "c30", "message": {"text": "{{offer.framing}}您一张{{offer.description}}。"}, "routes": {"next": "ask_add"}},
            {"id": "ask_add", "kind": "ask", "message": {"text": "我加您企业微信发给您好吗?"}, "routes": {"affirm": "add", "deny": "end_refused", "noMatch": "end_refused", "noInput": "end_refused"}},
            {"id": "add", "kind": "action", "action": "wecom_add", "routes": {"next": "end_ok"}},
            {"id": "end_ok", "kind": "end", "outcome": "wecom_add_consent", "grade": "A", "message": {"text": "好的,稍后加您,再见!"}},
            {"id": "end_refused", "kind": "end", "outcome": "refused", "grade": "D"},
            {"id": "end_wrong", "kind": "end", "outcome": "wrong_person", "grade": "F"},
            {"id": "end_optout", "kind": "end", "outcome": "opt_out", "grade": "F"}
          ]
        }
        """;

    /// <summary>Replaces text that must occur exactly once, so a stale edit fails loudly instead of testing nothing.</summary>
    public static string With(this string json, string old, string replacement)
    {
        var first = json.IndexOf(old, StringComparison.Ordinal);
        Assert.True(first >= 0, $"the test script does not contain: {old}");
        Assert.True(json.IndexOf(old, first + 1, StringComparison.Ordinal) < 0, $"the test script contains more than once: {old}");
        return json[..first] + replacement + json[(first + old.Length)..];
    }

    /// <summary>Appends nodes, one per line, at the end of the node list (the first one added to the clean script is on line 23).</summary>
    public static string AddNodes(this string json, params string[] nodes)
    {
        var end = json.LastIndexOf("\n  ]", StringComparison.Ordinal);
        return json[..end] + string.Concat(nodes.Select(n => ",\n    " + n)) + json[end..];
    }

    /// <summary>Adds top-level lines right after "brand" (line 6): the first one lands on line 7 and the nodes move down.</summary>
    public static string AddTopLevel(this string json, params string[] lines) =>
        json.With("\"brand\": {\"name\": \"速品\", \"assistant\": \"小速\"},", "\"brand\": {\"name\": \"速品\", \"assistant\": \"小速\"}," + string.Concat(lines.Select(l => "\n  " + l + ",")));

    public static Script Read(string json)
    {
        var read = ScriptJson.Read(json);
        Assert.True(read.Succeeded, "the test script must be readable: " + string.Join("; ", read.Diagnostics));
        return read.Script!;
    }

    public static IReadOnlyList<Diagnostic> Validate(string json, ValidationOptions? options = null)
    {
        var read = ScriptJson.Read(json);
        Assert.True(read.Succeeded, "the test script must be readable: " + string.Join("; ", read.Diagnostics));
        return ScriptValidator.Validate(read.Script!, read.Lines, options);
    }

    /// <summary>The diagnostics as compact text, for assertion messages.</summary>
    public static string Show(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics);

    /// <summary>Exactly one diagnostic, and it is this one.</summary>
    public static void AssertOnly(IReadOnlyList<Diagnostic> actual, Diagnostic expected)
    {
        Assert.True(actual.Count == 1, $"expected exactly one diagnostic, got {actual.Count}:\n{Show(actual)}");
        Assert.Equal(expected, actual[0]);
    }

    /// <summary>The one diagnostic with this code, which must equal <paramref name="expected"/>.</summary>
    public static void AssertHas(IReadOnlyList<Diagnostic> actual, Diagnostic expected)
    {
        var withCode = actual.Where(d => d.Code == expected.Code).ToList();
        Assert.True(withCode.Count == 1, $"expected one {expected.Code}, got {withCode.Count}:\n{Show(actual)}");
        Assert.Equal(expected, withCode[0]);
    }

    public static Diagnostic Error(string code, string message, string path, string? nodeId, int? line) =>
        new(Severity.Error, code, message, path, nodeId, line);

    public static Diagnostic Warning(string code, string message, string path, string? nodeId, int? line) =>
        new(Severity.Warning, code, message, path, nodeId, line);
}
