using System.Collections.Concurrent;
using System.Globalization;
using Studio.Core.Scripts;
using Studio.Data.Conversations;
using Studio.Data.Scripts;
using Studio.Data.Storage;
using Studio.Data.TurnLog;
using Studio.Data.Versions;
using Studio.Runtime.Channels.WeCom;
using Studio.Runtime.Publishing;
using Studio.Runtime.Tests.Channels.WeCom;
using Studio.Runtime.Tests.Publishing;

namespace Studio.Runtime.Tests.Conversations;

/// <summary>
/// kill -9 of the product's host process under WeCom load, then a restart on the same LiteDB file: every turn whose
/// callback was acknowledged is in the turn log, every conversation continues at its node, and a message WeCom
/// delivers again after the crash yields no second turn.
/// </summary>
public sealed class CrashTests : IAsyncLifetime
{
    private const string Script = "wecom-welcome-first-order";
    private const int Members = 12;
    private static readonly string[] Texts = ["你是机器人吧", "包邮吗", "猫粮多少钱"];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "studio-crash", Guid.NewGuid().ToString("N"));
    private FakeWecomApi _api = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _api = await FakeWecomApi.StartAsync();
        // Publish before the host exists: the real publisher (NLU trained) on the file the host will own.
        using var db = new StudioDatabase(DbPath);
        var drafts = new LiteDbScriptDraftStore(db);
        await drafts.SaveAsync(Script, Library.Read(Script + ".json"), 0, "test");
        var published = await new ScriptPublisher(drafts, new LiteDbScriptVersionStore(db), new ScriptNluTrainer(), TimeProvider.System)
            .PublishDraftAsync(Script, "crash test", "test");
        Assert.Equal(PublishStatus.Published, published.Status);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string DbPath => Path.Combine(_dir, "studio.db");

    private Dictionary<string, string> Environment() => new()
    {
        ["Studio__Data__DatabasePath"] = DbPath,
        ["Studio__Web__DemoExperiment"] = "false",
        ["Studio__Conversations__WecomDefaultScript"] = Script,
        ["WeCom__CorpId"] = FakeWecomApi.CorpId,
        ["WeCom__CorpSecret"] = FakeWecomApi.CorpSecret,
        ["WeCom__AgentId"] = "1000002",
        ["WeCom__Token"] = RuntimeTestHost.WecomToken,
        ["WeCom__EncodingAESKey"] = RuntimeTestHost.WecomAesKey,
        ["WeCom__BaseUrl"] = _api.BaseUrl.ToString(),
    };

    private static string Member(int i) => "wmCRASH" + i.ToString("00", CultureInfo.InvariantCulture);

    [Fact]
    public async Task After_kill_9_under_load_every_acknowledged_turn_is_logged_and_conversations_resume_once()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var crypto = new WxBizMsgCrypt(RuntimeTestHost.WecomToken, RuntimeTestHost.WecomAesKey, FakeWecomApi.CorpId);
        var acked = new ConcurrentDictionary<int, List<(string MsgId, string Text)>>();

        await using (var host = await HostProcess.StartAsync(Environment()))
        {
            var wecom = new SimulatedWecom(http, new Uri(host.BaseUrl, "wecom/callback"), crypto);
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, Members).Select(m => Task.Run(async () =>
            {
                var mine = acked.GetOrAdd(m, _ => []);
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var msgId = (((long)m + 1) * 1_000_000 + n).ToString(CultureInfo.InvariantCulture);
                    var text = Texts[n % Texts.Length];
                    try
                    {
                        var (status, _) = await wecom.SendAsync(wecom.Prepare(SimulatedWecom.TextMessage(FakeWecomApi.CorpId, Member(m), text, msgId)));
                        if (status != 200)
                        {
                            return;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        return; // the host is gone
                    }
                    mine.Add((msgId, text));
                }
            })).ToList();

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (acked.Values.Sum(a => a.Count) < 120 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            await host.KillAsync(); // mid-load: requests are in flight
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }

        var before = Inspect();
        for (var m = 0; m < Members; m++)
        {
            var count = acked[m].Count;
            Assert.True(count > 0, $"{Member(m)} got no acknowledged turn before the kill");
            var logged = before[m].TextTurns;
            // Every acknowledged message has its turn; at most one more (committed, killed before the answer).
            Assert.InRange(logged, count, count + 1);
            Assert.Equal(("ask_pet", false), (before[m].Node, before[m].Ended));
        }

        Console.WriteLine($"crash: {acked.Values.Sum(a => a.Count)} acknowledged turns before the kill, " +
            $"{before.Values.Sum(b => b.TextTurns)} logged ({Members} conversations)");

        await using (var host = await HostProcess.StartAsync(Environment()))
        {
            var wecom = new SimulatedWecom(http, new Uri(host.BaseUrl, "wecom/callback"), crypto);
            for (var m = 0; m < Members; m++)
            {
                // WeCom delivers the last acknowledged message again, then the member writes once more.
                var (msgId, text) = acked[m][^1];
                Assert.Equal(200, (await wecom.SendAsync(wecom.Prepare(SimulatedWecom.TextMessage(FakeWecomApi.CorpId, Member(m), text, msgId)))).Status);
                var next = (((long)m + 1) * 1_000_000 + 999_999).ToString(CultureInfo.InvariantCulture);
                Assert.Equal(200, (await wecom.SendAsync(wecom.Prepare(SimulatedWecom.TextMessage(FakeWecomApi.CorpId, Member(m), "包邮吗", next)))).Status);
            }
            await host.KillAsync();
        }

        var after = Inspect();
        for (var m = 0; m < Members; m++)
        {
            Assert.Equal(before[m].TextTurns + 1, after[m].TextTurns);
            Assert.Equal(before[m].LastTurn + 1, after[m].LastTurn); // continued where it was, not started over
            Assert.Equal(("ask_pet", false), (after[m].Node, after[m].Ended));
        }
    }

    /// <summary>Reads the database the killed host left behind.</summary>
    private Dictionary<int, (int TextTurns, int LastTurn, string? Node, bool Ended)> Inspect()
    {
        using var db = new StudioDatabase(DbPath);
        var log = new LiteDbTurnLog(db);
        var states = new ConversationStore(new LiteDbKeyValueStore(db));
        var result = new Dictionary<int, (int, int, string?, bool)>();
        for (var m = 0; m < Members; m++)
        {
            var key = new ConversationKey(Channel.Wecom, Member(m));
            var turns = log.QueryAsync(new TurnQuery { Conversation = key.ToString(), Take = 1000 }).GetAwaiter().GetResult().Items;
            var state = states.GetAsync(key).GetAwaiter().GetResult();
            Assert.NotNull(state);
            result[m] = (turns.Count(t => t.MemberText is not null), turns.Max(t => t.Turn), state!.State.Node, state.State.IsEnded);
        }
        return result;
    }
}
