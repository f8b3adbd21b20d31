using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Data.Users;
using Studio.Runtime.Operations;

namespace Studio.Web.Tests.Browser;

/// <summary>User management in a real browser, and what each role may do.</summary>
[Collection(BrowserCollection.Name)]
public sealed class UsersJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_admin_adds_a_reviewer_who_can_read_scripts_but_not_change_them_and_disabling_ends_their_session()
    {
        var admin = await fixture.SignedInPageAsync();
        await admin.GotoAsync("/users");
        await StudioPage.WaitReadyAsync(admin);
        var name = "reviewer" + Guid.NewGuid().ToString("N")[..6];
        await StudioPage.Field(admin, "new-user-name").FillAsync(name);
        await StudioPage.Field(admin, "new-user-display").FillAsync("赵复盘");
        await admin.ClickAsync("[data-testid=new-user-role]");
        await admin.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "查看" }).ClickAsync();
        await admin.Locator(".mud-popover-open").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await StudioPage.Field(admin, "new-user-password").FillAsync("reviewer-pass-1");
        await admin.ClickAsync("[data-testid=new-user-submit]");
        await admin.Locator($"[data-user='{name}']").WaitForAsync();
        var stored = await fixture.Host.Services.GetRequiredService<IUserStore>().GetAsync(name);
        Assert.Equal((StudioAuth.Roles.Reviewer, "赵复盘"), (stored!.Role, stored.DisplayName));
        await Screenshots.SaveAndCheckAsync(admin, "users");

        var reviewer = await fixture.NewPageAsync();
        await new LoginPage(reviewer).SignInAsync(name, "reviewer-pass-1");
        var list = new ScriptListPage(reviewer);
        await list.GotoAsync();
        Assert.True(await list.Rows.CountAsync() >= 6);
        // Reviewers read and export; they do not create, publish, duplicate or delete.
        Assert.Equal(0, await reviewer.Locator("[data-testid=create], [data-action=publish], [data-action=delete], [data-action=duplicate]").CountAsync());
        Assert.True(await reviewer.Locator("[data-action=export]").CountAsync() >= 6);
        await reviewer.GotoAsync("/scripts/dormant-reactivation/publish");
        Assert.Contains("/account/denied", reviewer.Url, StringComparison.Ordinal);
        await reviewer.GotoAsync("/users");
        Assert.Contains("/account/denied", reviewer.Url, StringComparison.Ordinal);

        // Disabling the account ends the session at the next request.
        await admin.Locator("tr").Filter(new() { Has = admin.Locator($"[data-user='{name}']") }).Locator("[data-action=toggle]").ClickAsync();
        await admin.Locator("tr").Filter(new() { Has = admin.Locator($"[data-user='{name}']") }).Locator("[data-status=disabled]").WaitForAsync();
        await reviewer.GotoAsync("/scripts");
        Assert.Contains("/account/login", reviewer.Url, StringComparison.Ordinal);
    }
}
