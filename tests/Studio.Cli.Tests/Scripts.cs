namespace Studio.Cli.Tests;

/// <summary>Script documents the tests run the CLI on.</summary>
public static class Scripts
{
    /// <summary>
    /// A small valid voice + WeCom script: identity check, an A/B split on the incentive, a WeCom add question
    /// (keys 1/2 work too), global answers for "are you a robot" and opt-out.
    /// </summary>
    public const string Good = """
        {
          "formatVersion": 1,
          "id": "mini",
          "name": "迷你回访",
          "channels": ["voice", "wecom"],
          "brand": { "name": "速品", "assistant": "小速" },
          "incentives": [
            { "id": "c30", "type": "coupon", "name": "30元无门槛券", "amount": 30, "threshold": 0, "framing": "certain", "cost": 30 },
            { "id": "c50", "type": "coupon", "name": "满299减50元券", "amount": 50, "threshold": 299, "framing": "certain", "cost": 20 }
          ],
          "globalIntents": [
            { "intent": "ask_is_robot", "message": { "text": "我是{{brand.name}}的智能助理{{brand.assistant}}。" } },
            { "intent": "opt_out", "message": { "text": "好的,以后不再打扰您。" }, "then": "end_optout" }
          ],
          "nodes": [
            { "id": "greet", "kind": "ask", "label": "开场白",
              "message": { "text": "您好,我是{{brand.name}}的智能客服{{brand.assistant}},请问是{{member.salutation}}吗?" },
              "routes": { "affirm": "framing", "deny": "end_wrong", "noMatch": "end_wrong", "noInput": "end_wrong" } },
            { "id": "framing", "kind": "split", "experiment": "coupon-size",
              "arms": [ { "id": "A", "label": "30元", "weight": 50 }, { "id": "B", "label": "50元", "weight": 50 } ],
              "routes": { "A": "offer_a", "B": "offer_b" } },
            { "id": "offer_a", "kind": "offer", "incentive": "c30",
              "message": { "text": "送您一张{{offer.description}},有效期30天。" }, "routes": { "next": "ask_add" } },
            { "id": "offer_b", "kind": "offer", "incentive": "c50",
              "message": { "text": "送您一张{{offer.description}},有效期30天。" }, "routes": { "next": "ask_add" } },
            { "id": "ask_add", "kind": "ask", "label": "加微",
              "message": { "text": "我加您企业微信把券发给您,好吗?",
                           "wecom": { "type": "link", "title": "领取您的优惠券", "description": "点击领取", "url": "https://example.com/coupon" } },
              "dtmf": { "1": "affirm", "2": "deny" },
              "routes": { "affirm": "add", "deny": "end_refused", "noMatch": "end_refused", "noInput": "end_refused" } },
            { "id": "add", "kind": "action", "action": "wecom_add", "routes": { "next": "end_ok" } },
            { "id": "end_ok", "kind": "end", "outcome": "wecom_add_consent", "grade": "A", "message": { "text": "好的,稍后加您,再见!" } },
            { "id": "end_refused", "kind": "end", "outcome": "refused", "grade": "D", "message": { "text": "好的,打扰了,再见。" } },
            { "id": "end_wrong", "kind": "end", "outcome": "wrong_person", "grade": "F" },
            { "id": "end_optout", "kind": "end", "outcome": "opt_out", "grade": "F" }
          ]
        }
        """;

    /// <summary>Readable JSON, but the second node's kind is misspelled (line 6).</summary>
    public const string UnknownKind = """
        {
          "formatVersion": 1,
          "id": "broken",
          "nodes": [
            { "id": "n1", "kind": "say", "message": { "text": "你好" }, "routes": { "next": "n2" } },
            { "id": "n2", "kind": "sya", "message": { "text": "再见" } }
          ]
        }
        """;

    /// <summary>Not JSON at all past line 3.</summary>
    public const string Malformed = """
        {
          "formatVersion": 1,
          "id": "oops"
          "nodes": []
        }
        """;
}
