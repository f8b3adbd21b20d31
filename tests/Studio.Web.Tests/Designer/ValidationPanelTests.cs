using Bunit;
using Studio.Core.Scripts;
using Studio.Core.Scripts.Validation;
using Studio.Web.Components.Designer;

namespace Studio.Web.Tests.Designer;

public sealed class ValidationPanelTests : DesignerComponentContext
{
    [Fact]
    public void A_diagnostic_with_a_node_jumps_to_it()
    {
        var script = DesignerScripts.ReadSmoke();
        ((EndNode)script.Nodes.Single(n => n.Id == "end_refused")).Outcome = "";
        var diagnostics = ScriptValidator.Validate(script);
        string? jumped = null;

        var cut = Render<ValidationPanel>(p => p.Add(x => x.Diagnostics, diagnostics).Add(x => x.JumpToNode, id => jumped = id));

        var item = cut.Find("li.dv-error[data-node='end_refused']");
        Assert.Contains(DiagnosticCodes.EndWithoutOutcome, item.TextContent, StringComparison.Ordinal);
        item.Click();
        Assert.Equal("end_refused", jumped);
        Assert.Equal("1", cut.Find(".designer-validation").GetAttribute("data-errors"));
    }

    [Fact]
    public void A_clean_script_says_so()
    {
        var cut = Render<ValidationPanel>(p => p.Add(x => x.Diagnostics, Array.Empty<Diagnostic>()));
        Assert.Contains("校验通过", cut.Markup, StringComparison.Ordinal);
    }
}
