using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Studio.Core.Scripts;
using Studio.Data.Compliance;
using Studio.Data.Members;
using Studio.Data.Outbox;
using Studio.Runtime.Conversations;
using Studio.Runtime.Outbox;
using Studio.Runtime.Tests.Operations;

namespace Studio.Runtime.Tests.Conversations;

/// <summary>
/// "Call me back later": the script's callback action is scheduled on the member's grain with a durable reminder
/// and, when due, placed as an outbound call through the voice gateway's REST API (a fake jambonz API on loopback).
/// </summary>
public sealed class CallbackTests : IAsyncLifetime
{
    private const string Phone = "13912345678";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("studio-callback-");
    private LoopbackReceiver _jambonz = null!;

    public async Task InitializeAsync() => _jambonz = await LoopbackReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _jambonz.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    private Task<RuntimeTestHost> StartAsync() => RuntimeTestHost.StartAsync(_dir.FullName, settings: new Dictionary<string, string?>
    {
        ["Studio:Outbox:Enabled"] = "true",
        // Phone numbers are stored encrypted, so only with a key.
        ["Studio:Data:SecretKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        ["Studio:Conversations:FollowUpRetryPeriod"] = "00:00:02",
        ["Studio:Orleans:Reminders:MinimumReminderPeriod"] = "00:00:01",
        ["Voice:Jambonz:Rest:BaseUrl"] = _jambonz.BaseUrl.ToString(),
        ["Voice:Jambonz:Rest:AccountSid"] = "AC-test",
        ["Voice:Jambonz:Rest:ApiKey"] = "jambonz-api-key",
        ["Voice:Jambonz:Rest:ApplicationSid"] = "APP-studio",
        ["Voice:Jambonz:Rest:From"] = "02160001234",
    });

    private static ConversationStartRequest Dormant(string memberId) => new()
    {
        ScriptId = "dormant-reactivation",
        InputId = "start",
        MemberId = memberId,
        Member = new() { ["surname"] = "张", ["title"] = "女士" },
        ForcedArms = new() { ["dormant-framing"] = "A" },
        Outbound = true,
    };

    private async Task<JsonNode> CallPlacedAsync()
    {
        await WaitUntilAsync(() => _jambonz.Received.Count > 0);
        var request = Assert.Single(_jambonz.Received);
        Assert.Equal("/v1/Accounts/AC-test/Calls", request.Path);
        Assert.Equal("Bearer jambonz-api-key", request.Headers["Authorization"]);
        return JsonNode.Parse(request.Text)!;
    }

    [Fact]
    public async Task A_member_who_is_busy_is_called_back_through_the_voice_gateway_with_the_script_and_member_in_the_call_data()
    {
        await using var host = await StartAsync();
        // Called back at once (the library script waits two hours).
        await host.PublishAsync("dormant-reactivation.json", json => json.Replace("\"delayMinutes\": 120", "\"delayMinutes\": 0", StringComparison.Ordinal));
        await host.Services.GetRequiredService<IMemberStore>().UpsertAsync(new MemberInput { Id = "cb-1", Phone = Phone });

        var call = host.Conversation(Channel.Voice, "call-cb-1");
        await call.StartAsync(Dormant("cb-1"));
        var busy = await call.TurnAsync(ConversationInput.Say("我在开会,现在不方便", "h1"));
        Assert.Equal("ask_callback", busy.Waiting?.NodeId);
        var agreed = await call.TurnAsync(ConversationInput.Say("好的", "h2"));
        Assert.Equal("busy_callback", agreed.Outcome);

        var placed = await CallPlacedAsync();
        Assert.Equal("APP-studio", (string?)placed["application_sid"]);
        Assert.Equal("02160001234", (string?)placed["from"]);
        Assert.Equal(Phone, (string?)placed["to"]!["number"]);
        Assert.Equal("cb-1", (string?)placed["tag"]!["memberId"]);
        Assert.Equal("dormant-reactivation", (string?)placed["tag"]!["scriptId"]);
        Assert.Equal("voice:call-cb-1", (string?)placed["tag"]!["conversation"]);
        Assert.Null(await host.Grains.GetGrain<IMemberGrain>("cb-1").GetCallbackAsync());
        // The number goes to the gateway only, never into a log line.
        host.Logs.AssertNoneContains(Phone);
    }

    [Fact]
    public async Task A_scheduled_call_back_survives_a_restart_of_the_host()
    {
        await using (var first = await StartAsync())
        {
            await first.Services.GetRequiredService<IMemberStore>().UpsertAsync(new MemberInput { Id = "cb-2", Phone = Phone });
            await first.Grains.GetGrain<IMemberGrain>("cb-2").ScheduleCallbackAsync(new ScheduledCallback(DateTimeOffset.UtcNow.AddSeconds(4), "dormant-reactivation", "voice:call-cb-2"));
        }
        Assert.Empty(_jambonz.Received);

        await using var second = await StartAsync();
        var placed = await CallPlacedAsync();
        Assert.Equal("cb-2", (string?)placed["tag"]!["memberId"]);
    }

    [Fact]
    public async Task A_member_on_the_do_not_contact_list_is_not_called_back()
    {
        await using var host = await StartAsync();
        await host.Services.GetRequiredService<IMemberStore>().UpsertAsync(new MemberInput { Id = "cb-3", Phone = Phone });
        await host.Services.GetRequiredService<IDoNotContactList>().AddAsync("cb-3", null, "opted out after the call", DateTimeOffset.UtcNow);
        await host.Grains.GetGrain<IMemberGrain>("cb-3").ScheduleCallbackAsync(new ScheduledCallback(DateTimeOffset.UtcNow, "dormant-reactivation", "voice:call-cb-3"));

        var outbox = host.Services.GetRequiredService<IOutbox>();
        OutboxItem? dial = null;
        await WaitUntilAsync(async () =>
        {
            dial = (await outbox.ListDeadAsync()).FirstOrDefault(i => i.Type == OutboxTypes.VoiceDial);
            return dial is not null;
        });
        Assert.True(dial!.LastError?.Contains("not sent", StringComparison.Ordinal), dial.LastError);
        Assert.Empty(_jambonz.Received);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // Waits for an event (reminder tick, outbox pass); generous for a busy machine.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 60 s");
            await Task.Delay(100);
        }
    }
}
