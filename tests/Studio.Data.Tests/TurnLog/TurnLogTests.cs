using Studio.Core.Scripts;
using Studio.Data.TurnLog;

namespace Studio.Data.Tests.TurnLog;

public sealed class TurnLogTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly LiteDbTurnLog _log;

    public TurnLogTests() => _log = new LiteDbTurnLog(_temp.Db, _temp.Protector, _temp.Time);

    public void Dispose() => _temp.Dispose();

    private TurnRecord Turn(int i, string script = "d11", string version = "aaaaaaaaaaaa", string? intent = "affirm", string member = "m-1",
        string? experiment = null, string? arm = null, string node = "ask_interest") => new()
    {
        Time = _temp.Time.GetUtcNow().AddSeconds(i),
        Conversation = "voice:call-" + member,
        Channel = Channel.Voice,
        MemberId = member,
        ScriptId = script,
        Version = version,
        Turn = i,
        Node = node,
        Experiment = experiment,
        Arm = arm,
        BotText = "张女士您好，双11会员专享券已到账",
        MemberText = "好的",
        Intent = intent,
        Confidence = 0.93,
        DecidedBy = "model",
        Entities = { ["category"] = "运动鞋" },
        LatencyMs = 3.25,
    };

    [Fact]
    public async Task Appended_turns_round_trip_newest_first()
    {
        await _log.AppendAsync([Turn(0), Turn(1, intent: "ask_price")]);
        var page = await _log.QueryAsync(new TurnQuery());
        Assert.Equal(2, page.Items.Count);
        Assert.Null(page.Next);
        var newest = page.Items[0];
        Assert.Equal("ask_price", newest.Intent);
        Assert.Equal(1, newest.Turn);
        Assert.True(newest.Id > page.Items[1].Id);
        Assert.Equal(_temp.Time.GetUtcNow().AddSeconds(1), newest.Time);
        Assert.Equal("运动鞋", newest.Entities["category"]);
        Assert.Equal(0.93, newest.Confidence);
        Assert.Equal(3.25, newest.LatencyMs);
        Assert.Equal(Channel.Voice, newest.Channel);
        Assert.Equal("张女士您好，双11会员专享券已到账", newest.BotText);
    }

    [Fact]
    public async Task Filters_combine()
    {
        await _log.AppendAsync([
            Turn(0, intent: "affirm", experiment: "incentive", arm: "coupon"),
            Turn(1, intent: "deny", experiment: "incentive", arm: "gift", member: "m-2"),
            Turn(2, version: "bbbbbbbbbbbb", intent: "affirm", node: "offer"),
            Turn(3, script: "bday", intent: "affirm"),
        ]);
        async Task<int[]> Turns(TurnQuery q) => [.. (await _log.QueryAsync(q)).Items.Select(t => t.Turn)];

        Assert.Equal(new[] { 2, 1, 0 }, await Turns(new TurnQuery { ScriptId = "d11" }));
        Assert.Equal(new[] { 2 }, await Turns(new TurnQuery { ScriptId = "d11", Version = "bbbbbbbbbbbb" }));
        Assert.Equal(new[] { 2 }, await Turns(new TurnQuery { Node = "offer" }));
        Assert.Equal(new[] { 3, 2, 0 }, await Turns(new TurnQuery { Intent = "affirm" }));
        Assert.Equal(new[] { 1, 0 }, await Turns(new TurnQuery { Experiment = "incentive" }));
        Assert.Equal(new[] { 1 }, await Turns(new TurnQuery { Experiment = "incentive", Arm = "gift" }));
        Assert.Equal(new[] { 1 }, await Turns(new TurnQuery { MemberId = "m-2" }));
        Assert.Equal(new[] { 2, 1 }, await Turns(new TurnQuery { From = _temp.Time.GetUtcNow().AddSeconds(1), To = _temp.Time.GetUtcNow().AddSeconds(3) }));
        Assert.Equal(new[] { 3, 2, 1, 0 }, await Turns(new TurnQuery { Channel = Channel.Voice }));
        Assert.Empty(await Turns(new TurnQuery { Channel = Channel.Wecom }));
    }

    [Fact]
    public async Task Pages_cover_every_turn_once()
    {
        for (var batch = 0; batch < 5; batch++)
        {
            await _log.AppendAsync([.. Enumerable.Range(batch * 50, 50).Select(i => Turn(i))]);
        }
        var seen = new List<int>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _log.QueryAsync(new TurnQuery { ScriptId = "d11", Take = 40, After = cursor });
            Assert.True(page.Items.Count <= 40);
            seen.AddRange(page.Items.Select(t => t.Turn));
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null);
        Assert.Equal(7, pages);
        Assert.Equal(Enumerable.Range(0, 250).Reverse(), seen);
    }

    [Fact]
    public async Task No_phone_number_is_logged()
    {
        var turn = Turn(0, member: "13812345678");
        turn.Conversation = "voice:call-1";
        turn.MemberText = "打我手机 138 1234 5678 或者 +86 139-8765-4321，券是50元";
        turn.BotText = "好的，客服热线 4008123456，我们会联系 13912345678";
        turn.Entities["phone"] = "13812345678";
        await _log.AppendAsync([turn]);

        var stored = Assert.Single((await _log.QueryAsync(new TurnQuery())).Items);
        Assert.StartsWith("h:", stored.MemberId);
        Assert.DoesNotContain("5678", stored.MemberId);
        Assert.Equal("打我手机 138****5678 或者 +86 139****4321，券是50元", stored.MemberText);
        Assert.Equal("好的，客服热线 4008123456，我们会联系 139****5678", stored.BotText);
        Assert.Equal("138****5678", stored.Entities["phone"]);

        // The same number finds the member's turns, through the same pseudonym.
        Assert.Single((await _log.QueryAsync(new TurnQuery { MemberId = "138-1234-5678" })).Items);

        _temp.Db.Database.Checkpoint();
        var raw = System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(_temp.Path));
        Assert.Contains("客服热线", raw);
        Assert.DoesNotContain("12345678", raw);
        Assert.DoesNotContain("8765-4321", raw);
    }

    [Fact]
    public async Task Csv_export_quotes_chinese_text_with_commas_quotes_and_newlines()
    {
        var tricky = Turn(0);
        tricky.MemberText = "好的，可以, 但是\"满299减50\"是真的吗？\n我再想想";
        tricky.BotText = "是的\r\n满299减50，直接送";
        tricky.Entities = new() { ["amount"] = "50", ["category"] = "连衣裙,外套" };
        var formula = Turn(1);
        formula.MemberText = "=HYPERLINK(\"http://x\")";
        formula.Intent = null;
        formula.Confidence = null;
        await _log.AppendAsync([tricky, formula]);

        var writer = new StringWriter();
        var rows = await _log.ExportCsvAsync(new TurnQuery { ScriptId = "d11" }, writer);
        Assert.Equal(2, rows);
        var csv = writer.ToString();
        var records = Rfc4180.Parse(csv);
        Assert.Equal(3, records.Count);
        Assert.Equal(TurnLogCsv.Columns, records[0]);
        Assert.All(records, r => Assert.Equal(TurnLogCsv.Columns.Count, r.Count));

        var header = records[0];
        string Cell(int row, string column) => records[row][header.IndexOf(column)];
        // Newest first: the formula row, then the tricky one.
        Assert.Equal("'=HYPERLINK(\"http://x\")", Cell(1, "member_text"));
        Assert.Equal("", Cell(1, "intent"));
        Assert.Equal("", Cell(1, "confidence"));
        Assert.Equal(tricky.MemberText, Cell(2, "member_text"));
        Assert.Equal(tricky.BotText, Cell(2, "bot_text"));
        Assert.Equal("amount=50; category=连衣裙,外套", Cell(2, "entities"));
        Assert.Equal("2025-11-11T09:30:00.000Z", Cell(2, "time"));
        Assert.Equal("0.93", Cell(2, "confidence"));
        Assert.Equal("3.25", Cell(2, "latency_ms"));
        Assert.Equal("voice", Cell(2, "channel"));
        Assert.Contains("\"好的，可以, 但是\"\"满299减50\"\"是真的吗？\n我再想想\"", csv);
    }

    [Fact]
    public async Task Turns_survive_reopening_the_file()
    {
        await _log.AppendAsync([Turn(0), Turn(1)]);
        var db = _temp.Reopen();
        var reopened = new LiteDbTurnLog(db, _temp.Protector, _temp.Time);
        Assert.Equal(2, (await reopened.QueryAsync(new TurnQuery())).Items.Count);
        await reopened.AppendAsync([Turn(2)]);
        Assert.Equal([2, 1, 0], (await reopened.QueryAsync(new TurnQuery())).Items.Select(t => t.Turn));
    }
}
