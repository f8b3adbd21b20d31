namespace Studio.Cli.Tests;

public sealed class RenderCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _script;

    public RenderCommandTests() => _script = _dir.Write("mini.json", Scripts.Good);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Prints_a_flowchart_with_nodes_edges_and_labels()
    {
        var run = Cli.Run("render", _script);

        Assert.Equal(0, run.ExitCode);
        var lines = run.OutLines.Select(l => l.Trim()).ToList();
        Assert.Equal("flowchart TD", lines[0]);
        Assert.Contains("s_start((\"开始\")) --> n_greet", lines);
        Assert.Contains("n_greet(\"开场白<br/>您好,我是{{brand.name}}的智能客服{{brand.assistant}},请问是{{member.salutation}}…\")", lines);
        Assert.Contains("n_framing{\"framing<br/>A/B 实验 coupon-size\"}", lines);
        Assert.Contains("n_add[[\"add<br/>加企微\"]]", lines);
        Assert.Contains("n_end_ok([\"end_ok<br/>wecom_add_consent · 等级 A<br/>好的,稍后加您,再见!\"])", lines);
        Assert.Contains("n_greet -->|\"肯定/同意\"| n_framing", lines);
        Assert.Contains("n_greet -->|\"否定/拒绝 / 未识别 / 无应答\"| n_end_wrong", lines);
        Assert.Contains("n_framing -->|\"A 30元 50%\"| n_offer_a", lines);
        Assert.Contains("n_framing -->|\"B 50元 50%\"| n_offer_b", lines);
        Assert.Contains("n_ask_add -->|\"肯定/同意 (按1)\"| n_add", lines);
        Assert.Contains("subgraph globals[\"全局问答\"]", lines);
        Assert.Contains("g_1 -.-> n_end_optout", lines);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void Writes_a_fenced_markdown_file()
    {
        var output = Path.Join(_dir.Path, "mini.md");

        var run = Cli.Run("render", _script, "--output", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("mini.md", run.Out, StringComparison.Ordinal);
        var text = File.ReadAllText(output);
        Assert.StartsWith("# 迷你回访\n\n```mermaid\nflowchart TD\n", text, StringComparison.Ordinal);
        Assert.EndsWith("```\n", text, StringComparison.Ordinal);
        Assert.Equal(Cli.Run("render", _script).Out, text["# 迷你回访\n\n```mermaid\n".Length..^"```\n".Length]);
    }

    [Fact]
    public void Writes_plain_mermaid_to_other_files()
    {
        var output = Path.Join(_dir.Path, "mini.mmd");

        Assert.Equal(0, Cli.Run("render", _script, "-o", output).ExitCode);
        Assert.StartsWith("flowchart TD\n", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_with_broken_routes_still_renders()
    {
        var broken = _dir.Write("broken.json", """
            { "formatVersion": 1, "id": "b", "nodes": [
              { "id": "a", "kind": "ask", "message": { "text": "?" }, "routes": { "affirm": "nowhere" } }
            ] }
            """);

        var run = Cli.Run("render", broken);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("n_a -->|\"肯定/同意\"| m_0", run.Out, StringComparison.Ordinal);
        Assert.Contains("m_0[\"缺少节点: nowhere\"]", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_script_fails_with_exit_1()
    {
        var broken = _dir.Write("broken.json", Scripts.UnknownKind);

        var run = Cli.Run("render", broken);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.StartsWith($"{broken}:6: error SS003 ", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_is_not_a_script_file()
    {
        var run = Cli.Run("render", _dir.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is a directory", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }
}
