using System.Net;
using Studio.Runtime.Operations;
using Studio.Web.Tests.Browser;

namespace Studio.Web.Tests.Review;

public sealed class ExperimentPagesTests
{
    [Fact]
    public async Task Without_any_split_the_list_says_how_to_start_an_experiment_and_an_unknown_name_says_so()
    {
        // No first-run seeding: the library drafts hold splits, which would be experiments.
        await using var host = new StudioTestHost(new Dictionary<string, string?> { ["Studio:Web:Seed"] = "false" }, testServices: services => TestAuthentication.Add(services, defaultRole: StudioAuth.Roles.Reviewer));
        using var client = host.CreateClient();

        var list = await client.GetAsync(new Uri("/experiments", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("还没有实验", WebUtility.HtmlDecode(await list.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var missing = WebUtility.HtmlDecode(await (await client.GetAsync(new Uri("/experiments/nope", UriKind.Relative))).Content.ReadAsStringAsync());
        Assert.Contains("没有名为 nope 的实验", missing, StringComparison.Ordinal);
    }
}
