using System.Text;
using Studio.Core.Scripts;

namespace Studio.Web.Tests.Designer;

/// <summary>Scripts the designer tests open: the format's minimal example and a generated large one.</summary>
internal static class DesignerScripts
{
    public const string Smoke = """
        {
          "formatVersion": 1,
          "id": "smoke",
          "name": "冒烟",
          "channels": ["voice"],
          "brand": {"name": "速品", "assistant": "小速"},
          "incentives": [{"id": "c30", "type": "coupon", "name": "30元无门槛券", "amount": 30, "threshold": 0, "cost": 30}],
          "globalIntents": [
            {"intent": "ask_is_robot", "message": {"text": "是的,我是{{brand.name}}的智能客服{{brand.assistant}}。"}},
            {"intent": "opt_out", "message": {"text": "好的,以后不再打扰您。"}, "then": "end_optout"}
          ],
          "nodes": [
            {"id": "greet", "kind": "ask", "label": "开场白", "message": {"text": "您好,我是{{brand.name}}的智能客服,请问是{{member.salutation}}吗?"},
             "routes": {"affirm": "offer", "deny": "end_wrong", "noMatch": "end_wrong", "noInput": "end_wrong"}},
            {"id": "offer", "kind": "offer", "incentive": "c30", "message": {"text": "{{offer.framing}}您一张{{offer.description}}。"},
             "routes": {"next": "ask_add"}},
            {"id": "ask_add", "kind": "ask", "message": {"text": "我加您企业微信发给您好吗?"},
             "routes": {"affirm": "add", "deny": "end_refused", "noMatch": "end_refused", "noInput": "end_refused"}},
            {"id": "add", "kind": "action", "action": "wecom_add", "routes": {"next": "end_ok"}},
            {"id": "end_ok", "kind": "end", "outcome": "wecom_add_consent", "grade": "A", "message": {"text": "好的,稍后加您,再见!"}},
            {"id": "end_refused", "kind": "end", "outcome": "refused", "grade": "D"},
            {"id": "end_wrong", "kind": "end", "outcome": "wrong_person", "grade": "F"},
            {"id": "end_optout", "kind": "end", "outcome": "opt_out", "grade": "F"}
          ]
        }
        """;

    public static Script ReadSmoke() => Read(Smoke);

    public static Script Read(string json)
    {
        var read = ScriptJson.Read(json);
        Assert.True(read.Succeeded, string.Join("\n", read.Diagnostics));
        return read.Script!;
    }

    /// <summary>A script of <paramref name="blocks"/> × 5 nodes (ask, offer, say, action, end), without positions.</summary>
    public static string Large(int blocks = 60)
    {
        var nodes = new List<string>();
        for (var i = 0; i < blocks; i++)
        {
            var next = i + 1 < blocks ? $"ask_{i + 1}" : $"end_{i}";
            nodes.Add($$$"""{"id": "ask_{{{i}}}", "kind": "ask", "label": "询问{{{i}}}", "message": {"text": "第{{{i}}}个问题:您需要吗?"}, "routes": {"affirm": "offer_{{{i}}}", "deny": "end_{{{i}}}", "noMatch": "say_{{{i}}}", "noInput": "end_{{{i}}}"}}""");
            nodes.Add($$$"""{"id": "offer_{{{i}}}", "kind": "offer", "incentive": "c30", "message": {"text": "{{offer.framing}}您一张{{offer.description}}。"}, "routes": {"next": "action_{{{i}}}"}}""");
            nodes.Add($$$"""{"id": "say_{{{i}}}", "kind": "say", "message": {"text": "没关系,我们继续。"}, "routes": {"next": "{{{next}}}"}}""");
            nodes.Add($$$"""{"id": "action_{{{i}}}", "kind": "action", "action": "tag", "tags": ["t{{{i}}}"], "routes": {"next": "{{{next}}}"}}""");
            nodes.Add($$$"""{"id": "end_{{{i}}}", "kind": "end", "outcome": "refused", "grade": "D"}""");
        }
        var json = new StringBuilder();
        json.Append("""
            {"formatVersion": 1, "id": "large", "name": "大话术", "channels": ["voice"], "brand": {"name": "速品", "assistant": "小速"},
             "incentives": [{"id": "c30", "type": "coupon", "name": "30元无门槛券", "amount": 30, "threshold": 0, "cost": 30}],
             "globalIntents": [{"intent": "ask_is_robot", "message": {"text": "是的,我是速品的智能客服。"}}, {"intent": "opt_out", "message": {"text": "好的,再见。"}, "then": "end_0"}],
             "nodes": [
            """);
        json.AppendJoin(",\n", nodes);
        json.Append("]}");
        return json.ToString();
    }
}
