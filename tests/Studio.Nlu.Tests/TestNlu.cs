using Studio.Core.Dialogs;
using Studio.Core.Scripts;
using Studio.Nlu.Corpus;
using Studio.Nlu.Evaluation;
using Studio.Nlu.Pipeline;

namespace Studio.Nlu.Tests;

/// <summary>Models shared by the tests: training takes about a second, so each is trained once per run.</summary>
internal static class TestNlu
{
    private static readonly InMemoryModelStore Store = new();
    private static readonly Lazy<ScriptNlu> SystemOnly = new(() => ScriptNlu.Create([], [], [], Store));
    private static readonly Lazy<ScriptNlu> WithTrain8 = new(() =>
    {
        var train = Tsv.Read(RepoPaths.Train8);
        return ScriptNlu.Create(train, Evaluator.ScriptRulesOf(train), [], Store);
    });

    /// <summary>System corpus and rules only.</summary>
    public static ScriptNlu System => SystemOnly.Value;

    /// <summary>System corpus plus train-8.tsv: the configuration the accuracy target refers to.</summary>
    public static ScriptNlu Train8 => WithTrain8.Value;

    public static NluPipeline Pipeline { get; } = new(store: Store);

    /// <summary>A small script with two intents of its own, one ask node and the usual global intents.</summary>
    public static CompiledScript Script { get; } = CompiledScript.Compile(ScriptJson.Read(ScriptJsonText).Script!);

    public const string ScriptJsonText = """
    {
      "formatVersion": 1,
      "id": "nlu-test",
      "name": "NLU test",
      "channels": ["voice"],
      "locale": "zh-CN",
      "intents": [
        { "name": "same_number", "label": "手机号就是微信", "keywords": ["手机号就是微信", "就是这个号", "微信就是这个"],
          "examples": ["我手机号就是微信号", "对,就是这个号", "微信就是这个手机号", "是同一个号", "这个号就能搜到我"] },
        { "name": "other_wechat", "label": "微信不是这个号", "keywords": ["微信不是", "不是这个号", "另一个号", "别的号"],
          "examples": ["微信不是这个号", "我微信用的另一个号", "这个号没绑微信", "我的微信是别的号码", "微信号和手机号不一样"] }
      ],
      "globalIntents": [
        { "intent": "ask_is_robot", "message": { "text": "我是智能客服。" } },
        { "intent": "opt_out", "then": "bye" }
      ],
      "nodes": [
        { "id": "ask", "kind": "ask", "message": { "text": "您的手机号是微信号吗?" },
          "routes": { "affirm": "bye", "same_number": "bye", "other_wechat": "bye", "deny": "bye", "noMatch": "bye", "noInput": "bye" } },
        { "id": "bye", "kind": "end", "message": { "text": "再见" }, "outcome": "done", "grade": "C" }
      ]
    }
    """;
}
