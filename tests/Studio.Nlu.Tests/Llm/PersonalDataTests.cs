using Studio.Nlu.Llm;

namespace Studio.Nlu.Tests.Llm;

public sealed class PersonalDataTests
{
    [Theory]
    [InlineData("我的手机13812345678", "我的手机***********")]
    [InlineData("号码 138-1234-5678 对吗", "号码 ***-****-**** 对吗")]
    [InlineData("一三八一二三四五六七八", "***********")]
    [InlineData("１３８１２３４５６７８", "***********")]
    [InlineData("满200减30", "满200减30")]
    [InlineData("订单 2024 年", "订单 2024 年")]
    [InlineData("不要不要", "不要不要")]
    public void Masks_long_digit_runs_only(string text, string expected)
    {
        Assert.Equal(expected, PersonalData.MaskNumbers(text));
    }

    [Fact]
    public void Log_excerpts_are_masked_and_truncated()
    {
        var excerpt = PersonalData.ForLog("你好我的电话是13812345678请回电给我谢谢你", maxLength: 10);

        Assert.Equal("你好我的电话是***…(26 chars)", excerpt);
        Assert.Equal("(empty)", PersonalData.ForLog(null));
    }
}
