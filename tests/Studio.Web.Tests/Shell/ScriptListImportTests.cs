using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using Studio.Data.Scripts;
using Studio.Web.Components.Pages.Scripts;

namespace Studio.Web.Tests.Shell;

/// <summary>The scripts list's import: problems reported by node id and JSON path, nothing saved on errors.</summary>
public sealed class ScriptListImportTests : IAsyncLifetime
{
    private readonly ShellComponentContext _ctx = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private IRenderedComponent<ScriptList> RenderList()
    {
        _ctx.Render<MudPopoverProvider>();
        var cut = _ctx.Render<ScriptList>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-empty=true], [data-testid=script-table]")));
        return cut;
    }

    private static string Library(string id) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "scripts-library", id + ".json"));

    [Fact]
    public async Task A_document_with_errors_is_reported_by_node_and_path_and_nothing_is_saved()
    {
        var cut = RenderList();
        // A route to a node that does not exist, inside node "intro".
        var broken = Library("dormant-reactivation").Replace("\"dormant-reactivation\"", "\"imported-broken\"", StringComparison.Ordinal)
            .Replace("\"next\": \"confirm_identity\"", "\"next\": \"no_such_node\"", StringComparison.Ordinal);
        Assert.Contains("no_such_node", broken, StringComparison.Ordinal);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(broken, "broken.json"));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=import-report] [data-severity=error]")));
        Assert.Contains("broken.json", cut.Find("[data-testid=import-result]").TextContent, StringComparison.Ordinal);
        Assert.Contains("未导入", cut.Find("[data-testid=import-result]").TextContent, StringComparison.Ordinal);
        var nodes = cut.FindAll("[data-severity=error] [data-testid=diagnostic-node]").Select(e => e.TextContent).ToList();
        var paths = cut.FindAll("[data-severity=error] [data-testid=diagnostic-path]").Select(e => e.TextContent).ToList();
        Assert.Contains("intro", nodes);
        Assert.Contains(paths, p => p.StartsWith("$.nodes[", StringComparison.Ordinal) && p.Contains("routes", StringComparison.Ordinal));
        Assert.Null(await _ctx.Drafts.GetAsync("imported-broken"));
    }

    [Fact]
    public async Task Malformed_JSON_is_reported_with_its_line_and_nothing_is_saved()
    {
        var cut = RenderList();
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("{\n  \"formatVersion\": 1,\n  \"id\": \"x\",,\n}", "bad.json"));
        cut.WaitForAssertion(() => Assert.Contains("第 3 行", cut.Find("[data-testid=import-report]").TextContent, StringComparison.Ordinal));
        Assert.Empty((await _ctx.Drafts.ListAsync(new ScriptQuery())).Items);
    }

    [Fact]
    public async Task A_valid_document_is_saved_as_a_draft_and_listed_and_the_same_id_twice_is_refused()
    {
        var cut = RenderList();
        // An empty list teaches: it offers the library templates.
        Assert.Equal(_ctx.Library.Templates.Count, cut.FindAll("[data-testid=empty-templates] .mud-card").Count);

        var document = Library("birthday-care-wecom");
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(document, "birthday.json"));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-script-id=birthday-care-wecom]")));
        Assert.Equal(document, (await _ctx.Drafts.GetAsync("birthday-care-wecom"))!.Document);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(document, "birthday.json"));
        cut.WaitForAssertion(() => Assert.Contains("I001", cut.Find("[data-testid=import-report]").TextContent, StringComparison.Ordinal));
        Assert.Equal("$.id", cut.Find("[data-severity=error] [data-testid=diagnostic-path]").TextContent);
        Assert.Equal(1, (await _ctx.Drafts.GetAsync("birthday-care-wecom"))!.Revision);
    }
}
