using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Studio.Core.Scripts;
using Studio.Data.TurnLog;
using Studio.Runtime.Operations;
using Studio.Web.Tests.Browser;

namespace Studio.Web.Tests.Review;

/// <summary>The drill-down from the review to an arm's conversations and a transcript, over real HTTP on the host.</summary>
public sealed class ArmDrillDownTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);

    private static TurnRecord Turn(string conversation, string member, int turn, double seconds, string? arm, string? bot = null, string? said = null, string? intent = null, double? confidence = null, string? node = null, string? outcome = null, string? grade = null) => new()
    {
        Time = T0.AddSeconds(seconds),
        Conversation = conversation,
        Channel = Channel.Voice,
        MemberId = member,
        ScriptId = "dormant-reactivation",
        Version = "v1",
        Turn = turn,
        Node = node,
        Experiment = arm is null ? null : "dormant-framing",
        Arm = arm,
        BotText = bot,
        MemberText = said,
        Intent = intent,
        Confidence = confidence,
        Outcome = outcome,
        Grade = grade,
    };

    [Fact]
    public async Task The_arm_page_lists_the_arms_conversations_and_a_row_opens_its_transcript()
    {
        await using var host = new StudioTestHost(new Dictionary<string, string?> { ["Studio:Web:Seed"] = "false" }, testServices: services => TestAuthentication.Add(services, defaultRole: StudioAuth.Roles.Reviewer));
        await host.SaveLibraryDraftAsync("dormant-reactivation.json");
        await host.Services.GetRequiredService<ITurnLog>().AppendAsync(
        [
            Turn("voice:call-a1", "m-a1", 0, 0, null, bot: "您好,请问是张女士吗?", node: "greet"),
            Turn("voice:call-a1", "m-a1", 1, 8, "A", bot: "送您一张30元券,加个企业微信好吗?", said: "是我", intent: "affirm", confidence: 0.93, node: "offer_a"),
            Turn("voice:call-a1", "m-a1", 2, 20, "A", bot: "好的,稍后发您好友申请。", said: "好的 13812345678", intent: "affirm", confidence: 0.88, node: "end_consent", outcome: "wecom_add_consent", grade: "A"),
            Turn("voice:call-b1", "m-b1", 0, 100, null, bot: "您好,请问是李先生吗?", node: "greet"),
            Turn("voice:call-b1", "m-b1", 1, 110, "B", bot: "有机会得红包哦", said: "不要", intent: "deny", confidence: 0.9, node: "end_declined", outcome: "declined", grade: "D"),
            Turn("voice:call-a2", "m-a2", 0, 200, null, bot: "您好", node: "greet"),
            Turn("voice:call-a2", "m-a2", 1, 204, "A", bot: "送您一张30元券", said: "没空", intent: "busy", confidence: 0.8, node: "end_busy", outcome: "busy_callback", grade: "C"),
        ]);
        using var client = host.CreateClient();

        var list = await GetAsync(client, "/experiments/dormant-framing/arms/A");
        Assert.Contains("data-conversation=\"voice:call-a1\"", list, StringComparison.Ordinal);
        Assert.Contains("data-conversation=\"voice:call-a2\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain("voice:call-b1", list, StringComparison.Ordinal);
        Assert.Contains("wecom_add_consent (1)", list, StringComparison.Ordinal); // the outcome filter with counts
        Assert.DoesNotContain("data-testid=\"transcript\"", list, StringComparison.Ordinal);
        Assert.Contains("href=\"api/turns.csv?experiment=dormant-framing&arm=A\"", list, StringComparison.Ordinal);
        var csv = await client.GetStringAsync(new Uri("/api/turns.csv?experiment=dormant-framing&arm=A", UriKind.Relative));
        Assert.Contains("call-a2", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("call-b1", csv, StringComparison.Ordinal);

        var filtered = await GetAsync(client, "/experiments/dormant-framing/arms/A?outcome=busy_callback");
        Assert.Contains("data-conversation=\"voice:call-a2\"", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("data-conversation=\"voice:call-a1\"", filtered, StringComparison.Ordinal);

        var opened = await GetAsync(client, "/experiments/dormant-framing/arms/A?conversation=voice%3Acall-a1");
        var transcript = opened[opened.IndexOf("data-testid=\"transcript\"", StringComparison.Ordinal)..];
        Assert.Contains("您好,请问是张女士吗?", transcript, StringComparison.Ordinal);
        Assert.Contains("是我", transcript, StringComparison.Ordinal);
        Assert.Contains("affirm", transcript, StringComparison.Ordinal);
        Assert.Contains("0.93", transcript, StringComparison.Ordinal);
        Assert.Contains("offer_a", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", opened, StringComparison.Ordinal); // masked when it was logged
        Assert.Contains("href=\"api/turns.csv?conversation=voice%3Acall-a1\"", opened, StringComparison.Ordinal);
        Assert.True(transcript.IndexOf("请问是张女士", StringComparison.Ordinal) < transcript.IndexOf("稍后发您好友申请", StringComparison.Ordinal), "oldest turn first");

        var empty = await GetAsync(client, "/experiments/dormant-framing/arms/B?outcome=wecom_add_consent");
        Assert.Contains("没有符合筛选条件的会话", empty, StringComparison.Ordinal);
        var unknownArm = await GetAsync(client, "/experiments/dormant-framing/arms/Z");
        Assert.Contains("没有 Z 组", unknownArm, StringComparison.Ordinal);

        // The review links each arm to its drill-down and shows what members said per arm.
        var review = await GetAsync(client, "/experiments/dormant-framing");
        Assert.Contains("href=\"experiments/dormant-framing/arms/A\"", review, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"intents-table\"", review, StringComparison.Ordinal);
    }

    private static async Task<string> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
