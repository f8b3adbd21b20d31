using Studio.Nlu.Normalization;

namespace Studio.Nlu.Tests.Normalization;

public class ChineseNumeralsTests
{
    [Theory]
    [InlineData("三十五", 35)]
    [InlineData("十五", 15)]
    [InlineData("十", 10)]
    [InlineData("二十", 20)]
    [InlineData("一百", 100)]
    [InlineData("一百零五", 105)]
    [InlineData("一百五", 150)]
    [InlineData("一百五十", 150)]
    [InlineData("两千三", 2300)]
    [InlineData("一万二", 12000)]
    [InlineData("三万五千", 35000)]
    [InlineData("两百", 200)]
    [InlineData("一二三一五", 12315)]
    [InlineData("幺三八", 138)]
    public void Parses_positional_and_spelled_numbers(string run, long expected)
    {
        Assert.True(ChineseNumerals.TryParse(run, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("万一")]
    [InlineData("十十")]
    [InlineData("两三")]
    [InlineData("百")]
    public void Rejects_runs_that_are_not_numbers(string run) => Assert.False(ChineseNumerals.TryParse(run, out _, out _));

    [Theory]
    [InlineData("一共两百块钱", "一共200块钱")]
    [InlineData("打八折", "打8折")]
    [InlineData("三个小时以后", "3个小时以后")]
    [InlineData("半小时后", "半小时后")]
    [InlineData("说一遍", "说一遍")]
    [InlineData("一下", "一下")]
    public void Replaces_only_numbers(string text, string expected) => Assert.Equal(expected, ChineseNumerals.Replace(text));
}
