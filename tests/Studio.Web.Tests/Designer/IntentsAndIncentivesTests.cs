using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Web.Components.Designer.Editing;
using Studio.Web.Components.Designer.Library;

namespace Studio.Web.Tests.Designer;

// The keyword recogniser is the core's real rule recogniser: cheap, and it reads the draft's keywords.
public sealed class IntentsAndIncentivesTests() : DesignerComponentContext(s => s.AddSingleton<IIntentRecognizer>(new KeywordRecognizer()))
{
    [Fact]
    public void Try_it_asks_the_recogniser_about_the_draft_including_its_own_intents()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var cut = Render<IntentsEditor>(p => p.Add(x => x.Editor, editor));

        cut.Find(".di-add").Click();
        cut.WaitForAssertion(() => Assert.Single(editor.Script.Intents));
        cut.Find(".di-intent input").Change("ask_store");
        cut.WaitForAssertion(() => Assert.Equal("ask_store", editor.Script.Intents[0].Name));
        cut.FindAll(".di-intent input")[2].Change("门店,地址");
        cut.WaitForAssertion(() => Assert.Equal(["门店", "地址"], editor.Script.Intents[0].Keywords));

        cut.Find(".di-try-text input").Input("你们门店在哪里");
        cut.Find(".di-try-button").Click();

        cut.WaitForAssertion(() => Assert.Equal("ask_store", cut.Find(".di-verdict").GetAttribute("data-intent")));

        cut.Find(".di-try-text input").Input("我在开车呢");
        cut.Find(".di-try-button").Click();
        cut.WaitForAssertion(() => Assert.Equal(SystemIntents.Busy, cut.Find(".di-verdict").GetAttribute("data-intent")));
    }

    [Fact]
    public void An_incentive_edit_updates_both_previews_and_follows_renames_into_offers()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var cut = Render<IncentivesEditor>(p => p.Add(x => x.Editor, editor));

        cut.Find(".dl-amount input").Change("50");
        cut.WaitForAssertion(() => Assert.Contains("五十元无门槛优惠券", cut.Find(".ip-spoken-text").TextContent, StringComparison.Ordinal));
        Assert.Contains("¥50", cut.Find(".ip-card-amount").TextContent, StringComparison.Ordinal);

        cut.Find(".dl-id input").Change("c50");
        cut.WaitForAssertion(() => Assert.Equal("c50", ((OfferNode)editor.Get("offer")).Incentive));

        editor.Undo();
        Assert.Equal("c30", ((OfferNode)editor.Get("offer")).Incentive);
    }

    [Fact]
    public void A_global_answer_can_end_the_conversation_and_undo_takes_it_back()
    {
        var editor = new ScriptEditor(DesignerScripts.ReadSmoke());
        var cut = Render<GlobalIntentsEditor>(p => p.Add(x => x.Editor, editor));
        Assert.Equal(2, cut.FindAll(".dg-global").Count);

        cut.Find(".dg-add").Click();
        cut.WaitForAssertion(() => Assert.Equal(3, editor.Script.GlobalIntents.Count));
        Assert.Equal(SystemIntents.AskIdentity, editor.Script.GlobalIntents[2].Intent);
        cut.FindAll(".dg-answer textarea")[2].Change("我是速品会员中心的智能客服。");
        cut.WaitForAssertion(() => Assert.Equal("我是速品会员中心的智能客服。", editor.Script.GlobalIntents[2].Message?.Text));

        editor.Undo();
        editor.Undo();
        Assert.Equal(2, editor.Script.GlobalIntents.Count);
    }
}
