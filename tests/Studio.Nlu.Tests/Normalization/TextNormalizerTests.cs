using Studio.Nlu.Normalization;

namespace Studio.Nlu.Tests.Normalization;

public class TextNormalizerTests
{
    private static string N(string text) => TextNormalizer.Default.Normalize(text);

    [Theory]
    [InlineData("ＯＫ，ＡＩ", "ok ai")]
    [InlineData("Hello World", "hello world")]
    [InlineData("１２３", "123")]
    public void Full_width_becomes_half_width_and_latin_is_lower_case(string input, string expected) => Assert.Equal(expected, N(input));

    [Theory]
    [InlineData("你們是哪個公司", "你们是哪个公司")]
    [InlineData("別再打電話給我", "别再打电话给我")]
    [InlineData("我要投訴", "我要投诉")]
    [InlineData("沒聽清楚", "没听清楚")]
    public void Traditional_characters_become_simplified(string input, string expected) => Assert.Equal(expected, N(input));

    [Theory]
    [InlineData("不用了，谢谢！", "不用了 谢谢")]
    [InlineData("好的。。。", "好的")]
    [InlineData("  ", "")]
    [InlineData("3:30", "3:30")]
    public void Punctuation_separates_clauses_by_one_space(string input, string expected) => Assert.Equal(expected, N(input));

    [Theory]
    [InlineData("嗯", "嗯")]
    [InlineData("嗯嗯", "嗯嗯")]
    [InlineData("嗯呢", "嗯呢")]
    public void A_lone_en_is_a_yes_and_stays(string input, string expected) => Assert.Equal(expected, N(input));

    [Theory]
    [InlineData("嗯，是我", "是我")]
    [InlineData("嗯是我", "是我")]
    [InlineData("呃，不用了", "不用了")]
    [InlineData("啊啊啊，不要", "不要")]
    [InlineData("那个，我不需要", "我不需要")]
    [InlineData("那个我不需要", "我不需要")]
    [InlineData("就是就是我不要", "我不要")]
    public void Fillers_go_when_something_else_was_said(string input, string expected) => Assert.Equal(expected, N(input));

    [Theory]
    [InlineData("那个店离我太远了")]
    [InlineData("那个面膜好用吗")]
    [InlineData("就是这个号")]
    [InlineData("手机号就是微信")]
    public void Na_ge_and_jiu_shi_that_carry_meaning_stay(string input) => Assert.Equal(input, N(input));

    [Theory]
    [InlineData("好的呀", "好的")]
    [InlineData("行咯", "行")]
    [InlineData("不用了哈", "不用了")]
    [InlineData("是机器人撒", "是机器人")]
    [InlineData("好噻", "好")]
    [InlineData("要得嘛", "要得")]
    [InlineData("在忙呢", "在忙")]
    public void Trailing_modal_particles_go(string input, string expected) => Assert.Equal(expected, N(input));

    [Theory]
    [InlineData("是机器人吗", "是机器人吗")]
    [InlineData("算了吧", "算了吧")]
    [InlineData("加吧", "加吧")]
    public void Question_and_suggestion_particles_stay(string input, string expected) => Assert.Equal(expected, N(input));

    [Theory]
    [InlineData("嗯？", "啥")]
    [InlineData("啊?", "啥")]
    [InlineData("啊?你说什么", "啥 你说什么")]
    public void A_lone_interjection_with_a_question_mark_asks_what(string input, string expected) => Assert.Equal(expected, N(input));

    [Theory]
    [InlineData("收钱不", "收钱吗")]
    [InlineData("能打折不", "能打折吗")]
    [InlineData("领了没", "领了吗")]
    [InlineData("还有货没有", "还有货吗")]
    [InlineData("我就不", "我就不")]
    [InlineData("不", "不")]
    public void A_clause_final_bu_or_mei_after_a_verb_is_a_question(string input, string expected) => Assert.Equal(expected, N(input));

    [Theory]
    [InlineData("好好好好", "好好")]
    [InlineData("对对对", "对对")]
    [InlineData("不要不要不要", "不要不要")]
    [InlineData("哈哈哈", "哈哈")]
    [InlineData("12315", "12315")]
    [InlineData("666", "666")]
    public void Repeated_characters_and_words_collapse_to_two_but_digits_stay(string input, string expected) => Assert.Equal(expected, N(input));

    [Theory]
    [InlineData("一百块", "100块")]
    [InlineData("两点半", "2点半")]
    [InlineData("三十五块", "35块")]
    [InlineData("下午一点", "下午1点")]
    [InlineData("十一点", "11点")]
    [InlineData("双十一", "双11")]
    [InlineData("一二三一五", "12315")]
    [InlineData("有一点贵", "有一点贵")]
    [InlineData("等一下", "等一下")]
    [InlineData("万一不行", "万一不行")]
    [InlineData("两三天", "两三天")]
    [InlineData("第一次", "第一次")]
    public void Chinese_numerals_become_digits_where_they_are_numbers(string input, string expected) => Assert.Equal(expected, N(input));

    [Theory]
    [InlineData("再开车", "在开车")]
    [InlineData("我再开会", "我在开会")]
    [InlineData("别在打了", "别再打了")]
    [InlineData("不要在给我打了", "不要再给我打了")]
    [InlineData("你在说一遍", "你再说一遍")]
    [InlineData("你是鸡器人吗", "你是机器人吗")]
    [InlineData("加我威信", "加我微信")]
    [InlineData("优惠卷怎么用", "优惠券怎么用")]
    [InlineData("以经加了", "已经加了")]
    [InlineData("没听青", "没听清")]
    [InlineData("号码那来的", "号码哪来的")]
    public void Frequent_speech_recognition_homophones_are_corrected(string input, string expected) => Assert.Equal(expected, N(input));

    [Theory]
    [InlineData("我在打游戏")]
    [InlineData("你在说什么")]
    [InlineData("再打给我")]
    public void Homophone_corrections_fire_only_in_their_context(string input) => Assert.Equal(input, N(input));

    [Theory]
    [InlineData("莫得兴趣", "没有兴趣")]
    [InlineData("你们是啥子公司", "你们是啥公司")]
    [InlineData("你说撒", "你说啥")]
    [InlineData("好多钱", "多少钱")]
    [InlineData("要多少米", "要多少钱")]
    [InlineData("莫打了", "别打了")]
    [InlineData("这会儿不得空", "这会儿没空")]
    public void Dialect_words_become_the_standard_word(string input, string expected) => Assert.Equal(expected, N(input));

    [Fact]
    public void Normalising_is_idempotent_on_the_corpus()
    {
        foreach (var line in File.ReadLines(RepoPaths.SystemTsv))
        {
            var text = line.Split('\t')[1];
            var once = N(text);
            Assert.Equal(once, N(once));
        }
    }
}
