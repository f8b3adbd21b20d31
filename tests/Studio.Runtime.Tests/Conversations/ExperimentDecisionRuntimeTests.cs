using Microsoft.Extensions.DependencyInjection;
using Studio.Core.Experiments;
using Studio.Core.Scripts;
using Studio.Data.Experiments;
using Studio.Runtime.Conversations;
using Studio.Runtime.Experiments;

namespace Studio.Runtime.Tests.Conversations;

/// <summary>
/// Decisions on an experiment reach the hosted runtime: after a stop, members who never met the split go down the
/// control arm while members exposed before keep theirs; in Thompson mode new members are cut by the stored weights.
/// </summary>
public sealed class ExperimentDecisionRuntimeTests : IAsyncLifetime
{
    private const string Experiment = "dormant-framing";
    private static readonly Arm[] FiftyFifty = [new() { Id = "A", Weight = 50 }, new() { Id = "B", Weight = 50 }];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "studio-runtime-decisions", Guid.NewGuid().ToString("N"));
    private RuntimeTestHost? _host;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _host = await RuntimeTestHost.StartAsync(_dir);
        await _host.PublishAsync("dormant-reactivation.json");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A member id whose sticky hash falls into <paramref name="arm"/> under <paramref name="arms"/>.</summary>
    private static string MemberHashedTo(string prefix, string arm, IReadOnlyList<Arm> arms) =>
        Enumerable.Range(0, 1000).Select(i => $"{prefix}-{i}").First(id => ArmAllocator.Assign(Experiment, id, arms) == arm);

    /// <summary>Starts a call and answers the identity question, which leads to the split; returns the arm met.</summary>
    private async Task<string?> ArmMetAsync(string memberId, string call = "1")
    {
        var grain = _host!.Conversation(Channel.Voice, $"call-{memberId}-{call}");
        await grain.StartAsync(new ConversationStartRequest
        {
            ScriptId = "dormant-reactivation",
            InputId = "start",
            MemberId = memberId,
            Member = new() { ["surname"] = "张", ["title"] = "女士" },
            Outbound = true,
        });
        var turn = await grain.TurnAsync(ConversationInput.Say("是我", "h1"));
        Assert.Equal(Experiment, turn.Experiment);
        return turn.Arm;
    }

    [Fact]
    public async Task After_a_stop_a_new_member_gets_the_control_arm_and_a_member_exposed_before_keeps_theirs()
    {
        var early = MemberHashedTo("dr-early", "B", FiftyFifty);
        Assert.Equal("B", await ArmMetAsync(early));

        var decisions = _host!.Services.GetRequiredService<ExperimentDecisions>();
        var stopped = await decisions.StopAsync(Experiment, "wang.design", "B 组投诉偏多,先停");
        Assert.True(stopped.Succeeded, stopped.Error);
        Assert.Equal(("wang.design", "B 组投诉偏多,先停"), (stopped.State!.StoppedBy, stopped.State.StopNote));

        var late = MemberHashedTo("dr-late", "B", FiftyFifty); // would get B by the hash
        Assert.Equal("A", await ArmMetAsync(late));
        Assert.Equal("B", await ArmMetAsync(early, call: "2")); // a second call: still the first exposure's arm

        var again = await decisions.StopAsync(Experiment, "li.admin", null);
        Assert.False(again.Succeeded);
        Assert.Contains("already stopped", again.Error);
        Assert.Contains("wang.design", again.Error);
        var experiment = await _host.Services.GetRequiredService<ExperimentCatalog>().FindAsync(Experiment);
        Assert.Equal(stopped.State.StoppedAt, experiment!.StoppedAt); // the review window freezes at the stop
    }

    [Fact]
    public async Task In_Thompson_mode_new_members_are_allocated_with_the_stored_weights()
    {
        var states = _host!.Services.GetRequiredService<IExperimentStateStore>();
        await states.UpdateAsync(Experiment, s =>
        {
            s.Mode = AllocationMode.ThompsonSampling;
            s.ThompsonWeights = new() { ["A"] = 10, ["B"] = 90 };
        });
        Arm[] stored = [new() { Id = "A", Weight = 10 }, new() { Id = "B", Weight = 90 }];
        // Hashed to A by the split's 50/50 but to B by the stored 10/90: only the stored weights give B.
        var member = Enumerable.Range(0, 1000).Select(i => $"dr-ts-{i}")
            .First(id => ArmAllocator.Assign(Experiment, id, FiftyFifty) == "A" && ArmAllocator.Assign(Experiment, id, stored) == "B");
        Assert.Equal("B", await ArmMetAsync(member));

        await states.UpdateAsync(Experiment, s => s.ThompsonWeights = new() { ["A"] = 90, ["B"] = 10 });
        Assert.Equal("B", await ArmMetAsync(member, call: "2")); // sticky: new weights move only members never exposed
    }
}
