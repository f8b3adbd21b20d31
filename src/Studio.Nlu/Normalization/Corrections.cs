using System.Text.RegularExpressions;

namespace Studio.Nlu.Normalization;

/// <summary>
/// One rewrite of the normaliser: a speech-recognition homophone error (再开车 → 在开车) or a dialect word
/// (莫得 → 没有). The text must contain one of the <see cref="Triggers"/> literals before the pattern is
/// tried, which keeps the table cheap on the hot path.
/// </summary>
public sealed record Correction(string Name, string[] Triggers, Regex Pattern, string Replacement)
{
    public string Apply(string text)
    {
        foreach (var trigger in Triggers)
        {
            if (text.Contains(trigger, StringComparison.Ordinal))
            {
                return Pattern.Replace(text, Replacement);
            }
        }
        return text;
    }

    /// <summary>A correction; <paramref name="triggers"/> are '|'-separated literals, one of which every match contains.</summary>
    internal static Correction Of(string name, string triggers, string pattern, string replacement) =>
        new(name, triggers.Split('|'), new Regex(pattern, RegexOptions.CultureInvariant), replacement);
}

/// <summary>
/// Frequent confusions of Mandarin speech recognition around the system intents, and dialect words of the
/// south-west and north that members use on calls. Each entry is narrow on purpose: it fires only in the
/// context where the confusion happens (我在打游戏 stays, 别在打了 becomes 别再打了).
/// </summary>
public static class Corrections
{
    /// <summary>Homophone errors of speech recognition (and typing) around the system intents.</summary>
    public static readonly IReadOnlyList<Correction> Asr =
    [
        // 在 (at, -ing) and 再 (again) sound alike: "I am driving" vs "again driving", "say again" vs "saying"
        Correction.Of("再→在 (busy)", "再", "再(?=开车|开会|忙|上班|路上|外面|吃饭|睡觉|上课|医院|地铁|高速|工地|带孩子|带娃|做饭|洗澡|午休|见客户)", "在"),
        Correction.Of("在→再 (repeat)", "在", "在(?=说一遍|说一次|说一下|说下|讲一遍|讲一次|讲一下|来一遍|来一次|重复)", "再"),
        Correction.Of("在→再 (opt-out)", "在", "(?<=别|不要|不用|不许|甭|以后|不准)在(?=给我打|给我发|打|联系|发|来电|烦|骚扰|推|找)", "再"),
        Correction.Of("在见→再见", "在见", "在见", "再见"),
        Correction.Of("在盲→在忙", "盲", "[在再]盲", "在忙"),
        Correction.Of("开慧→开会", "开慧", "开慧", "开会"),
        // robot, human, AI
        Correction.Of("机器人", "器人|器仁|器任|气人", "(?:鸡|基|急)器人|机器[仁任]|机气人", "机器人"),
        Correction.Of("真任→真人", "真任", "真任", "真人"),
        Correction.Of("人工智能", "人工", "人工(?:只能|智障|知能)", "人工智能"),
        // complaint and harassment
        Correction.Of("投诉", "投速|头诉|偷诉", "投速|头诉|偷诉", "投诉"),
        Correction.Of("骚扰", "骚饶|扫扰|骚绕|骚挠", "骚饶|扫扰|骚绕|骚挠", "骚扰"),
        Correction.Of("拉嘿→拉黑", "拉嘿", "拉嘿", "拉黑"),
        Correction.Of("退订", "退定|退顶", "退[定顶](?!金)", "退订"),
        // wrong person
        Correction.Of("打措→打错", "打措", "打措", "打错"),
        Correction.Of("大错→打错", "大错", "(?<=你|是不是|肯定)大错(?=了|电话)", "打错"),
        // number, already, hearing, repeating, price
        Correction.Of("号码", "号马|号玛", "号[马玛]", "号码"),
        Correction.Of("已经", "以经|己经|已近", "以经|己经|已近", "已经"),
        Correction.Of("听清", "青|轻", "(?<=听|听不)[青轻]", "清"),
        Correction.Of("重复", "重夫|从复|虫复", "重夫|从复|虫复", "重复"),
        Correction.Of("多少钱", "前", "(?<=多少|几块|几百|好多)前", "钱"),
        Correction.Of("哪来的", "那来|拿来|那里来|那儿来", "(?<=号码|电话|号|信息|资料)[那拿](?=来的|里来的|儿来的)", "哪"),
        Correction.Of("你是谁", "是水|事谁", "你(?:是水|事谁)", "你是谁"),
        Correction.Of("需要", "虚要|须要|序要", "(?<=不)(?:虚要|须要|序要)", "需要"),
        Correction.Of("兴趣", "兴去|性趣", "兴去|性趣", "兴趣"),
        Correction.Of("不敢兴趣", "不敢兴趣", "不敢兴趣", "不感兴趣"),
        // WeChat and coupons
        Correction.Of("微信", "威信|微心", "威信|微心", "微信"),
        Correction.Of("券", "卷", "(?<=优惠|代金|抵用|生日|现金|购物|满减)卷", "券"),
    ];

    /// <summary>Dialect and colloquial words mapped to the standard word the corpus uses.</summary>
    public static readonly IReadOnlyList<Correction> Dialect =
    [
        Correction.Of("啥子→啥", "啥子|撒子|哈子", "啥子|撒子|哈子", "啥"),
        Correction.Of("说撒→说啥", "撒", "(?<=说|干|做|搞|讲|为|叫)撒", "啥"),
        Correction.Of("莫得/没得→没有", "莫得|没得", "莫得|没得", "没有"),
        Correction.Of("莫→别", "莫", "莫(?=打|再|要|说|发|联系|烦)", "别"),
        Correction.Of("不得空→没空", "不得空", "不得空", "没空"),
        Correction.Of("咋个→咋", "咋个", "咋个", "咋"),
        Correction.Of("晓得→知道", "晓得", "晓得", "知道"),
        Correction.Of("多少米→多少钱", "米", "(?<=多少|好多|几块)米", "钱"),
        Correction.Of("好多钱→多少钱", "好多钱", "好多钱", "多少钱"),
        Correction.Of("是好多→是多少", "好多", "(?<=是|价)好多(?=$| |啊|嘛|呀)", "多少"),
        Correction.Of("干嘛→干啥", "干嘛", "干嘛", "干啥"),
    ];
}
