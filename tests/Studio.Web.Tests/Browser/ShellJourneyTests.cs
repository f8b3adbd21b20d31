using System.Text.Json;
using Microsoft.Playwright;

namespace Studio.Web.Tests.Browser;

/// <summary>The shell's journeys in a real browser: sign in, the scripts list, a template, export, publish, versions.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Sign_in_create_from_template_export_and_publish_until_the_version_is_live()
    {
        var page = await fixture.SignedInPageAsync();
        Assert.EndsWith("/scripts", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);

        var list = new ScriptListPage(page);
        await list.GotoAsync();
        // The library was seeded on first run.
        Assert.True(await list.Rows.CountAsync() >= 6);
        await Screenshots.SaveAndCheckAsync(page, "scripts-list");

        var id = await list.CreateFromTemplateAsync("dormant-reactivation", "沉默会员唤醒·双十二");
        Assert.StartsWith("dormant-reactivation-", id, StringComparison.Ordinal);
        Assert.Equal("draft", await list.Row(id).Locator("[data-status]").First.GetAttributeAsync("data-status"));

        var (fileName, text) = await list.ExportAsync(id);
        Assert.Equal(id + ".json", fileName);
        using (var exported = JsonDocument.Parse(text))
        {
            Assert.Equal(id, exported.RootElement.GetProperty("id").GetString());
            Assert.Equal("沉默会员唤醒·双十二", exported.RootElement.GetProperty("name").GetString());
        }

        await list.Row(id).Locator("[data-action=publish]").ClickAsync();
        var publish = new PublishPage(page);
        await page.WaitForURLAsync($"**/scripts/{id}/publish");
        await StudioPage.WaitReadyAsync(page);
        // First version: every node shows as added.
        await page.Locator("[data-diff-section=nodes] [data-change=added]").First.WaitForAsync();
        await Screenshots.SaveAndCheckAsync(page, "publish-before");

        var result = await publish.PublishAsync("双十二唤醒:首版上线");
        Assert.Contains("v1", result, StringComparison.Ordinal);
        var row = publish.VersionRow(1);
        await row.WaitForAsync();
        Assert.Equal("双十二唤醒:首版上线", (await row.Locator("[data-testid=version-note]").InnerTextAsync()).Trim());
        Assert.Equal("all", await row.Locator("[data-live]").GetAttributeAsync("data-live"));
        Assert.Contains(StudioTestHost.AdminUser, await row.InnerTextAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("[data-testid=diff-empty]")).ToBeVisibleAsync();
        await Screenshots.SaveAndCheckAsync(page, "publish-after");

        await list.GotoAsync();
        Assert.Equal("live", await list.Row(id).Locator("[data-status]").First.GetAttributeAsync("data-status"));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_in_Chinese_and_the_English_switch_translates_the_shell()
    {
        var page = await fixture.NewPageAsync();
        var login = new LoginPage(page);
        await login.SignInAsync(StudioTestHost.AdminUser, "not-the-password", expectSuccess: false);
        Assert.Equal("用户名或密码不正确", (await login.Error.InnerTextAsync()).Trim());
        await Screenshots.SaveAndCheckAsync(page, "login-refused");

        await login.SignInAsync(StudioTestHost.AdminUser, StudioTestHost.AdminPassword);
        await page.ClickAsync("[data-testid=culture-en]");
        await page.Locator("html[lang='en']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await StudioPage.WaitReadyAsync(page);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Scripts");
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        await page.ClickAsync("[data-testid=culture-zh]");
        await page.Locator("html[lang='zh-CN']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await StudioPage.WaitReadyAsync(page);
        await Expect(page.Locator("h1")).ToHaveTextAsync("话术");
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var page = await fixture.SignedInPageAsync();
        await page.ClickAsync("[data-testid=logout]");
        await page.WaitForURLAsync("**/account/login");
        await page.GotoAsync("/scripts");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
    }

    // The machine is shared: give the circuit time.
    private static ILocatorAssertions Expect(ILocator locator)
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        return Assertions.Expect(locator);
    }
}
