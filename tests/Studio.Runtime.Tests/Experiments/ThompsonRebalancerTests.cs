using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Studio.Core.Scripts;
using Studio.Data;
using Studio.Data.Experiments;
using Studio.Data.Outcomes;
using Studio.Data.Privacy;
using Studio.Data.Scripts;
using Studio.Data.Storage;
using Studio.Data.TurnLog;
using Studio.Data.Versions;
using Studio.Runtime.Experiments;
using Studio.Runtime.Tests.Publishing;

namespace Studio.Runtime.Tests.Experiments;

/// <summary>The Thompson rebalancer on a real LiteDB file: weights from the review, floored, recorded as periods.</summary>
public sealed class ThompsonRebalancerTests : IDisposable
{
    private const string Experiment = "dormant-framing";
    private readonly TempDatabase _temp = new();
    private readonly PersonalDataProtector _protector = new(RandomNumberGenerator.GetBytes(32));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_pass_moves_traffic_toward_the_better_arm_keeps_the_floor_and_skips_stopped_experiments()
    {
        var drafts = new LiteDbScriptDraftStore(_temp.Db);
        await drafts.SaveAsync("dormant-reactivation", Library.Read("dormant-reactivation.json"), 0, "test");
        var turns = new LiteDbTurnLog(_temp.Db, _protector);
        var events = new LiteDbOutcomeEventStore(_temp.Db);
        var states = new LiteDbExperimentStateStore(_temp.Db, _time);
        var catalog = new ExperimentCatalog(drafts, new LiteDbScriptVersionStore(_temp.Db), states: states, time: _time);
        var decisions = new ExperimentDecisions(catalog, new ExperimentReviewSource(turns, events, _protector, _time), states, _time);
        var rebalancer = new ThompsonRebalancer(states, catalog, decisions, Options.Create(new ThompsonOptions()), _time, NullLogger<ThompsonRebalancer>.Instance);

        Assert.True((await decisions.SetModeAsync(Experiment, AllocationMode.ThompsonSampling, 10, "wang.design")).Succeeded);
        var start = _time.GetUtcNow().AddDays(-5);
        await turns.AppendAsync([.. Enumerable.Range(0, 800).Select(i => new TurnRecord
        {
            Time = start.AddMinutes(i), Conversation = $"voice:c{i}", Channel = Channel.Voice, MemberId = $"m-{i}",
            ScriptId = "dormant-reactivation", Version = "v1", Turn = 1, Experiment = Experiment, Arm = i % 2 == 0 ? "A" : "B",
        })]);
        // B's members are added four times as often (80 vs 20 of 400).
        for (var i = 0; i < 800; i++)
        {
            if ((i % 2 == 1 && i < 160) || (i % 2 == 0 && i < 40))
            {
                await events.InsertAsync(new OutcomeEvent { EventId = $"e{i}", Type = OutcomeTypes.WecomAddAccepted, MemberId = $"m-{i}", Time = start.AddMinutes(i + 30) });
            }
        }
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(1, await rebalancer.RebalanceAllAsync());
        var state = (await states.GetAsync(Experiment))!;
        Assert.True(state.ThompsonWeights!["B"] > 85, string.Join(", ", state.ThompsonWeights));
        Assert.Equal(10, state.ThompsonWeights["A"], 0.1);
        Assert.Equal(_time.GetUtcNow(), state.ThompsonComputedAt);
        Assert.Equal("thompson", state.WeightPeriods[^1].Source);
        Assert.Equal(_time.GetUtcNow(), state.WeightPeriods[^1].From);

        // The review judges each member by the weights in force at their first exposure: no SRM from adapting.
        var experiment = (await catalog.FindAsync(Experiment))!;
        Assert.Equal(50, experiment.WeightsAt(start)["A"]);

        await decisions.StopAsync(Experiment, "wang.design", null);
        Assert.Equal(0, await rebalancer.RebalanceAllAsync());
    }

    [Fact]
    public async Task A_non_positive_interval_is_refused_at_start_naming_the_setting()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Experiments:ThompsonInterval"] = "-00:05:00" }).Build());
        services.AddLiteDbStudioData(new StudioDataOptions { DatabasePath = Path.Combine(_temp.Folder, "options.db") });
        services.AddExperiments();
        await using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ThompsonOptions>>().Value);
        Assert.Contains("Experiments:ThompsonInterval must be a positive time span", error.Message);
    }
}
