using Studio.Core.Scripts;
using Studio.Core.Scripts.Validation;

namespace Studio.Core.Tests.Scripts.Validation;

public class CleanScriptTests
{
    [Fact]
    public void The_clean_test_script_has_no_diagnostics()
    {
        Assert.Empty(Lint.Validate(Lint.Clean));
    }

    [Fact]
    public void The_full_fixture_using_every_feature_has_no_diagnostics()
    {
        var read = ScriptJson.Read(File.ReadAllText(Fixtures.Path("full.json")));
        Assert.True(read.Succeeded, string.Join("\n", read.Diagnostics));

        Assert.Empty(ScriptValidator.Validate(read.Script!, read.Lines));
    }

    [Fact]
    public void Without_lines_diagnostics_have_no_line_but_keep_path_and_node()
    {
        var script = Lint.Read(Lint.Clean.With("\"affirm\": \"add\"", "\"affirm\": \"add_wecom\""));

        var dangling = ScriptValidator.Validate(script).Single(d => d.Code == DiagnosticCodes.DanglingRoute);

        Assert.Equal(Lint.Error(DiagnosticCodes.DanglingRoute, "route 'affirm' points to missing node 'add_wecom'", "$.nodes[2].routes.affirm", "ask_add", null), dangling);
    }

    [Fact]
    public void Errors_come_before_warnings_and_each_in_line_order()
    {
        var json = Lint.Clean
            .With("请问是", "最好的请问是")                     // warning, line 15
            .With("\"affirm\": \"add\"", "\"affirm\": \"x\"")  // errors, line 17, and add (18) and end_ok (19) unreachable
            .With("\"outcome\": \"refused\", ", "");         // error, line 20

        var diagnostics = Lint.Validate(json);

        Assert.Equal(
            [(Severity.Error, 17), (Severity.Error, 18), (Severity.Error, 19), (Severity.Error, 20), (Severity.Warning, 15)],
            diagnostics.Select(d => (d.Severity, d.Line ?? 0)).ToArray());
    }
}
