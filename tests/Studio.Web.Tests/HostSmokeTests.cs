using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Studio.Web.Tests;

public sealed class HostSmokeTests
{
    [Fact]
    public async Task The_home_page_renders_in_Chinese()
    {
        var dir = Directory.CreateTempSubdirectory("studio-web-");
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.UseSetting("Studio:Data:DatabasePath", Path.Combine(dir.FullName, "studio.db"))
             .UseSetting("Studio:Web:DemoExperiment", "false"));
        using var client = factory.CreateClient();
        var response = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("话术工作室", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
