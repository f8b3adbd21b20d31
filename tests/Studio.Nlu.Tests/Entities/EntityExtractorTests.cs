using Microsoft.Extensions.Time.Testing;
using Studio.Nlu.Entities;
using Studio.Nlu.Normalization;

namespace Studio.Nlu.Tests.Entities;

public class EntityExtractorTests
{
    /// <summary>Wednesday 25 November 2026, 10:00 in China (02:00 UTC).</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    private static IReadOnlyDictionary<string, string> E(string text) =>
        new EntityExtractor(new FakeTimeProvider(Now)).Extract(TextNormalizer.Default.Normalize(text));

    [Theory]
    [InlineData("明天下午三点", "2026-11-26T15:00:00+08:00")]
    [InlineData("明天下午3点再打吧", "2026-11-26T15:00:00+08:00")]
    [InlineData("半小时后", "2026-11-25T10:30:00+08:00")]
    [InlineData("半个小时以后再打", "2026-11-25T10:30:00+08:00")]
    [InlineData("两个小时以后", "2026-11-25T12:00:00+08:00")]
    [InlineData("一个半小时后", "2026-11-25T11:30:00+08:00")]
    [InlineData("十分钟后", "2026-11-25T10:10:00+08:00")]
    [InlineData("周末", "2026-11-28T10:00:00+08:00")]
    [InlineData("周末下午吧", "2026-11-28T15:00:00+08:00")]
    [InlineData("下周一上午", "2026-11-30T10:00:00+08:00")]
    [InlineData("星期五晚上", "2026-11-27T20:00:00+08:00")]
    [InlineData("周三下午", "2026-11-25T15:00:00+08:00")]
    [InlineData("周三上午九点", "2026-12-02T09:00:00+08:00")]
    [InlineData("今晚八点以后", "2026-11-25T20:00:00+08:00")]
    [InlineData("三点", "2026-11-25T15:00:00+08:00")]
    [InlineData("两点半", "2026-11-25T14:30:00+08:00")]
    [InlineData("上午九点", "2026-11-26T09:00:00+08:00")]
    [InlineData("明早", "2026-11-26T09:00:00+08:00")]
    [InlineData("后天", "2026-11-27T10:00:00+08:00")]
    [InlineData("15号", "2026-12-15T10:00:00+08:00")]
    [InlineData("12月15号下午", "2026-12-15T15:00:00+08:00")]
    [InlineData("明天这个时候", "2026-11-26T10:00:00+08:00")]
    [InlineData("等会再打", "2026-11-25T10:30:00+08:00")]
    public void Callback_times_resolve_against_the_clock_in_china_time(string text, string expected)
    {
        var entities = E(text);
        Assert.True(entities.ContainsKey(EntityNames.CallbackTime), $"no callback time in '{text}'");
        Assert.Equal(expected, entities[EntityNames.CallbackTime]);
    }

    [Fact]
    public void The_callback_entity_names_the_words_it_was_read_from()
    {
        Assert.Equal("明天下午3点", E("那你明天下午三点再打过来吧")[EntityNames.CallbackTimeText]);
    }

    [Theory]
    [InlineData("我不需要")]
    [InlineData("你是谁")]
    public void No_callback_time_without_time_words(string text) => Assert.False(E(text).ContainsKey(EntityNames.CallbackTime));

    [Theory]
    [InlineData("一百块", "100")]
    [InlineData("100元能买吗", "100")]
    [InlineData("两百块钱", "200")]
    [InlineData("两块五", "2.5")]
    [InlineData("五毛", "0.5")]
    [InlineData("券是三十元的吗", "30")]
    public void Amounts_are_read_in_yuan(string text, string expected) => Assert.Equal(expected, E(text)[EntityNames.Amount]);

    [Fact]
    public void Other_numbers_are_numbers()
    {
        var entities = E("我要三件");
        Assert.Equal("3", entities[EntityNames.Number]);
        Assert.False(entities.ContainsKey(EntityNames.Amount));
    }

    [Theory]
    [InlineData("我微信是13812345678", "138****5678")]
    [InlineData("加我 138 1234 5678", "138****5678")]
    [InlineData("一三八一二三四五六七八", "138****5678")]
    public void Phone_numbers_are_found_and_masked(string text, string expected)
    {
        var entities = E(text);
        Assert.Equal(expected, entities[EntityNames.Phone]);
        Assert.DoesNotContain(entities.Values, v => v.Contains("12345678", StringComparison.Ordinal));
    }

    [Fact]
    public void Masking_keeps_three_and_four_digits()
    {
        Assert.Equal("我的号码是139****0000", EntityExtractor.MaskPhones("我的号码是13900000000"));
        Assert.Equal("139****0000", EntityExtractor.Mask("13900000000"));
    }

    [Theory]
    [InlineData("1", "yes")]
    [InlineData("按1", "yes")]
    [InlineData("2", "no")]
    [InlineData("按二", "no")]
    public void Keypad_answers_are_yes_or_no(string text, string expected) => Assert.Equal(expected, E(text)[EntityNames.Dtmf]);

    [Fact]
    public void Nothing_is_read_from_nothing() => Assert.Empty(E(""));
}
