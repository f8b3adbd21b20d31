using Studio.Runtime.Conversations;
using System.Net;
using System.Text.Json.Nodes;
using Studio.Core.Dialogs;
using Studio.Runtime.Channels.Voice;
using Studio.Voice.Emulator;

namespace Studio.Runtime.Tests.Channels.Voice;

/// <summary>The upgrade (credentials, subprotocol) and raw protocol behaviour, over a real Kestrel.</summary>
public sealed class JambonzEndpointTests : IAsyncLifetime
{
    private VoiceTestHost _host = null!;

    public async Task InitializeAsync() => _host = await VoiceTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private JambonzEmulatorOptions Anonymous(string? subprotocol = JambonzEmulatorOptions.JambonzSubprotocol) =>
        new() { Endpoint = _host.Endpoint, Subprotocol = subprotocol };

    public static TheoryData<string, string?, string?, string?, bool> Credentials => new()
    {
        // case, user, password, token, token in query
        { "no credentials", null, null, null, false },
        { "wrong password", VoiceTestHost.User, "guess", null, false },
        { "wrong user", "admin", VoiceTestHost.Password, null, false },
        { "wrong bearer token", null, null, "nope", false },
        { "wrong query token", null, null, "nope", true },
    };

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task Bad_or_missing_credentials_are_refused_with_401_before_the_upgrade(string why, string? user, string? password, string? token, bool inQuery)
    {
        var options = new JambonzEmulatorOptions { Endpoint = _host.Endpoint, Username = user, Password = password, Token = token, TokenInQuery = inQuery };
        var refused = await Assert.ThrowsAsync<JambonzClientConnection.RefusedException>(() => JambonzClientConnection.ConnectAsync(options));
        Assert.True(refused.Status == HttpStatusCode.Unauthorized, $"{why}: HTTP {refused.Status}");
        Assert.Contains(_host.Logs.Lines, l => l.Text.Contains("missing or wrong credentials", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("bearer")]
    [InlineData("query")]
    public async Task Each_configured_credential_is_accepted(string kind)
    {
        var options = kind switch
        {
            "basic" => new JambonzEmulatorOptions { Endpoint = _host.Endpoint, Username = VoiceTestHost.User, Password = VoiceTestHost.Password },
            "bearer" => new JambonzEmulatorOptions { Endpoint = _host.Endpoint, Token = VoiceTestHost.Token },
            _ => new JambonzEmulatorOptions { Endpoint = _host.Endpoint, Token = VoiceTestHost.Token, TokenInQuery = true },
        };
        await using var connection = await JambonzClientConnection.ConnectAsync(options);
        Assert.Equal("ws.jambonz.org", connection.AcceptedSubprotocol);
    }

    [Theory]
    [InlineData("ws.other.org")]
    [InlineData(null)]
    public async Task Another_or_no_subprotocol_is_refused(string? subprotocol)
    {
        var options = new JambonzEmulatorOptions { Endpoint = _host.Endpoint, Token = VoiceTestHost.Token, Subprotocol = subprotocol };
        var refused = await Assert.ThrowsAsync<JambonzClientConnection.RefusedException>(() => JambonzClientConnection.ConnectAsync(options));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
    }

    [Fact]
    public async Task Credentials_are_checked_before_the_subprotocol_and_plain_http_is_refused()
    {
        var refused = await Assert.ThrowsAsync<JambonzClientConnection.RefusedException>(() => JambonzClientConnection.ConnectAsync(Anonymous("ws.other.org")));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);

        using var http = new HttpClient();
        var url = new UriBuilder(_host.Endpoint) { Scheme = "http" }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new("Bearer", VoiceTestHost.Token);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Session_new_is_acked_with_the_same_msgid_well_inside_five_seconds()
    {
        await using var connection = await JambonzClientConnection.ConnectAsync(_host.Options());
        // The first call of a process also compiles the script and warms the code up; jambonz allows 5 s.
        var cold = await AckTime(connection, "call-ack-1", "m-0001");
        Assert.True(cold < TimeSpan.FromSeconds(5), $"first call acked after {cold}");
        var warm = await AckTime(connection, "call-ack-2", "m-0002");
        Assert.True(warm < TimeSpan.FromSeconds(1), $"second call acked after {warm}");
    }

    private static async Task<TimeSpan> AckTime(JambonzClientConnection connection, string callSid, string msgid)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await connection.SendAsync(SessionNew(callSid, msgid));
        var ack = await connection.ReceiveAsync(TimeSpan.FromSeconds(5));
        var elapsed = started.Elapsed;
        Assert.NotNull(ack);
        Assert.Equal("ack", ack!["type"]!.GetValue<string>());
        Assert.Equal(msgid, ack["msgid"]!.GetValue<string>());
        Assert.Contains(ack["data"]!.AsArray(), v => v!["verb"]!.GetValue<string>() == "gather");
        return elapsed;
    }

    [Fact]
    public async Task Messages_of_one_call_are_handled_one_at_a_time_in_order()
    {
        await using var connection = await JambonzClientConnection.ConnectAsync(_host.Options());
        await connection.SendAsync(SessionNew("call-serial-1", "m-1"));
        // Two results sent back to back, without waiting for the first ack: the second must see the first's state.
        await connection.SendAsync(Hook("call-serial-1", "m-2", new JsonObject { ["reason"] = "timeout" }));
        await connection.SendAsync(Hook("call-serial-1", "m-3", new JsonObject { ["reason"] = "timeout" }));

        var acks = new List<JsonObject>();
        for (var i = 0; i < 3; i++)
        {
            acks.Add(await connection.ReceiveAsync(TimeSpan.FromSeconds(5)) ?? throw new TimeoutException("missing ack"));
        }
        Assert.Equal(["m-1", "m-2", "m-3"], acks.Select(a => a["msgid"]!.GetValue<string>()));
        Assert.Contains("能听到吗", acks[1]["data"]![0]!["say"]!["text"]!.GetValue<string>()); // first silence: re-prompt
        Assert.Equal(["say", "hangup"], acks[2]["data"]!.AsArray().Select(v => v!["verb"]!.GetValue<string>())); // second: no_response
        var conversation = await _host.Handler.WaitForEndAsync("call-serial-1", TimeSpan.FromSeconds(5));
        Assert.Equal("no_response", conversation.Outcome);
    }

    [Fact]
    public async Task Speech_in_either_documented_shape_reaches_the_engine()
    {
        await using var connection = await JambonzClientConnection.ConnectAsync(_host.Options());
        await connection.SendAsync(SessionNew("call-shapes-1", "s-1"));
        await connection.ReceiveAsync(TimeSpan.FromSeconds(5));
        var flat = new JsonObject
        {
            ["reason"] = "speechDetected",
            ["speech"] = new JsonObject { ["alternatives"] = new JsonArray(new JsonObject { ["transcript"] = "是我", ["confidence"] = 0.66 }) },
        };
        await connection.SendAsync(Hook("call-shapes-1", "s-2", flat));
        await connection.ReceiveAsync(TimeSpan.FromSeconds(5));
        var nested = new JsonObject
        {
            ["reason"] = "speechDetected",
            ["speech"] = new JsonObject
            {
                ["transcripts"] = new JsonArray(new JsonObject { ["alternatives"] = new JsonArray(new JsonObject { ["transcript"] = "好的", ["confidence"] = 0.55 }) }),
            },
        };
        await connection.SendAsync(Hook("call-shapes-1", "s-3", nested));
        await connection.ReceiveAsync(TimeSpan.FromSeconds(5));

        var conversation = _host.Handler.Find("call-shapes-1")!;
        var texts = conversation.Turns.Where(t => t.Input.Kind == InputKind.Text).Select(t => (t.Input.Text, t.Input.Confidence)).ToList();
        Assert.Equal([("是我", 0.66), ("好的", 0.55)], texts);
    }

    [Fact]
    public async Task A_hook_for_an_unknown_call_is_answered_with_hangup()
    {
        await using var connection = await JambonzClientConnection.ConnectAsync(_host.Options());
        await connection.SendAsync(Hook("no-such-call", "u-1", new JsonObject { ["reason"] = "timeout" }));
        var ack = await connection.ReceiveAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("u-1", ack!["msgid"]!.GetValue<string>());
        Assert.Equal("hangup", ack["data"]![0]!["verb"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_reconnect_for_a_call_nobody_knows_is_hung_up()
    {
        await using var connection = await JambonzClientConnection.ConnectAsync(_host.Options());
        var reconnect = SessionNew("call-from-elsewhere", "r-1");
        reconnect["type"] = "session:reconnect";
        await connection.SendAsync(reconnect);
        var ack = await connection.ReceiveAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("r-1", ack!["msgid"]!.GetValue<string>());
        Assert.Equal("hangup", ack["data"]![0]!["verb"]!.GetValue<string>());
    }

    internal static JsonObject SessionNew(string callSid, string msgid) => new()
    {
        ["type"] = "session:new",
        ["msgid"] = msgid,
        ["call_sid"] = callSid,
        ["data"] = new JsonObject
        {
            ["call_sid"] = callSid,
            ["direction"] = "outbound",
            ["from"] = "+864008860520",
            ["to"] = "+8613812341234",
            ["customerData"] = new JsonObject
            {
                ["memberId"] = "dr-3001",
                ["scriptId"] = VoiceScripts.Dormant,
                ["campaign"] = "raw",
                ["member"] = new JsonObject { ["surname"] = "李", ["title"] = "女士" },
            },
        },
    };

    internal static JsonObject Hook(string callSid, string msgid, JsonObject data) => new()
    {
        ["type"] = "verb:hook",
        ["msgid"] = msgid,
        ["call_sid"] = callSid,
        ["hook"] = "/turn",
        ["data"] = data,
    };
}

/// <summary>A conversation host that is too slow or broken: the call must still be acked in time.</summary>
public sealed class FailingHostTests
{
    private sealed class Slow(TimeSpan delay, bool throws) : IHandlerWrapper
    {
        public IVoiceConversationHandler Wrap(EngineVoiceConversationHandler inner) => new Handler(inner, delay, throws);

        private sealed class Handler(EngineVoiceConversationHandler inner, TimeSpan delay, bool throws) : IVoiceConversationHandler
        {
            public async Task<ConversationTurn> StartAsync(VoiceCallInfo call, CancellationToken cancellationToken)
            {
                await Task.Delay(delay, CancellationToken.None);
                return throws ? throw new InvalidOperationException("storage is down") : await inner.StartAsync(call, cancellationToken);
            }

            public Task<ConversationTurn> TurnAsync(string callSid, TurnInput input, CancellationToken cancellationToken) => inner.TurnAsync(callSid, input, cancellationToken);

            public Task<ConversationTurn?> EndAsync(string callSid, string outcome, CancellationToken cancellationToken) => inner.EndAsync(callSid, outcome, cancellationToken);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_slow_or_failing_host_still_gets_the_call_acked_in_time_with_an_apology_and_hangup(bool throws)
    {
        await using var host = await VoiceTestHost.StartAsync(
            new Dictionary<string, string?> { ["Voice:TurnTimeout"] = "00:00:00.500" },
            new Slow(throws ? TimeSpan.Zero : TimeSpan.FromSeconds(8), throws));
        var record = await host.Emulator().PlaceCallAsync(
            CallSetup.Outbound(VoiceScripts.Dormant, "dr-9"), new ScriptedCaller());

        Assert.Empty(record.Violations);
        Assert.True(record.Latencies[0].Elapsed < TimeSpan.FromSeconds(2), $"acked after {record.Latencies[0].Elapsed}");
        Assert.Equal(["config", "say", "hangup"], record.VerbNames);
        Assert.Contains("系统暂时繁忙", record.Heard[0].Text);
        Assert.Contains(host.Logs.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error);
    }
}
