using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NJsonSchema;
using Studio.Core.Scripts;
using Studio.Core.Scripts.Schema;
using Studio.Core.Tests.Scripts.Validation;

namespace Studio.Core.Tests.Scripts.Schema;

public class ScriptSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromJsonAsync(ScriptSchema.Json).GetAwaiter().GetResult());

    private static ICollection<NJsonSchema.Validation.ValidationError> Errors(string json) => Schema.Value.Validate(json);

    private static void AssertValid(string json, string what)
    {
        var errors = Errors(json);
        Assert.True(errors.Count == 0, $"{what} does not match the schema:\n{string.Join("\n", errors)}");
    }

    [Fact]
    public void The_schema_is_a_draft_07_document()
    {
        var schema = JsonNode.Parse(ScriptSchema.Json)!;

        Assert.Equal("http://json-schema.org/draft-07/schema#", (string?)schema["$schema"]);
        Assert.NotEmpty(Schema.Value.Definitions);
    }

    [Fact]
    public void The_full_fixture_matches()
    {
        AssertValid(File.ReadAllText(Fixtures.Path("full.json")), "full.json");
    }

    [Fact]
    public void The_validator_test_script_matches()
    {
        AssertValid(Lint.Clean, "the validator tests' clean script");
    }

    [Fact]
    public void Every_script_in_the_library_matches()
    {
        var library = Path.Combine(Fixtures.RepositoryRoot().FullName, "scripts-library");
        var files = Directory.Exists(library) ? Directory.GetFiles(library, "*.json", SearchOption.AllDirectories) : [];

        foreach (var file in files)
        {
            AssertValid(File.ReadAllText(file), Path.GetFileName(file));
        }
    }

    [Fact]
    public void A_script_serialised_by_ScriptJson_matches()
    {
        var read = ScriptJson.Read(File.ReadAllText(Fixtures.Path("full.json")));
        Assert.True(read.Succeeded);

        AssertValid(ScriptJson.Serialize(read.Script!), "the serialised full fixture");
    }

    [Fact]
    public void A_script_of_default_values_serialised_by_ScriptJson_matches()
    {
        // Every node kind and incentive type as constructed: the defaults the serializer writes are in the format too.
        var script = new Script
        {
            Nodes = [new SayNode(), new AskNode(), new ConditionNode { Branches = [new()] }, new SplitNode { Arms = [new()] },
                new OfferNode(), new ActionNode(), new SetNode(), new GotoNode(), new ReturnNode(), new EndNode()],
            Incentives = [.. Enum.GetValues<IncentiveType>().Select(t => new Incentive { Type = t })],
            IncentiveSets = [new()],
            Variables = [new()],
            Intents = [new()],
            GlobalIntents = [new()],
            GradeRules = [new() { Grade = 'C' }],
        };
        foreach (var node in script.Nodes)
        {
            node.Id = node.Kind; // the one value without a usable default: the format requires an id
        }

        AssertValid(ScriptJson.Serialize(script), "a script of defaults");
    }

    [Theory]
    [InlineData("""{"id": "hello", "kind": "sya", "message": {"text": "您好"}}""", "an unknown kind")]
    [InlineData("""{"kind": "say", "message": {"text": "您好"}}""", "a node without id")]
    [InlineData("""{"id": "", "kind": "say"}""", "an empty id")]
    [InlineData("""{"id": "hello", "message": {"text": "您好"}}""", "a node without kind")]
    [InlineData("""{"id": "hello", "kind": "say", "mesage": {"text": "您好"}}""", "an unknown node property")]
    [InlineData("""{"id": "hello", "kind": "say", "message": {"txt": "您好"}}""", "an unknown message property")]
    [InlineData("""{"id": "hello", "kind": "say", "target": "x"}""", "a property of another kind")]
    [InlineData("""{"id": "hello", "kind": "end", "outcome": "done", "grade": "G"}""", "a grade outside A–F")]
    [InlineData("""{"id": "hello", "kind": "action", "action": "wecomadd"}""", "an unknown action")]
    [InlineData("""{"id": "hello", "kind": "say", "routes": {"next": 3}}""", "a route that is not a node id")]
    public void Broken_nodes_are_rejected(string node, string what)
    {
        var json = $$"""{"formatVersion": 1, "nodes": [{{node}}]}""";

        Assert.True(Errors(json).Count > 0, $"the schema accepts {what}");
        Assert.False(ScriptJson.Read(json).Succeeded, $"the reader accepts {what}"); // the two agree
    }

    [Theory]
    [InlineData("""{"formatVersion": 1, "nodes": [], "nmae": "x"}""", "an unknown top-level property")]
    [InlineData("""{"formatVersion": 2, "nodes": []}""", "another format version")]
    [InlineData("""{"nodes": []}""", "a missing format version")]
    [InlineData("""{"formatVersion": 1}""", "missing nodes")]
    [InlineData("""{"formatVersion": 1, "channels": ["wechat"], "nodes": []}""", "an unknown channel")]
    [InlineData("""{"formatVersion": 1, "channels": [0], "nodes": []}""", "an enum as a number")]
    [InlineData("""{"formatVersion": 1, "incentives": [{"id": "c", "type": "coupon", "amount": "30"}], "nodes": []}""", "a number as text")]
    [InlineData("""{"formatVersion": 1, "settings": {"voice": {"maxPrompt": 20}}, "nodes": []}""", "an unknown setting")]
    [InlineData("""{"formatVersion": 1, "name": null, "nodes": []}""", "null where a value is required")]
    public void Broken_documents_are_rejected(string json, string what)
    {
        Assert.True(Errors(json).Count > 0, $"the schema accepts {what}");
        Assert.False(ScriptJson.Read(json).Succeeded, $"the reader accepts {what}");
    }

    /// <summary>Schema definition of each model type: the drift check below keeps them in step with the C# model.</summary>
    public static TheoryData<string, string> ModelTypes() => new()
    {
        { nameof(Script), "#" },
        { nameof(Brand), "brand" },
        { nameof(VariableDefinition), "variable" },
        { nameof(ScriptSettings), "settings" },
        { nameof(VoiceSettings), "settings.voice" },
        { nameof(WecomSettings), "settings.wecom" },
        { nameof(IntentDefinition), "intent" },
        { nameof(GlobalIntent), "globalIntent" },
        { nameof(Incentive), "incentive" },
        { nameof(IncentiveSet), "incentiveSet" },
        { nameof(GradeRule), "gradeRule" },
        { nameof(Message), "message" },
        { nameof(VoiceRendering), "voiceRendering" },
        { nameof(WecomRendering), "wecomRendering" },
        { nameof(RetryPolicy), "retryPolicy" },
        { nameof(CanvasPosition), "canvasPosition" },
        { nameof(SayNode), "sayNode" },
        { nameof(AskNode), "askNode" },
        { nameof(ConditionNode), "conditionNode" },
        { nameof(ConditionBranch), "conditionNode.branches" },
        { nameof(SplitNode), "splitNode" },
        { nameof(Arm), "splitNode.arms" },
        { nameof(OfferNode), "offerNode" },
        { nameof(ActionNode), "actionNode" },
        { nameof(SetNode), "setNode" },
        { nameof(GotoNode), "gotoNode" },
        { nameof(ReturnNode), "returnNode" },
        { nameof(EndNode), "endNode" },
    };

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void Every_model_property_is_in_the_schema_and_nothing_else(string typeName, string definition)
    {
        var type = typeof(Script).Assembly.GetType("Studio.Core.Scripts." + typeName)!;
        var modelProperties = ScriptJson.Options.GetTypeInfo(type).Properties.Select(p => p.Name)
            .Concat(type.IsSubclassOf(typeof(Node)) ? ["kind"] : [])
            .Order(StringComparer.Ordinal);

        var schema = Definition(definition);
        var schemaProperties = schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);

        Assert.Equal(modelProperties, schemaProperties);
        Assert.False((bool?)schema["additionalProperties"] ?? true, $"{definition} must not allow unknown properties");
    }

    [Theory]
    [InlineData(typeof(Channel), "channel")]
    [InlineData(typeof(VariableType), "variable.type")]
    [InlineData(typeof(IncentiveType), "incentive.type")]
    [InlineData(typeof(Framing), "incentive.framing")]
    [InlineData(typeof(WecomMessageType), "wecomRendering.type")]
    [InlineData(typeof(ActionType), "actionNode.action")]
    public void Enum_values_match_the_model(Type enumType, string definition)
    {
        var names = enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name);
        var node = Definition(definition);

        Assert.Equal(names, node["enum"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public void Node_kinds_match_the_model()
    {
        var kinds = Definition("node")["properties"]!["kind"]!["enum"]!.AsArray().Select(v => (string?)v);

        Assert.Equal(Node.Kinds, kinds);
    }

    /// <summary>A definition ("askNode"), the root ("#"), or a property's schema inside one ("splitNode.arms" → its items).</summary>
    private static JsonNode Definition(string name)
    {
        var root = JsonNode.Parse(ScriptSchema.Json)!;
        var parts = name.Split('.');
        var node = parts[0] == "#" ? root : root["definitions"]![parts[0]]!;
        foreach (var property in parts.Skip(1))
        {
            node = node["properties"]![property]!;
            if (node["$ref"] is { } reference)
            {
                node = root["definitions"]![((string)reference!)["#/definitions/".Length..]]!;
            }
            if (node["items"] is { } items)
            {
                node = items["$ref"] is { } itemRef ? root["definitions"]![((string)itemRef!)["#/definitions/".Length..]]! : items;
            }
        }
        return node;
    }
}
