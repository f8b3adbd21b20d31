using Studio.Voice.Emulator;
using Xunit.Abstractions;

namespace Studio.Runtime.Tests.Channels.Voice;

/// <summary>Many calls at once through one endpoint (a small version of the load bench; bounded, loopback only).</summary>
public sealed class VoiceLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Concurrent_calls_all_complete_with_every_ack_in_time_and_no_cross_talk()
    {
        await using var host = await VoiceTestHost.StartAsync();
        const int Calls = 120;
        // Warm up (script compiled, code jitted) as a running host would be; the cold first call is tested elsewhere.
        await host.Emulator().PlaceCallAsync(CallSetup.Outbound(VoiceScripts.Dormant, "warm-up"), new ScriptedCaller(CallerAction.Say("是我"), CallerAction.Say("好的")));
        var report = await JambonzLoad.RunAsync(host.Options(), Calls, concurrency: 60, i => (
            CallSetup.Outbound(VoiceScripts.Dormant, $"load-{i}", "load", new Dictionary<string, string> { ["surname"] = "张", ["title"] = "女士" }),
            new ScriptedCaller(CallerAction.Say("是我"), i % 3 == 0 ? CallerAction.Say("别再打了") : CallerAction.Say("好的,你加吧"))));
        output.WriteLine(report.ToString());

        Assert.True(report.Failed == 0, string.Join("\n", report.Errors));
        Assert.Equal(Calls * 3, report.Turns);
        Assert.True(report.P99 < TimeSpan.FromSeconds(1), report.ToString()); // loose: this machine is shared; docs/benchmarks.md has the real figures

        // Each call ended on its own path: a third opted out, the rest consented.
        var outcomes = host.Handler.Calls.Where(c => c.Info.MemberId!.StartsWith("load-", StringComparison.Ordinal))
            .ToDictionary(c => c.Info.MemberId!, c => c.Outcome);
        Assert.Equal(Calls, outcomes.Count);
        for (var i = 0; i < Calls; i++)
        {
            Assert.Equal(i % 3 == 0 ? "opt_out" : "wecom_add_consent", outcomes[$"load-{i}"]);
        }
    }
}
