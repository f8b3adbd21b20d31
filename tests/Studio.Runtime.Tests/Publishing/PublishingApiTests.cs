using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Studio.Data;
using Studio.Data.Scripts;
using Studio.Runtime.Publishing;

namespace Studio.Runtime.Tests.Publishing;

/// <summary>The publishing API over a real Kestrel server on 127.0.0.1 with a real LiteDB file.</summary>
public sealed class PublishingApiTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "studio-runtime-tests", Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddLiteDbStudioData(new StudioDataOptions { DatabasePath = Path.Combine(_directory, "studio.db") });
        builder.Services.AddScriptPublishing();
        _app = builder.Build();
        _app.MapPublishingApi();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Assert.StartsWith("http://127.0.0.1:", address);
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task SaveDraftAsync(string id, string document)
    {
        var drafts = _app.Services.GetRequiredService<IScriptDraftStore>();
        var current = await drafts.GetAsync(id);
        await drafts.SaveAsync(id, document, current?.Revision ?? 0, "王运营");
    }

    [Fact]
    public async Task Publish_list_rollback_over_http()
    {
        var document = Library.Read("double11-vip-notice.json");
        await SaveDraftAsync("double11-vip-notice", document);

        var published = await _http.PostAsJsonAsync("/api/scripts/double11-vip-notice/publish", new { note = "11.11 首发" });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var first = await published.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("published", first.GetProperty("status").GetString());
        Assert.Equal(1, first.GetProperty("number").GetInt32());
        Assert.Equal("all", first.GetProperty("activeOn").GetString());
        var v1 = first.GetProperty("version").GetString();

        await SaveDraftAsync("double11-vip-notice", document.Replace("围巾", "丝巾", StringComparison.Ordinal));
        var second = await (await _http.PostAsJsonAsync("/api/scripts/double11-vip-notice/publish", new { note = "换赠品" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, second.GetProperty("number").GetInt32());

        var versions = await _http.GetFromJsonAsync<JsonElement>("/api/scripts/double11-vip-notice/versions");
        Assert.Equal(2, versions.GetArrayLength());
        Assert.Equal(2, versions[0].GetProperty("number").GetInt32());
        Assert.True(versions[0].GetProperty("active").GetBoolean());
        Assert.False(versions[1].GetProperty("active").GetBoolean());
        Assert.Equal("11.11 首发", versions[1].GetProperty("note").GetString());
        Assert.Equal("api", versions[1].GetProperty("publishedBy").GetString());

        var rollback = await _http.PostAsJsonAsync("/api/scripts/double11-vip-notice/rollback", new { version = v1 });
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        var rolled = await rollback.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, rolled.GetProperty("number").GetInt32());
        Assert.Equal(second.GetProperty("version").GetString(), rolled.GetProperty("previous").GetString());

        versions = await _http.GetFromJsonAsync<JsonElement>("/api/scripts/double11-vip-notice/versions");
        Assert.True(versions[1].GetProperty("active").GetBoolean());
        Assert.False(versions[0].GetProperty("active").GetBoolean());

        var resolver = _app.Services.GetRequiredService<ICompiledScriptResolver>();
        Assert.Equal(v1, (await resolver.GetActiveAsync("double11-vip-notice", Studio.Core.Scripts.Channel.Voice))!.Version);
    }

    [Fact]
    public async Task A_broken_draft_is_refused_with_422_and_its_diagnostics()
    {
        var broken = Library.Read("store-gift-pickup.json").Replace("\"kind\": \"say\"", "\"kind\": \"sya\"", StringComparison.Ordinal);
        await SaveDraftAsync("store-gift-pickup", broken);

        var response = await _http.PostAsJsonAsync("/api/scripts/store-gift-pickup/publish", new { note = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("refused", body.GetProperty("status").GetString());
        var diagnostic = body.GetProperty("diagnostics")[0];
        Assert.Equal("error", diagnostic.GetProperty("severity").GetString());
        Assert.Equal("SS003", diagnostic.GetProperty("code").GetString());
        Assert.True(diagnostic.GetProperty("line").GetInt32() > 0);

        var versions = await _http.GetFromJsonAsync<JsonElement>("/api/scripts/store-gift-pickup/versions");
        Assert.Equal(0, versions.GetArrayLength());
    }

    [Fact]
    public async Task Unknown_scripts_versions_and_bad_requests()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsJsonAsync("/api/scripts/nope/publish", new { note = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/scripts/nope/versions")).StatusCode);

        await SaveDraftAsync("birthday-care-wecom", Library.Read("birthday-care-wecom.json"));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsJsonAsync("/api/scripts/birthday-care-wecom/rollback", new { version = "3" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PostAsJsonAsync("/api/scripts/birthday-care-wecom/rollback", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PostAsJsonAsync("/api/scripts/birthday-care-wecom/publish", new { channel = "fax" })).StatusCode);

        var wecomOnly = await _http.PostAsJsonAsync("/api/scripts/birthday-care-wecom/publish", new { note = "企微", channel = "wecom" });
        Assert.Equal(HttpStatusCode.OK, wecomOnly.StatusCode);
        Assert.Equal("wecom", (await wecomOnly.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activeOn").GetString());
    }
}
