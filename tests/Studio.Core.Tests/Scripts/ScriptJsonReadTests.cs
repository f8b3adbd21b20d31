using Studio.Core.Scripts;

namespace Studio.Core.Tests.Scripts;

public class ScriptJsonReadTests
{
    private static Diagnostic Only(string json)
    {
        var read = ScriptJson.Read(json);
        Assert.Null(read.Script);
        Assert.False(read.Succeeded);
        return Assert.Single(read.Diagnostics);
    }

    private static Diagnostic Error(string code, string message, string path, string? nodeId, int? line) =>
        new(Severity.Error, code, message, path, nodeId, line);

    [Fact]
    public void Malformed_JSON_names_line_and_character_column()
    {
        // The stray quote is the 16th character of line 3 but its 20th byte (汉字 take 3 bytes in UTF-8).
        const string json = "{\n  \"formatVersion\": 1,\n  \"name\": \"冒烟\" \"id\": \"x\",\n  \"nodes\": []\n}";

        Assert.Equal(Error(DiagnosticCodes.MalformedJson,
            "malformed JSON at line 3, column 16: '\"' is invalid after a value. Expected either ',', '}', or ']'", "$", null, 3), Only(json));
    }

    [Fact]
    public void A_document_cut_short_says_what_is_missing()
    {
        const string json = "{\n  \"formatVersion\": 1,\n  \"nodes\": [\n    {\"id\": \"a\", \"kind\": \"say\"}\n";

        Assert.Equal(Error(DiagnosticCodes.MalformedJson,
            "malformed JSON at line 5, column 1: the document ends before every '{' and '[' is closed", "$", null, 5), Only(json));
    }

    [Fact]
    public void An_unknown_node_kind_names_the_node_and_suggests_the_kind_meant()
    {
        const string json = """
            {
              "formatVersion": 1,
              "nodes": [
                {"id": "hello", "kind": "sya", "message": {"text": "您好"}}
              ]
            }
            """;

        Assert.Equal(Error(DiagnosticCodes.UnknownNodeKind,
            "unknown node kind 'sya' of node 'hello': did you mean 'say'? The kinds are say, ask, condition, split, offer, action, set, goto, return, end",
            "$.nodes[0].kind", "hello", 4), Only(json));
    }

    [Fact]
    public void A_node_without_kind_or_id_is_reported()
    {
        const string json = """
            {
              "formatVersion": 1,
              "nodes": [
                {"id": "hello"},
                {"kind": "end", "outcome": "done"}
              ]
            }
            """;

        var read = ScriptJson.Read(json);

        Assert.Equal(
            [
                Error(DiagnosticCodes.UnknownNodeKind, "the node has no 'kind'; expected one of say, ask, condition, split, offer, action, set, goto, return, end", "$.nodes[0]", "hello", 4),
                Error(DiagnosticCodes.MissingNodeId, "the node has no 'id'", "$.nodes[1]", null, 5),
            ],
            read.Diagnostics);
    }

    [Fact]
    public void An_unknown_property_is_named_with_its_owner_and_the_likely_spelling()
    {
        const string json = """
            {
              "formatVersion": 1,
              "nodes": [
                {"id": "hello", "kind": "say",
                 "mesage": {"text": "您好"}}
              ]
            }
            """;

        Assert.Equal(Error(DiagnosticCodes.InvalidValue,
            "unknown property 'mesage' on a say node: did you mean 'message'?", "$.nodes[0].mesage", "hello", 5), Only(json));
    }

    [Fact]
    public void Property_names_are_case_sensitive()
    {
        const string json = """{"formatVersion": 1, "Name": "x", "nodes": []}""";

        Assert.Equal(Error(DiagnosticCodes.InvalidValue, "unknown property 'Name' on a script: names are case-sensitive, write 'name'", "$.Name", null, 1), Only(json));
    }

    [Fact]
    public void Computed_members_of_the_model_are_not_part_of_the_format()
    {
        const string json = """{"formatVersion": 1, "startNodeId": "a", "nodes": []}""";

        Assert.StartsWith("unknown property 'startNodeId' on a script", Only(json).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"formatVersion": 2, "nodes": []}""", "format version 2 is not supported; this studio reads format version 1", "$.formatVersion")]
    [InlineData("""{"formatVersion": "1", "nodes": []}""", "format version \"1\" is not supported; this studio reads format version 1", "$.formatVersion")]
    [InlineData("""{"nodes": []}""", "'formatVersion' is missing; this studio reads format version 1", "$")]
    public void Only_format_version_1_is_read(string json, string message, string path)
    {
        Assert.Equal(Error(DiagnosticCodes.UnsupportedFormat, message, path, null, 1), Only(json));
    }

    [Fact]
    public void A_misspelt_enum_value_lists_the_valid_ones()
    {
        const string json = """
            {
              "formatVersion": 1,
              "channels": ["voice", "wechat"],
              "nodes": []
            }
            """;

        Assert.Equal(Error(DiagnosticCodes.InvalidValue,
            "'wechat' is not a valid channel: use one of voice, wecom", "$.channels[1]", null, 3), Only(json));
    }

    [Fact]
    public void A_value_of_the_wrong_type_says_what_is_expected()
    {
        const string json = """
            {
              "formatVersion": 1,
              "nodes": [
                {"id": "hello", "kind": "say", "message": {"text": 30}}
              ]
            }
            """;

        Assert.Equal(Error(DiagnosticCodes.InvalidValue,
            "$.nodes[0].message.text must be text (a string), not a number", "$.nodes[0].message.text", "hello", 4), Only(json));
    }

    [Fact]
    public void Nulls_are_refused_where_the_model_needs_a_value()
    {
        const string json = """
            {
              "formatVersion": 1,
              "intents": [null],
              "nodes": [
                {"id": "hello", "kind": "say", "routes": {"next": null}}
              ]
            }
            """;

        Assert.Equal(
            [
                Error(DiagnosticCodes.InvalidValue, "a list item cannot be null: remove it", "$.intents[0]", null, 3),
                Error(DiagnosticCodes.InvalidValue, "'next' cannot be null: give it a value or remove it", "$.nodes[0].routes.next", "hello", 5),
            ],
            ScriptJson.Read(json).Diagnostics);
        Assert.Equal(Error(DiagnosticCodes.InvalidValue, "'name' cannot be null: give it a value or remove it", "$.name", null, 1),
            Only("""{"formatVersion": 1, "name": null, "nodes": []}"""));
    }

    [Fact]
    public void Optional_values_may_be_null_and_variable_defaults_are_free_JSON()
    {
        const string json = """
            {
              "formatVersion": 1,
              "variables": [{"name": "code", "default": null}],
              "nodes": [{"id": "hello", "kind": "say", "label": null, "routes": {"next": "bye"}}, {"id": "bye", "kind": "end", "outcome": "done"}]
            }
            """;

        var read = ScriptJson.Read(json);

        Assert.True(read.Succeeded, string.Join("\n", read.Diagnostics));
    }

    [Fact]
    public void A_read_script_serialises_back_to_an_equal_document()
    {
        var first = ScriptJson.Read(File.ReadAllText(Fixtures.Path("full.json")));
        Assert.True(first.Succeeded, string.Join("\n", first.Diagnostics));

        var text = ScriptJson.Serialize(first.Script!);
        var second = ScriptJson.Read(text);

        Assert.True(second.Succeeded, string.Join("\n", second.Diagnostics));
        Assert.Equal(text, ScriptJson.Serialize(second.Script!));
    }
}
