using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Studio.Core.Dialogs;
using Studio.Core.Scripts;
using Studio.Core.Testing.Scripts;

namespace Studio.Runtime.Tests.Channels.Voice;

/// <summary>The scripts-library voice scripts, compiled once, plus variants made for the voice tests.</summary>
public static class VoiceScripts
{
    public const string Dormant = "dormant-reactivation";

    /// <summary>dormant-reactivation where the member can ask for a human (转人工 → transfer to queue vip_advisor).</summary>
    public const string DormantWithTransfer = "dormant-reactivation+transfer";

    /// <summary>dormant-reactivation whose transfer goes to a queue no target is configured for.</summary>
    public const string DormantWithUnknownQueue = "dormant-reactivation+unknown-queue";

    /// <summary>dormant-reactivation with barge-in switched off (e.g. a script whose legal notice must be heard).</summary>
    public const string DormantNoBargeIn = "dormant-reactivation+no-barge-in";

    private static readonly ConcurrentDictionary<string, Lazy<CompiledScript>> Compiled = new(StringComparer.Ordinal);

    public static string Root { get; } = FindRoot();

    public static string Library => Path.Combine(Root, "scripts-library");

    /// <summary>Every library script that runs on the voice channel.</summary>
    public static IReadOnlyList<string> VoiceScriptIds => VoiceIds.Value;

    private static readonly Lazy<IReadOnlyList<string>> VoiceIds = new(() =>
        [.. Directory.GetFiles(Library, "*.json")
            .Select(f => ScriptFile.Load(f).Script!)
            .Where(s => s.Channels.Contains(Channel.Voice))
            .Select(s => s.Id)
            .Order(StringComparer.Ordinal)]);

    /// <summary>Compiles each script once, even when many calls start at the same moment.</summary>
    public static CompiledScript? Find(string? id) => id is null ? null : Compiled.GetOrAdd(id, key => new Lazy<CompiledScript>(() => Load(key))).Value;

    public static CompiledScript Get(string id) => Find(id)!;

    private static CompiledScript Load(string id)
    {
        var baseId = id.Split('+')[0];
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Library, baseId + ".json")))!.AsObject();
        switch (id[baseId.Length..])
        {
            case "":
                break;
            case "+transfer":
                AddTransfer(json, "vip_advisor");
                break;
            case "+unknown-queue":
                AddTransfer(json, "night_shift");
                break;
            case "+no-barge-in":
                json["settings"]!["voice"]!["bargeIn"] = false;
                break;
            default:
                throw new ArgumentException("no such test script: " + id);
        }
        json["id"] = id;
        var read = ScriptJson.Read(json.ToJsonString());
        var script = read.Script ?? throw new InvalidOperationException($"{id}: {string.Join("; ", read.Diagnostics.Select(d => d.Message))}");
        return CompiledScript.Compile(script);
    }

    private static void AddTransfer(JsonObject json, string queue)
    {
        json["intents"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "want_human",
            ["label"] = "找真人",
            ["keywords"] = new JsonArray("转人工", "人工客服", "真人客服", "找顾问"),
            ["examples"] = new JsonArray("转人工", "我要人工客服", "有没有真人客服", "帮我找个顾问"),
        });
        json["globalIntents"]!.AsArray().Add(new JsonObject { ["intent"] = "want_human", ["then"] = "act_transfer" });
        json["nodes"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "act_transfer", ["kind"] = "action", ["action"] = "transfer", ["queue"] = queue,
            ["routes"] = new JsonObject { ["next"] = "end_transferred" },
        });
        json["nodes"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "end_transferred", ["kind"] = "end", ["outcome"] = "transferred_to_human",
            ["message"] = new JsonObject { ["text"] = "好的,马上为您转接专属顾问,请稍候。" },
        });
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Studio.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Studio.sln not found above " + AppContext.BaseDirectory);
    }
}
