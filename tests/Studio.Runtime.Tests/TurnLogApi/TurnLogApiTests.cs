using System.Net;
using System.Text;
using System.Text.Json;
using Studio.Core.Scripts;
using Studio.Data.TurnLog;
using Studio.Runtime.Tests.Operations;

namespace Studio.Runtime.Tests.TurnLogApi;

/// <summary>GET /api/turns and /api/turns.csv over real HTTP with a real LiteDB file.</summary>
public sealed class TurnLogApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 11, 2, 0, 0, TimeSpan.Zero);
    private OperationsHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await OperationsHost.StartAsync();
        var records = new List<TurnRecord>();
        for (var i = 0; i < 30; i++)
        {
            records.Add(new TurnRecord
            {
                Time = T0.AddMinutes(i),
                Conversation = $"voice:call-{i / 3}",
                Channel = i < 24 ? Channel.Voice : Channel.Wecom,
                MemberId = i == 29 ? "13812345678" : $"m-{i / 3}",
                ScriptId = i % 2 == 0 ? "dormant" : "birthday",
                Version = "v1",
                Turn = i % 3,
                Node = i % 3 == 0 ? "n-open" : "n-offer",
                Experiment = "coupon-vs-gift",
                Arm = i % 4 == 0 ? "coupon" : "gift",
                Intent = i % 3 == 0 ? null : "affirm",
                MemberText = i == 5 ? "我的手机号是13912345678，你们加我吧" : "好的",
                BotText = "您好，张女士",
            });
        }
        await _host.Get<ITurnLog>().AppendAsync(records);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Text)> GetAsync(string path, string key = OperationsHost.ReviewerKey)
    {
        using var response = await _host.Http.SendAsync(_host.Request(HttpMethod.Get, path, key));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Filters_combine_and_pages_follow_the_cursor()
    {
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var (status, text) = await GetAsync("/api/turns?scriptId=dormant&arm=gift&channel=voice&take=3" + (cursor is null ? "" : "&after=" + cursor));
            Assert.Equal(HttpStatusCode.OK, status);
            var body = JsonDocument.Parse(text).RootElement;
            foreach (var item in body.GetProperty("items").EnumerateArray())
            {
                Assert.Equal("dormant", item.GetProperty("scriptId").GetString());
                Assert.Equal("gift", item.GetProperty("arm").GetString());
                Assert.Equal("voice", item.GetProperty("channel").GetString());
                seen.Add(item.GetProperty("id").GetInt64());
            }
            cursor = body.GetProperty("next").ValueKind == JsonValueKind.Null ? null : body.GetProperty("next").GetString();
        }
        while (cursor is not null);
        // Even i below 24 that are not multiples of 4: 2, 6, 10, 14, 18, 22.
        Assert.Equal(6, seen.Count);
        Assert.Equal(seen.OrderDescending(), seen);

        var (_, window) = await GetAsync($"/api/turns?from={Uri.EscapeDataString(T0.AddMinutes(10).ToString("O"))}&to={Uri.EscapeDataString(T0.AddMinutes(13).ToString("O"))}&intent=affirm");
        Assert.Equal(2, JsonDocument.Parse(window).RootElement.GetProperty("items").GetArrayLength()); // minutes 10 and 11 (12 is an opening)
    }

    [Fact]
    public async Task Member_texts_and_phone_member_ids_are_masked()
    {
        var (_, conversation) = await GetAsync("/api/turns?conversation=voice:call-1");
        Assert.DoesNotContain("13912345678", conversation, StringComparison.Ordinal);
        Assert.Contains("139****5678", conversation, StringComparison.Ordinal);
        // A member id that is a phone number is found by the number but never shown.
        var (_, byPhone) = await GetAsync("/api/turns?memberId=13812345678");
        var item = Assert.Single(JsonDocument.Parse(byPhone).RootElement.GetProperty("items").EnumerateArray());
        Assert.DoesNotContain("12345678", item.GetProperty("memberId").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/turns?channel=fax", "channel")]
    [InlineData("/api/turns?from=yesterday", "from")]
    [InlineData("/api/turns?take=5000", "take")]
    [InlineData("/api/turns?script=dormant", "unknown filter 'script'")]
    [InlineData("/api/turns?after=abc", "after")]
    [InlineData("/api/turns.csv?channel=fax", "channel")]
    public async Task Bad_filters_are_400_naming_the_parameter(string path, string named)
    {
        var (status, text) = await GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(named, JsonDocument.Parse(text).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csv_export_streams_every_matching_turn_with_a_bom_for_excel()
    {
        using var response = await _host.Http.SendAsync(_host.Request(HttpMethod.Get, "/api/turns.csv?channel=wecom", OperationsHost.ReviewerKey));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("turns.csv", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", TurnLogCsv.Columns), lines[0]);
        Assert.Equal(7, lines.Length); // header + the 6 WeCom turns
        Assert.All(lines.Skip(1), l => Assert.Contains(",wecom,", l, StringComparison.Ordinal));
        Assert.DoesNotContain("13812345678", string.Join("\n", lines), StringComparison.Ordinal);

        using var anonymous = await _host.Http.GetAsync("/api/turns.csv");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
