using System.CommandLine;
using Studio.Core.Scripts.Rendering;

namespace Studio.Cli.Render;

/// <summary><c>studio render &lt;file&gt; [--output out.md]</c>: the script as a Mermaid flowchart.</summary>
public static class RenderCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The script file (.json)" };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write to this file instead of stdout (.md files get a ```mermaid fence)",
            HelpName = "out.md",
        };
        var command = new Command("render", "Draw a script as a Mermaid flowchart") { file, output };
        command.SetAction(result => Run(context, result.GetRequiredValue(file), result.GetValue(output)));
        return command;
    }

    public static int Run(CliContext context, string path, string? output)
    {
        var script = context.LoadScript(path).Script!;
        var mermaid = MermaidRenderer.Render(script);
        if (output is null)
        {
            context.Out.Write(mermaid);
            return ExitCodes.Success;
        }
        var text = output.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
            ? $"# {(string.IsNullOrWhiteSpace(script.Name) ? script.Id : script.Name)}\n\n```mermaid\n{mermaid}```\n"
            : mermaid;
        var directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new UsageException($"directory not found: {directory}");
        }
        File.WriteAllText(output, text);
        context.Out.WriteLine($"wrote {output} ({script.Nodes.Count} nodes)");
        return ExitCodes.Success;
    }
}
