using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Studio.Core.Experiments;
using Studio.Data;
using Studio.Data.Outcomes;
using Studio.Data.TurnLog;
using Studio.Runtime.Experiments;
using Studio.Runtime.Tests.Publishing;

namespace Studio.Runtime.Tests.Experiments;

/// <summary>A real LiteDB file seeded once with the demo experiment, served by Kestrel on 127.0.0.1.</summary>
public sealed class SeededExperimentHost : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "studio-runtime-tests", Guid.NewGuid().ToString("N"));

    public WebApplication App { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public DemoSeedResult FirstSeed { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["Experiments:dormant-framing:CallCostPerMinute"] = "0.15";
        builder.Services.AddLiteDbStudioData(new StudioDataOptions { DatabasePath = Path.Combine(_directory, "studio.db") });
        builder.Services.AddExperiments();
        App = builder.Build();
        App.MapExperimentsApi();
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Http = new HttpClient { BaseAddress = new Uri(address) };
        FirstSeed = await App.Services.GetRequiredService<DemoExperimentSeeder>().SeedFromFileAsync(Library.PathOf("dormant-reactivation.json"));
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class ExperimentsApiTests(SeededExperimentHost host) : IClassFixture<SeededExperimentHost>
{
    [Fact]
    public async Task The_demo_seeder_writes_twelve_thousand_calls_once()
    {
        Assert.True(host.FirstSeed.Seeded);
        Assert.Equal(DemoExperimentSeeder.DefaultCalls, host.FirstSeed.Conversations);
        Assert.True(host.FirstSeed.Turns > 30_000, $"{host.FirstSeed.Turns} turns");
        Assert.True(host.FirstSeed.Events > 2_000, $"{host.FirstSeed.Events} events");

        var again = await host.App.Services.GetRequiredService<DemoExperimentSeeder>().SeedFromFileAsync(Library.PathOf("dormant-reactivation.json"));
        Assert.False(again.Seeded);
        var log = host.App.Services.GetRequiredService<ITurnLog>();
        var last = await log.QueryAsync(new TurnQuery { Conversation = DemoExperimentSeeder.ConversationKey(DemoExperimentSeeder.DefaultCalls - 1), Take = 100 });
        Assert.NotEmpty(last.Items);
        Assert.All(last.Items, t => Assert.Equal("dormant-reactivation", t.ScriptId));
        // Seeded turns read like the runtime's: calling hours in China time, member text and intents recorded.
        Assert.All(last.Items, t => Assert.InRange(t.Time.ToOffset(TimeSpan.FromHours(8)).Hour, 9, 21));
    }

    [Fact]
    public async Task The_experiment_list_names_the_demo_experiment_with_its_arms()
    {
        var list = await host.Http.GetFromJsonAsync<JsonElement>("/api/experiments");
        var framing = list.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "dormant-framing");
        Assert.Equal("dormant-reactivation", framing.GetProperty("scriptId").GetString());
        Assert.Equal("wecom_add_accepted", framing.GetProperty("primaryMetric").GetString());
        Assert.Equal(["A", "B"], framing.GetProperty("arms").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.Equal(8.5, framing.GetProperty("arms")[1].GetProperty("incentiveCost").GetDouble());
    }

    [Fact]
    public async Task The_review_of_the_demo_experiment_finds_the_planted_effect()
    {
        var review = await host.Http.GetFromJsonAsync<JsonElement>("/api/experiments/dormant-framing/review");
        // The certain coupon (A, the control) persuades more members than the chance red packet (B).
        Assert.Equal("ControlWins", review.GetProperty("verdict").GetProperty("kind").GetString());
        Assert.Equal("A", review.GetProperty("verdict").GetProperty("winner").GetString());
        Assert.StartsWith("对照组 A 的加微率最好:B 比它低 ", review.GetProperty("verdict").GetProperty("chinese").GetString());
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "studio-demo-review.json"), review.ToString());
        Assert.False(review.GetProperty("sampleRatioMismatch").GetBoolean());
        var arms = review.GetProperty("arms").EnumerateArray().ToList();
        var members = arms.Sum(a => a.GetProperty("funnel").GetProperty("assigned").GetInt64());
        Assert.Equal(review.GetProperty("members").GetInt64(), members);
        Assert.InRange(members, 6_000, 12_000);
        foreach (var arm in arms)
        {
            var funnel = arm.GetProperty("funnel");
            Assert.True(funnel.GetProperty("reached").GetInt64() >= funnel.GetProperty("engaged").GetInt64());
            Assert.True(funnel.GetProperty("engaged").GetInt64() >= funnel.GetProperty("consent").GetInt64());
            Assert.True(arm.GetProperty("cost").GetDouble() > 0);
            Assert.True(arm.GetProperty("roi").GetDouble() > 0);
        }
        Assert.True(review.GetProperty("daily").GetArrayLength() >= 2 * 14);
        Assert.DoesNotContain(review.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "open_window");
    }

    [Fact]
    public async Task The_review_source_matches_the_turn_log_exactly()
    {
        var source = host.App.Services.GetRequiredService<ExperimentReviewSource>();
        var catalog = host.App.Services.GetRequiredService<ExperimentCatalog>();
        var experiment = (await catalog.FindAsync("dormant-framing"))!;
        Assert.Equal(0.15m, experiment.CallCostPerMinute); // from configuration
        var input = await source.BuildInputAsync(experiment);
        // Count the exposed conversations straight from the log.
        var log = host.App.Services.GetRequiredService<ITurnLog>();
        var exposed = new HashSet<string>(StringComparer.Ordinal);
        var query = new TurnQuery { Experiment = "dormant-framing", Take = 1000 };
        while (true)
        {
            var page = await log.QueryAsync(query);
            exposed.UnionWith(page.Items.Select(t => t.Conversation));
            if (page.Next is null)
            {
                break;
            }
            query = query with { After = page.Next };
        }
        Assert.Equal(exposed.Count, input.Exposures.Count);
        Assert.Equal(exposed.Count, input.Contacts.Count);
        var events = host.App.Services.GetRequiredService<IOutcomeEventStore>();
        var adds = await events.QueryAsync(new OutcomeQuery { Type = OutcomeTypes.WecomAddAccepted, Take = 1000 });
        Assert.NotEmpty(adds.Items);
        Assert.True(input.Outcomes.Count(o => o.Type == ReviewOutcomes.WecomAddAccepted) >= adds.Items.Count);
    }

    [Fact]
    public async Task The_review_exports_as_csv_one_row_per_arm()
    {
        var response = await host.Http.GetAsync("/api/experiments/dormant-framing/review.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(string.Join(",", ReviewCsv.Columns), lines[0]);
        Assert.StartsWith("A,直接送30元券,50,1,0,", lines[1]);
        Assert.StartsWith("B,", lines[2]);
    }

    [Fact]
    public async Task The_sample_size_calculator_answers_both_ways_and_explains_bad_input()
    {
        var size = await host.Http.GetFromJsonAsync<JsonElement>("/api/experiments/sample-size?baseline=0.10&mde=0.05");
        Assert.Equal(686, size.GetProperty("perArm").GetInt64());
        var mde = await host.Http.GetFromJsonAsync<JsonElement>("/api/experiments/sample-size?baseline=0.10&perArm=686");
        Assert.Equal(0.05, mde.GetProperty("mde").GetDouble(), 0.0005);
        var bad = await host.Http.GetAsync("/api/experiments/sample-size?baseline=1.5&mde=0.01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.StartsWith("baseline rate must be inside (0, 1)", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.GetAsync("/api/experiments/sample-size?baseline=0.05")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_experiment_is_a_404_that_names_it()
    {
        var response = await host.Http.GetAsync("/api/experiments/no-such-test/review");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no experiment 'no-such-test'", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/api/experiments/no-such-test/review.csv")).StatusCode);
    }
}
