using Studio.Core.Scripts;
using static Studio.Core.Tests.Scripts.Validation.Lint;

namespace Studio.Core.Tests.Scripts.Validation;

public class TemplateRulesTests
{
    private const string Farewell = "好的,稍后加您,再见!";

    [Fact]
    public void An_unknown_root_is_an_error()
    {
        var json = Clean.With(Farewell, "好的{{membr.name}},再见!");

        AssertOnly(Validate(json), Error(DiagnosticCodes.UnknownTemplateVariable,
            "unknown variable 'membr' in {{membr.name}}: use one of member, offer, arm, brand, now, last, channel, or declare 'membr' in 'variables'",
            "$.nodes[4].message.text", "end_ok", 19));
    }

    [Fact]
    public void An_unknown_member_field_is_an_error_until_declared_in_memberFields()
    {
        var json = Clean.With(Farewell, "好的,{{member.level}}会员,再见!");

        AssertOnly(Validate(json), Error(DiagnosticCodes.UnknownTemplateVariable,
            "unknown member field 'level' in {{member.level}}: use one of id, name, surname, title, salutation, tier, phone, city, store, or declare it in 'memberFields'",
            "$.nodes[4].message.text", "end_ok", 19));
        Assert.Empty(Validate(json.AddTopLevel("\"memberFields\": [\"level\"]")));
    }

    [Fact]
    public void An_unknown_field_of_a_root_is_an_error()
    {
        var json = Clean.With("{{offer.description}}", "{{offer.amout}}元券");

        AssertOnly(Validate(json), Error(DiagnosticCodes.UnknownTemplateVariable,
            "unknown offer field 'amout' in {{offer.amout}}: use one of description, name, id, type, amount, threshold, item, value, points, min, max, framing, cost, validDays",
            "$.nodes[1].message.text", "offer", 16));
    }

    [Theory]
    [InlineData("{{brand.slogan}}", "unknown brand field 'slogan' in {{brand.slogan}}: use one of name, assistant, hotline")]
    [InlineData("{{now.year}}", "unknown now field 'year' in {{now.year}}: use one of date, time, weekday, greeting, hour")]
    [InlineData("{{last.confidence}}", "unknown last field 'confidence' in {{last.confidence}}: use one of text, intent")]
    [InlineData("{{arm.weight}}", "unknown arm field 'weight' in {{arm.weight}}: use one of id, label, experiment")]
    [InlineData("{{channel.name}}", "'channel' has no fields: write {{channel}} instead of {{channel.name}}")]
    [InlineData("{{}}", "empty placeholder {{}}: write a name such as {{member.salutation}}")]
    public void Fields_are_checked_for_every_root(string placeholder, string message)
    {
        var json = Clean.With(Farewell, "再见" + placeholder);

        AssertOnly(Validate(json), Error(DiagnosticCodes.UnknownTemplateVariable, message, "$.nodes[4].message.text", "end_ok", 19));
    }

    [Fact]
    public void Declared_variables_and_known_fields_are_fine_everywhere()
    {
        var json = Clean
            .AddTopLevel("\"variables\": [{\"name\": \"code\", \"type\": \"string\"}]")
            .With(Farewell, "{{now.greeting}},{{member.surname}}{{member.title}},券码{{code}},{{brand.hotline}},{{channel}},{{last.intent}},{{arm}}")
            .With("\"action\": \"wecom_add\",", "\"action\": \"wecom_add\", \"text\": \"{{member}}您好,我是{{brand.assistant}}\",");

        Assert.Empty(Validate(json));
    }

    [Fact]
    public void A_variable_has_no_fields()
    {
        var json = Clean
            .AddTopLevel("\"variables\": [{\"name\": \"code\"}]")
            .With(Farewell, "券码{{code.value}}");

        AssertOnly(Validate(json), Error(DiagnosticCodes.UnknownTemplateVariable,
            "variable 'code' has no fields: write {{code}} instead of {{code.value}}", "$.nodes[4].message.text", "end_ok", 20));
    }

    [Fact]
    public void Variations_reprompts_channel_renderings_global_answers_and_action_fields_are_checked()
    {
        var json = Clean
            .With("{\"text\": \"我加您企业微信发给您好吗?\"}",
                "{\"variations\": [\"我加您企业微信好吗?\", \"{{member.nick}}加个微信?\"], \"voice\": {\"text\": \"{{x1}}\"}, \"wecom\": {\"type\": \"link\", \"title\": \"{{x2}}\", \"url\": \"https://a.example/{{x3}}\"}}, \"noMatch\": {\"reprompt\": {\"text\": \"{{x4}}\"}}")
            .With("以后不再打扰您。", "以后不再打扰{{x5}}。")
            .With("\"action\": \"wecom_add\",", "\"action\": \"webhook\", \"webhook\": \"crm\", \"payload\": {\"code\": \"{{x6}}\"},");

        var diagnostics = Validate(json);

        Assert.Equal(
            [
                ("$.globalIntents[1].message.text", (string?)null),
                ("$.nodes[2].message.variations[1]", "ask_add"),
                ("$.nodes[2].message.voice.text", "ask_add"),
                ("$.nodes[2].message.wecom.title", "ask_add"),
                ("$.nodes[2].message.wecom.url", "ask_add"),
                ("$.nodes[2].noMatch.reprompt.text", "ask_add"),
                ("$.nodes[3].payload.code", "add"),
            ],
            diagnostics.Select(d => (d.Path, d.NodeId)).ToArray());
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticCodes.UnknownTemplateVariable, d.Code));
    }
}
