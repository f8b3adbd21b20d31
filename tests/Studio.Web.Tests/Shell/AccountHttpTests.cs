using System.Net;
using System.Text.RegularExpressions;
using Studio.Web.Tests.Browser;

namespace Studio.Web.Tests.Shell;

/// <summary>Sign-in and sign-out over plain HTTP: antiforgery tokens are required, the cookie is what grants access.</summary>
public sealed partial class AccountHttpTests : IAsyncLifetime
{
    private StudioTestHost _host = default!;

    public Task InitializeAsync()
    {
        _host = new StudioTestHost();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        return TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException($"no antiforgery token on {path}");
    }

    private Uri Absolute(HttpResponseMessage response) => new(_host.BaseUrl, response.Headers.Location!);

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields) =>
        client.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(fields));

    private async Task<HttpClient> SignedInClientAsync()
    {
        var client = _host.CreateClient();
        var token = await TokenAsync(client, "/account/login");
        using var response = await PostFormAsync(client, "/account/login?ReturnUrl=%2Fusers", new()
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.UserName"] = "Admin ",
            ["Input.Password"] = StudioTestHost.AdminPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(_host.BaseUrl + "users", Absolute(response).ToString());
        return client;
    }

    [Fact]
    public async Task Signing_in_with_the_form_grants_the_pages_of_the_role_and_returns_to_the_local_page_asked_for()
    {
        using var client = await SignedInClientAsync();
        using var users = await client.GetAsync(new Uri("/users", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Contains("admin", await users.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_without_the_antiforgery_token_is_refused()
    {
        using var client = _host.CreateClient();
        await TokenAsync(client, "/account/login");
        using var response = await PostFormAsync(client, "/account/login", new()
        {
            ["_handler"] = "login",
            ["Input.UserName"] = "admin",
            ["Input.Password"] = StudioTestHost.AdminPassword,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var scripts = await client.GetAsync(new Uri("/scripts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, scripts.StatusCode);
    }

    [Fact]
    public async Task A_return_address_on_another_site_is_ignored()
    {
        using var client = _host.CreateClient();
        var token = await TokenAsync(client, "/account/login");
        using var response = await PostFormAsync(client, "/account/login?ReturnUrl=%2F%2Fevil.example%2F", new()
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.UserName"] = "admin",
            ["Input.Password"] = StudioTestHost.AdminPassword,
        });
        Assert.Equal(_host.BaseUrl + "scripts", Absolute(response).ToString());
    }

    [Fact]
    public async Task Signing_out_needs_the_token_and_then_ends_the_session()
    {
        using var client = await SignedInClientAsync();
        using (var forged = await PostFormAsync(client, "/account/logout", []))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }
        using (var stillIn = await client.GetAsync(new Uri("/scripts", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        }
        var token = await TokenAsync(client, "/scripts");
        using (var logout = await PostFormAsync(client, "/account/logout", new() { ["__RequestVerificationToken"] = token }))
        {
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
            Assert.Equal("/account/login", logout.Headers.Location?.OriginalString);
        }
        using var after = await client.GetAsync(new Uri("/scripts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }
}
