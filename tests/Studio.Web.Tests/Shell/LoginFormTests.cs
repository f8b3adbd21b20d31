using Bunit;
using Studio.Data.Users;
using Studio.Runtime.Operations;
using Studio.Web.Account;
using Studio.Web.Components.Pages.Account;

namespace Studio.Web.Tests.Shell;

public sealed class LoginFormTests : IAsyncLifetime
{
    private readonly ShellComponentContext _ctx = new();

    public async Task InitializeAsync()
    {
        var passwords = new StudioPasswords();
        foreach (var (name, disabled) in new[] { ("wang", false), ("li", true) })
        {
            var user = new StudioUser { UserName = name, DisplayName = name, Role = StudioAuth.Roles.Designer, Disabled = disabled };
            user.PasswordHash = passwords.Hash(user, "right-password");
            await _ctx.Users.CreateAsync(user);
        }
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public void An_empty_form_asks_for_the_name_and_the_password_in_Chinese()
    {
        var cut = _ctx.Render<Login>();
        cut.Find("form").Submit();
        var messages = cut.FindAll(".studio-field-error").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(["请输入用户名", "请输入密码"], messages);
        Assert.Empty(cut.FindAll("[data-testid=login-error]"));
    }

    [Fact]
    public void A_missing_password_alone_is_reported_next_to_its_field()
    {
        var cut = _ctx.Render<Login>();
        cut.Find("#login-name").Change("wang");
        cut.Find("form").Submit();
        Assert.Equal("请输入密码", cut.Find(".studio-field-error").TextContent.Trim());
    }

    [Fact]
    public void A_wrong_password_gets_one_message_that_does_not_say_whether_the_name_exists()
    {
        var cut = _ctx.Render<Login>();
        cut.Find("#login-name").Change("wang");
        cut.Find("#login-password").Change("wrong-password");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Equal("用户名或密码不正确", cut.Find("[data-testid=login-error]").TextContent.Trim()));

        var unknown = _ctx.Render<Login>();
        unknown.Find("#login-name").Change("nobody");
        unknown.Find("#login-password").Change("wrong-password");
        unknown.Find("form").Submit();
        unknown.WaitForAssertion(() => Assert.Equal("用户名或密码不正确", unknown.Find("[data-testid=login-error]").TextContent.Trim()));
    }

    [Fact]
    public void A_disabled_account_is_told_to_ask_an_admin()
    {
        var cut = _ctx.Render<Login>();
        cut.Find("#login-name").Change("li");
        cut.Find("#login-password").Change("right-password");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("已停用", cut.Find("[data-testid=login-error]").TextContent, StringComparison.Ordinal));
    }
}
