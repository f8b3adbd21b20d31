using Studio.Runtime.Conversations;

namespace Studio.Runtime.Tests.Conversations;

public sealed class ConversationMetaTests
{
    private const string Conversation = "wecom:wm-meta";

    [Fact]
    public void Older_deliveries_are_still_recognised_after_their_reply_is_dropped_and_answer_with_nothing()
    {
        var meta = new ConversationMeta { MemberId = "wm-meta" };
        for (var i = 1; i <= ConversationMeta.RepliesKept + 2; i++)
        {
            meta.Remember("msg-" + i, Turn(i, "第" + i + "轮:您好,最近有在用我们的产品吗?"));
        }

        var restored = ConversationMeta.FromJson(meta.ToJson());
        var latest = restored.Find("msg-" + (ConversationMeta.RepliesKept + 2), Conversation);
        Assert.Equal($"第{ConversationMeta.RepliesKept + 2}轮:您好,最近有在用我们的产品吗?", Assert.Single(latest!.Messages).Text);
        var oldest = restored.Find("msg-1", Conversation);
        Assert.NotNull(oldest);
        Assert.Empty(oldest.Messages);
        Assert.Null(restored.Find("msg-never", Conversation));

        // A record from before ids were kept by digest.
        var legacy = ConversationMeta.FromJson("""{"memberId":"wm-meta","handled":[{"inputId":"msg-old","turn":{"conversation":"wecom:wm-meta","turn":1,"messages":[{"nodeId":"ask_a","text":"旧的回复","spokenText":"旧的回复"}]}}]}""");
        Assert.Equal("旧的回复", Assert.Single(legacy.Find("msg-old", Conversation)!.Messages).Text);
    }

    [Fact]
    public void Only_the_last_handled_ids_are_kept_and_the_record_stores_Chinese_as_text()
    {
        var meta = new ConversationMeta();
        for (var i = 1; i <= ConversationMeta.HandledKept + 3; i++)
        {
            meta.Remember("msg-" + i, Turn(i, "好的~ 还有什么想了解的吗?"));
        }

        Assert.Equal(ConversationMeta.HandledKept, meta.Handled.Count);
        Assert.Null(meta.Find("msg-3", Conversation));
        Assert.NotNull(meta.Find("msg-4", Conversation));
        var json = meta.ToJson();
        Assert.Contains("好的~ 还有什么想了解的吗?", json, StringComparison.Ordinal);
        Assert.DoesNotContain("replyText", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ConversationMeta.RepliesKept, meta.Handled.Count(h => h.Turn is not null));
    }

    private static ConversationTurn Turn(int n, string text) => new()
    {
        Conversation = Conversation,
        Turn = n,
        Node = "ask_a",
        Messages = [new ConversationMessage { NodeId = "ask_a", Text = text, SpokenText = text }],
    };
}
