using Studio.Core.Scripts;
using Studio.Core.Testing.Dialogs;

namespace Studio.Core.Testing.Tests.Dialogs;

public class DialogTestFlowTests
{
    private static DialogTestFlow Smoke() => DialogTestFlow.FromJson(File.ReadAllText(Path.Combine(RepoPaths.Fixtures, "smoke.json")));

    [Fact]
    public void A_conversation_reads_like_a_conversation()
    {
        Smoke().WithArm("framing", "B").WithMember(("id", "m-9"), ("surname", "李"), ("title", "先生"))
            .Start().AssertReply("请问是李先生吗").AssertNode("greet")
            .Send("是我").AssertIntent("affirm").AssertArm("B").AssertNode("ask_add")
            .Send("好的").AssertAction(ActionType.WecomAdd).AssertOutcome("wecom_add_consent").AssertGrade('A');
    }

    [Fact]
    public void A_failed_assertion_names_the_step_and_carries_the_transcript()
    {
        var ex = Assert.Throws<DialogAssertionException>(() => Smoke().Start().Send("不是我").AssertNode("ask_add"));
        Assert.StartsWith("expected to be at node 'ask_add' but was at 'end_wrong'", ex.Message);
        Assert.Contains("at step: user: 不是我", ex.Message);
        Assert.Contains("END  [end_wrong] wrong_person (F)", ex.Message);
    }

    [Fact]
    public void Configuring_after_the_start_is_refused()
    {
        var flow = Smoke().Start();
        Assert.Throws<InvalidOperationException>(() => flow.WithArm("A"));
    }

    [Fact]
    public void An_unreadable_script_fails_with_its_diagnostics()
    {
        var ex = Assert.Throws<DialogAssertionException>(() => DialogTestFlow.FromJson("{\"formatVersion\":1,\"nodes\":[{\"id\":\"a\",\"kind\":\"sya\"}]}"));
        Assert.Contains("unknown node kind 'sya'", ex.Message);
    }
}
