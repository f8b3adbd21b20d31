using Microsoft.Playwright;

namespace Studio.Web.Tests.Browser;

/// <summary>Waits for the interactive circuit: the layout renders data-ready="true" once Blazor Server is connected.</summary>
public static class StudioPage
{
    public static Task WaitReadyAsync(IPage page) =>
        page.Locator("[data-ready='true']").First.WaitForAsync();

    /// <summary>The input of a MudBlazor field marked with data-testid (MudBlazor puts the attribute on the input itself).</summary>
    public static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], textarea[data-testid='{testId}'], [data-testid='{testId}'] input, [data-testid='{testId}'] textarea").First;
}

/// <summary>/account/login.</summary>
public sealed class LoginPage(IPage page)
{
    public async Task SignInAsync(string user, string password, bool expectSuccess = true)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#login-name", user);
        await page.FillAsync("#login-password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        if (expectSuccess)
        {
            await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
            await StudioPage.WaitReadyAsync(page);
        }
    }

    public ILocator Error => page.Locator("[data-testid=login-error]");
}

/// <summary>/scripts: rows are located by script id.</summary>
public sealed class ScriptListPage(IPage page)
{
    public async Task GotoAsync()
    {
        await page.GotoAsync("/scripts");
        await StudioPage.WaitReadyAsync(page);
        await page.Locator("[data-testid=script-table], [data-empty=true]").First.WaitForAsync();
    }

    public ILocator Row(string scriptId) => page.Locator("tr").Filter(new() { Has = page.Locator($"[data-script-id='{scriptId}']") });

    public ILocator Rows => page.Locator("[data-script-id]");

    /// <summary>Creates a script from a library template; returns the new script's id.</summary>
    public async Task<string> CreateFromTemplateAsync(string templateId, string name)
    {
        var before = await Rows.EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('data-script-id'))");
        await page.ClickAsync("[data-testid=create]");
        await page.Locator($"[data-template='{templateId}']").ClickAsync();
        // The server proposes the template's name; type over it only once it has arrived.
        var field = StudioPage.Field(page, "new-name");
        await Assertions.Expect(field).Not.ToHaveValueAsync("");
        await field.FillAsync(name);
        await Assertions.Expect(field).ToHaveValueAsync(name);
        await page.ClickAsync("[data-testid=create-confirm]");
        await page.Locator("[data-script-id]").Filter(new() { HasText = name }).WaitForAsync(new() { Timeout = 45_000 });
        var after = await Rows.EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('data-script-id'))");
        return after.Except(before).Single();
    }

    /// <summary>Clicks export on a row and returns the downloaded file's text.</summary>
    public async Task<(string FileName, string Text)> ExportAsync(string scriptId)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => Row(scriptId).Locator("[data-action=export]").ClickAsync());
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllTextAsync(path));
    }
}

/// <summary>/scripts/{id}/publish.</summary>
public sealed class PublishPage(IPage page)
{
    public async Task GotoAsync(string scriptId)
    {
        await page.GotoAsync($"/scripts/{Uri.EscapeDataString(scriptId)}/publish");
        await StudioPage.WaitReadyAsync(page);
        await page.Locator("[data-testid=publish-form]").WaitForAsync();
    }

    /// <summary>Writes the note, acknowledges warnings when asked, publishes and waits for the result.</summary>
    public async Task<string> PublishAsync(string note)
    {
        await StudioPage.Field(page, "publish-note").FillAsync(note);
        if (await page.Locator("[data-testid=acknowledge]").CountAsync() > 0)
        {
            await StudioPage.Field(page, "acknowledge").CheckAsync();
        }
        await page.ClickAsync("[data-testid=publish]");
        var result = page.Locator("[data-testid=publish-result]");
        await result.WaitForAsync(new() { Timeout = 60_000 });
        return await result.InnerTextAsync();
    }

    public ILocator VersionRow(int number) => page.Locator($"tr[data-version='{number}']");
}

/// <summary>The designer's canvas: positions, the minimap, pointer drags.</summary>
public static class DesignerCanvas
{
    public static async Task<(double X, double Y)> CentreOf(ILocator locator)
    {
        var box = await locator.BoundingBoxAsync() ?? throw new InvalidOperationException("element not visible");
        return (box.X + box.Width / 2, box.Y + box.Height / 2);
    }

    /// <summary>
    /// Brings nodes into view as a marketer would on a laptop screen: a click on the minimap centres the canvas
    /// there (here, between the nodes' minimap rectangles).
    /// </summary>
    public static async Task ShowAsync(IPage page, params string[] nodeIds)
    {
        var centres = new List<(double X, double Y)>();
        foreach (var id in nodeIds)
        {
            centres.Add(await CentreOf(page.Locator($".dc-minimap .dc-mini[data-node='{id}']")));
        }
        await page.Mouse.ClickAsync((float)centres.Average(c => c.X), (float)centres.Average(c => c.Y));
    }

    /// <summary>Presses at one point, moves in steps, releases at another.</summary>
    public static async Task DragAsync(IPage page, (double X, double Y) from, (double X, double Y) to)
    {
        await page.Mouse.MoveAsync((float)from.X, (float)from.Y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)to.X, (float)to.Y, new MouseMoveOptions { Steps = 12 });
        await page.Mouse.UpAsync();
    }
}
