using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Studio.Runtime.Operations;
using Studio.Web.Tests.Browser;
using Studio.Web.Tts;

namespace Studio.Web.Tests.Tts;

/// <summary><c>GET /tts</c> on a real Kestrel on 127.0.0.1, with the real espeak-ng.</summary>
public sealed class TtsEndpointTests : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("studio-tts-endpoint-");
    private WebApplication? _app;
    private HttpClient _http = null!;

    private async Task<HttpClient> StartAsync(string? espeakPath = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Configuration["Studio:Tts:CacheDirectory"] = Path.Combine(_dir.FullName, "tts");
        builder.Configuration["Studio:Tts:MaxTextLength"] = "50";
        if (espeakPath is not null)
        {
            builder.Configuration["Studio:Tts:EspeakPath"] = espeakPath;
        }
        TestAuthentication.Add(builder.Services);
        builder.Services.AddStudioTts(builder.Configuration);
        _app = builder.Build();
        _app.MapStudioTts();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _http = new HttpClient { BaseAddress = new Uri(address) };
        return _http;
    }

    private static HttpRequestMessage Get(string url, string? role = StudioAuth.Roles.Designer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        if (role is not null)
        {
            request.Headers.Add(TestAuthentication.RoleHeader, role);
        }
        return request;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task A_designer_gets_a_wav_of_the_text_and_it_is_cached_on_disk()
    {
        var http = await StartAsync();
        using var response = await http.SendAsync(Get("/tts?text=" + Uri.EscapeDataString("三十元无门槛优惠券")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("audio/wav", response.Content.Headers.ContentType?.MediaType);
        var wav = await response.Content.ReadAsByteArrayAsync();
        Assert.True(WavHeader.IsWave(wav));
        Assert.Single(Directory.GetFiles(Path.Combine(_dir.FullName, "tts"), "*.wav"));

        using var again = await http.SendAsync(Get("/tts?text=" + Uri.EscapeDataString("三十元无门槛优惠券")));
        Assert.Equal(wav, await again.Content.ReadAsByteArrayAsync());
        var cache = Assert.IsType<CachingTtsProvider>(_app!.Services.GetRequiredService<ITtsProvider>());
        Assert.Equal(1, cache.Hits);
    }

    [Fact]
    public async Task Only_signed_in_designers_may_synthesise()
    {
        var http = await StartAsync();
        using var anonymous = await http.SendAsync(Get("/tts?text=hi", role: null));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var reviewer = await http.SendAsync(Get("/tts?text=hi", role: StudioAuth.Roles.Reviewer));
        Assert.Equal(HttpStatusCode.Forbidden, reviewer.StatusCode);
        using var admin = await http.SendAsync(Get("/tts/status", role: StudioAuth.Roles.Admin));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task Too_long_text_is_a_400_saying_how_long()
    {
        var http = await StartAsync();
        using var response = await http.SendAsync(Get("/tts?text=" + Uri.EscapeDataString(new string('好', 51))));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 50", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_espeak_ng_the_endpoint_says_so_with_a_503_and_the_status_explains()
    {
        var http = await StartAsync(espeakPath: Path.Combine(_dir.FullName, "no-espeak-ng"));
        using var response = await http.SendAsync(Get("/tts?text=" + Uri.EscapeDataString("您好")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("未安装语音合成 espeak-ng", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var statusResponse = await http.SendAsync(Get("/tts/status"));
        var status = await statusResponse.Content.ReadFromJsonAsync<TtsStatus>();
        Assert.NotNull(status);
        Assert.False(status.Available);
        Assert.Contains("apt-get install espeak-ng", status.Problem, StringComparison.Ordinal);
    }
}
