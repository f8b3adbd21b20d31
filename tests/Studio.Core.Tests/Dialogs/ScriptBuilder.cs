using System.Text.Json.Nodes;
using Studio.Core.Dialogs;
using Studio.Core.Scripts;

namespace Studio.Core.Tests.Dialogs;

/// <summary>Builds small script documents for engine tests from JSON fragments, through the real reader.</summary>
internal static class ScriptBuilder
{
    public const string GlobalIntents = """
        [
          {"intent":"ask_is_robot","message":{"text":"是的,我是{{brand.name}}的智能客服{{brand.assistant}}。"}},
          {"intent":"opt_out","message":{"text":"好的,以后不再打扰您。"},"then":"end_optout"}
        ]
        """;

    /// <summary>A script whose nodes are <paramref name="nodes"/> plus a standard opt-out end node.</summary>
    public static CompiledScript Compile(string nodes, string? extra = null)
    {
        var json = $$"""
            {
              "formatVersion": 1, "id": "test", "name": "测试", "channels": ["voice"],
              "brand": {"name": "速品", "assistant": "小速"},
              "globalIntents": {{GlobalIntents}},
              {{(extra is null ? "" : extra + ",")}}
              "nodes": [ {{nodes}},
                {"id":"end_optout","kind":"end","outcome":"opt_out","grade":"F"} ]
            }
            """;
        var read = ScriptJson.Read(json);
        Assert.True(read.Script is not null, string.Join("\n", read.Diagnostics));
        return CompiledScript.Compile(read.Script!);
    }

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
