using Studio.Core.Templates;

namespace Studio.Core.Tests.Templates;

public class SpokenNumbersTests
{
    [Theory]
    [InlineData("送您30元券", "送您三十元券")]
    [InlineData("满199减30元", "满一百九十九减三十元")]
    [InlineData("2元", "两元")]
    [InlineData("200元", "两百元")]
    [InlineData("105件", "一百零五件")]
    [InlineData("1050", "一千零五十")]
    [InlineData("10005", "一万零五")]
    [InlineData("15", "十五")]
    [InlineData("1-99元红包", "一到九十九元红包")]
    [InlineData("¥59", "五十九元")]
    [InlineData("打8.5折", "打八点五折")]
    [InlineData("50%的会员", "百分之五十的会员")]
    [InlineData("2026年12月31日", "二零二六年十二月三十一日")]
    [InlineData("15:30到店", "十五点半到店")]
    [InlineData("9:05", "九点零五分")]
    [InlineData("拨打400-820-8820", "拨打四零零八二零八八二零")]
    [InlineData("11.11狂欢", "双十一狂欢")]
    [InlineData("详情见 https://example.com/a?b=1 哦", "详情见  哦")]
    [InlineData("没有数字", "没有数字")]
    public void Numbers_are_read_the_way_people_say_them(string written, string spoken) =>
        Assert.Equal(spoken, SpokenNumbers.Speak(written));
}
