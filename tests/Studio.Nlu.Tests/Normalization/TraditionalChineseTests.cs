using Studio.Nlu.Normalization;

namespace Studio.Nlu.Tests.Normalization;

public class TraditionalChineseTests
{
    [Fact]
    public void The_table_covers_the_characters_members_type_and_maps_each_to_another_character()
    {
        Assert.True(TraditionalChinese.Count > 500, $"only {TraditionalChinese.Count} characters");
        foreach (var c in "們這個說話電號碼麼時間會還沒經買賣錢價貴機謝請問聽聲開關車後裡對點幾兩塊萬與來過讓給從見現實發導購員擾騷訴舉報煩聯繫禮優領")
        {
            Assert.True(TraditionalChinese.TryConvert(c, out var s), $"{c} is missing");
            Assert.NotEqual(c, s);
        }
    }

    [Fact]
    public void Simplified_text_is_returned_unchanged()
    {
        const string text = "你们是哪个公司的,我不需要";
        Assert.Same(text, TraditionalChinese.ToSimplified(text));
    }

    [Fact]
    public void No_simplified_character_is_itself_converted_again()
    {
        foreach (var c in "们这个说话电号码么时间会还没经买卖钱价贵机谢请问听声开关车后里对点几两块万与来过让给从见现实发导购员扰骚诉举报烦联系礼优领")
        {
            Assert.False(TraditionalChinese.TryConvert(c, out _), $"{c} is simplified already");
        }
    }

    [Fact]
    public void Converts_a_sentence()
    {
        Assert.Equal("你们这个活动怎么领", TraditionalChinese.ToSimplified("你們這個活動怎麼領"));
    }
}
