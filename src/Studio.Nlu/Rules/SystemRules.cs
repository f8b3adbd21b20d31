using System.Text.RegularExpressions;
using Studio.Core.Recognition;

namespace Studio.Nlu.Rules;

/// <summary>
/// The built-in rules for the canonical system intents. Keywords are written in normalised form (simplified,
/// digits, no trailing particles). Priorities: refusing contact and complaints first, then who-is-calling
/// questions, then script intents, then the everyday answers; a bare yes comes last.
/// </summary>
public static class SystemRules
{
    public const int OptOutPriority = 100;
    public const int ComplaintPriority = 90;
    public const int WrongPersonPriority = 80;
    public const int AskIsRobotPriority = 78;
    public const int AskHowGotNumberPriority = 76;
    public const int AskIdentityPriority = 70;
    public const int AskRepeatPriority = 66;

    /// <summary>Script intents rank above the generic answers (a marketer's 手机号就是微信 beats 可以) and below the safety intents.</summary>
    public const int ScriptPriority = 64;

    public const int AlreadyDonePriority = 62;
    public const int DenyPriority = 60;
    public const int BusyPriority = 58;
    public const int AskPricePriority = 56;
    public const int AskDetailPriority = 54;
    public const int AffirmPriority = 20;

    /// <summary>Words said out of courtesy: they decide only when nothing else was said.</summary>
    public static readonly IReadOnlySet<string> PoliteWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "好的", "好", "好吧", "嗯", "嗯嗯", "哦", "行", "对", "是", "那行", "谢谢", "感谢", "多谢", "谢啦", "谢谢你", "谢谢你们",
    };

    /// <summary>Phrases whose words look like a negation or a yes but are neither (不好意思, 对不起, 没关系).</summary>
    public static readonly IReadOnlyList<string> NeutralPhrases =
    [
        "不好意思", "不客气", "没关系", "对不起", "不过", "要不然", "要不", "不然", "不知道", "差不多", "不一定", "不管", "了不起",
        "没事", "没想到", "不得了", "不清楚", "不一样", "说不好", "不好说", "不确定", "要是", "你好", "您好",
    ];

    /// <summary>Negation words before a positive keyword (不太需要, 没想去): the keyword is negated.</summary>
    public const string Negators = "不没别甭未无非";

    /// <summary>Words that may sit between a negator and the negated word (不太需要, 不是很想, 没怎么用).</summary>
    public static readonly IReadOnlyList<string> NegationGaps = ["太", "是很", "很", "怎么", "想", "再", "用", "会", "能", "大", "是太", "是", "有"];

    /// <summary>A negation before a negative keyword cancels it: 不是不要 = wants it.</summary>
    public static readonly IReadOnlyList<string> DoubleNegators = ["并不是", "也不是", "不是说", "不是", "没有说", "没说"];

    private static readonly (string Intent, int Priority, string[] Phrases, string[] Keywords, string[] Patterns)[] Table =
    [
        (SystemIntents.OptOut, OptOutPriority,
            ["td", "退订"],
            ["别再打", "不要再打", "不用再打", "别打了", "不要打了", "别打电话", "别给我打", "不要给我打", "别联系我", "不要联系我", "不要再联系", "别再联系",
             "以后别打", "以后不要打", "再也别打", "再也不要打", "拉黑", "退订", "免打扰", "别再发", "不要再发", "别给我发", "不要再推", "取消推送", "取消所有推送",
             "不想再接", "不希望再接", "停止给我打", "不要再找", "别再找", "不要再打扰", "别再打扰", "以后别联系", "以后不要联系", "以后别来电话", "不许再打",
             "不要再给我打", "别再给我打", "以后少给我打", "以后不用联系", "以后都别打", "以后都不要", "不要再推销", "不接受这种电话"],
            [@"(删|删除|删掉|移除|去掉).{0,6}(号码|电话|手机号|信息|资料|名单)", @"(号码|电话|手机号|信息).{0,8}(删|删除|删掉|移除)", @"不(想|希望|要)再(接|收)",
             @"以后.{0,3}(别|不要|不用|莫).{0,3}(打|联系|发)"]),
        (SystemIntents.Complaint, ComplaintPriority,
            [],
            ["投诉", "举报", "骚扰", "12315", "烦死", "太烦", "烦不烦", "烦人", "有完没完", "消协", "报警", "曝光", "差评", "维权", "骗子", "诈骗", "态度太差",
             "态度差", "态度不好", "服务太差", "服务差", "服务太烂", "什么态度", "受够了", "受不了你们", "太过分", "违法", "黑猫", "给我个说法", "找你们领导",
             "找你们经理", "找你们老板", "你们负责人", "有病吧", "有毛病", "没素质", "有点素质", "太恶心", "不专业", "没人管", "没人理", "气死", "太差劲", "破公司"],
            [@"(一天|天天|每天|一直).{0,4}打.{0,4}(烦|几次|好几个|几个|三个|多少)"]),
        (SystemIntents.WrongPerson, WrongPersonPriority,
            [],
            ["打错了", "打错电话", "打错", "找错人", "搞错人", "弄错人", "认错人", "不是本人", "没这个人", "没有这个人", "没有叫这个", "不认识", "不是他", "不是她",
             "换人了", "号码换人", "不是机主", "机主不是", "新办的号", "刚换的号", "才换的", "号是新的", "不是你要找", "不是你说的", "要找的不是我", "不叫这个名字",
             "名字不对", "姓不对", "姓都不对", "帮她接", "帮他接", "不是她的号", "不是他的号", "不是会员本人", "我不是你们会员"],
            [@"我不姓.", @"我是(他|她)的?(老公|老婆|妈妈|爸爸|女儿|儿子|同事|朋友|家人|姐姐|妹妹|哥哥|弟弟|妈|爸|爱人)",
             @"这是我(老公|老婆|爸|妈|儿子|女儿|姐|哥|弟|妹|爱人)的?(号|电话|手机)", @"(手机|号码|号)是我(儿子|女儿|妈|爸|老公|老婆|爱人)在用",
             @"(他|她)(不在|出国|没用).{0,6}(号码|手机|电话)?在我这"]),
        (SystemIntents.AskIsRobot, AskIsRobotPriority,
            [],
            ["机器人", "机器", "真人", "人工智能", "是不是人", "是人吗", "是人还是", "人是机器", "录音", "录好的", "ai", "电脑", "智能客服", "智能语音", "语音助手",
             "自动外呼", "自动拨号", "自动打", "合成的", "活人", "虚拟", "是真的人", "真的人"],
            [@"(?<!小)程序(吧|在|说|吗)", @"你是人$", @"是人在"]),
        (SystemIntents.AskHowGotNumber, AskHowGotNumberPriority,
            [],
            ["怎么有我", "咋有我", "怎么会有我", "怎么知道我", "咋知道我", "号码哪来", "号码哪里来", "电话哪来", "哪来的号码", "哪来我的", "谁给你", "谁给的",
             "谁把我", "泄露", "卖我信息", "卖了我的", "买的我", "买的号码", "没留过", "没给过", "没登记过", "从哪弄", "从哪搞", "从哪里搞", "从哪里拿", "从哪拿",
             "从哪知道", "从哪里知道", "从哪里得到", "哪里获取", "怎么查到", "怎么找到我", "怎么拿到", "怎么弄到", "哪儿弄", "哪弄的", "咋弄来", "为啥有我",
             "怎么会有", "怎么打到我", "什么时候留过", "啥时候给过", "什么时候给过", "谁告诉你", "怎么在你们那", "数据哪来", "号码是哪来", "电话是谁给",
             "资料哪来", "怎么到你们手里", "被谁卖", "怎么有我的", "谁透露"],
            [@"没(有)?(留|给|登记)过", @"(号码|电话|号|手机号|信息|资料)(是)?(从)?(哪|哪里|哪儿)(来|弄|搞|得)", @"(怎么|咋|从哪里?|哪里|哪儿)(知道|晓得|有|弄|搞|拿|查).{0,3}(号码|电话|手机号|联系方式|信息|资料|名字|生日|姓)"]),
        (SystemIntents.AskIdentity, AskIdentityPriority,
            [],
            ["你是谁", "你谁", "你哪位", "哪位", "你是哪", "你哪里", "哪里的", "什么公司", "哪个公司", "哪家公司", "啥公司", "哪个品牌", "哪个牌子", "哪家店的",
             "哪个店的", "什么店的", "哪个门店", "你们是干", "你是干", "你们是做", "你是做", "你是卖", "你们是卖", "什么单位", "哪个单位", "谁啊", "哪里打来",
             "哪打来", "哪里打过来", "从哪里打", "你叫什么", "你叫啥", "贵姓", "工号", "自我介绍", "什么人", "什么身份", "哪个平台", "哪个部门", "是官方", "正规",
             "推销的", "卖保险", "是客服吗", "你是客服", "你是快递", "你是银行", "哪个商场", "哪家商场", "哪家的", "哪边的", "谁打的电话", "谁打来", "你们是哪",
             "哪个商家", "公司名字", "公司叫什么", "你们是哪家", "你是哪个"],
            []),
        (SystemIntents.AskRepeat, AskRepeatPriority,
            ["啥", "什么"],
            ["再说一遍", "再说一次", "再说一下", "再说下", "再讲一遍", "再讲一次", "再来一遍", "再来一次", "重复", "没听清", "听不清", "没听到", "没听见", "听不见",
             "听不到", "听不懂", "没听懂", "没听明白", "你说什么", "你说啥", "说啥", "你讲啥", "你讲什么", "说的什么", "说的啥", "什么意思", "啥意思", "大点声",
             "大声点", "声音大一点", "声音太小", "信号不好", "断断续续", "有点卡", "卡了", "说慢点", "慢一点", "讲慢点", "说太快", "太快了", "重新说", "重来",
             "听得到吗", "听得见吗", "喂喂", "刚才说", "刚说的", "刚刚没", "没注意", "你在说什么", "你在讲什么", "说清楚", "声音断", "没太明白", "重说"],
            []),
        (SystemIntents.AlreadyDone, AlreadyDonePriority,
            [],
            ["加过了", "加过", "早加了", "早就加", "加了的", "领过了", "领过", "早就领", "买过了", "买过", "早就买", "都买完", "在你们群", "兑过了", "换过了",
             "参加过", "用过了", "拿过了", "办过了", "填过了", "通过好友", "好友申请我点了", "已经是会员", "早就是会员", "已经是好友", "早就是好友"],
            [@"已经(是|在|有|加|领|买|拿|用|办|关注|注册|预约|下单|兑|换|报名|参加|添加|通过|收到|付|填|去过|弄好|处理)", @"早就?(加|领|买|办|弄好|参加|是)",
             @"都(加|领|买)了", @"(刚|刚刚|昨天|之前|上次)(就|已经)?(加|领|买)(过|了|上)"]),
        (SystemIntents.Deny, DenyPriority,
            ["不", "不不", "没有", "不是", "不对", "不行"],
            ["不需要", "不用", "不要", "不想", "没兴趣", "没有兴趣", "不感兴趣", "不感冒", "算了", "不了", "拒绝", "没必要", "不考虑", "不去", "不买", "不参加", "不加", "别加",
             "不行", "不可以", "不合适", "用不着", "用不上", "不太想", "没打算", "不打算", "没这个需求", "没需求", "没有需求", "不稀罕", "不缺", "免了", "不搞",
             "不弄", "下次吧", "不是我", "不领", "没这个想法", "不好"],
            []),
        (SystemIntents.Busy, BusyPriority,
            [],
            ["在忙", "很忙", "正忙", "忙着", "忙得很", "在开车", "开车", "在开会", "开会", "没空", "不方便", "晚点", "晚一点", "回头再", "回头说", "回头打",
             "回头聊", "等会", "等一下再", "待会", "一会儿再", "一会再", "过会", "稍后", "改天", "没时间", "上班", "上课", "在路上", "在外面", "在地铁", "在高速",
             "在医院", "在工地", "带孩子", "带娃", "做饭", "在吃饭", "正在吃饭", "在洗澡", "在睡觉", "午休", "见客户", "在打电话", "有事", "走不开", "忙完",
             "下班再", "有点事", "再打给我", "再打过来", "明天再", "下午再", "晚上再", "过两天再", "再联系", "晚些", "排队"],
            [@"\d+(分钟|个小时|小时)(以?后|之后)", @"半(个)?小时(以?后|之后)", @"\d+点(以后|之后|后)再"]),
        (SystemIntents.AskPrice, AskPricePriority,
            [],
            ["多少钱", "几块钱", "价格", "价钱", "价位", "什么价", "啥价", "贵不贵", "贵吗", "便宜", "几折", "折扣", "打折", "要钱", "收费", "收钱", "收不收", "免费",
             "付费", "付钱", "花钱", "掏钱", "交钱", "花多少", "要多少", "原价", "会员价", "单价", "定金", "运费", "包邮", "怎么卖", "咋卖", "多钱", "划算",
             "值不值", "值这个价", "减多少", "抵多少", "不要钱", "要不要钱"],
            [@"\d+(块|元)?(以内|左右|够不够|能买)"]),
        (SystemIntents.AskDetail, AskDetailPriority,
            ["然后呢", "还有呢", "然后", "还有"],
            ["什么活动", "啥活动", "具体", "详细", "详情", "介绍一下", "介绍下", "说说", "讲讲", "说来听听", "怎么领", "咋领", "怎么参加", "怎么参与", "咋参加",
             "怎么用", "咋用", "怎么弄", "咋弄", "怎么操作", "怎么兑换", "怎么报名", "怎么玩", "什么券", "啥券", "什么优惠", "啥优惠", "什么福利", "啥福利",
             "有什么活动", "有啥活动", "什么好处", "啥好处", "送什么", "送啥", "什么东西", "啥东西", "什么礼", "啥礼", "有什么事", "找我什么事", "都有什么",
             "什么条件", "门槛", "叠加", "规则", "权益", "继续说", "接着说", "怎么回事", "什么要求", "啥要求", "要我做什么", "要我干啥",
             "需要我做", "在哪里领", "去哪里领", "哪里领", "在哪领", "活动内容", "怎么个", "有啥好", "什么赠品", "哪些赠品"],
            []),
        (SystemIntents.Affirm, AffirmPriority,
            ["嗯", "嗯嗯", "嗯呢", "哦", "好", "好好", "行", "行行", "是", "对", "对对", "要", "要要", "中", "成", "可", "ok", "okay", "yes"],
            ["好的", "好啊", "好呀", "好吧", "好嘞", "好滴", "好哒", "可以", "行啊", "行的", "行吧", "没问题", "是的", "是我", "是滴", "对的", "对对", "对头", "嗯嗯",
             "嗯呢", "需要", "要的", "愿意", "同意", "加吧", "加我", "感兴趣", "没毛病", "妥了", "要得", "得行", "安排", "当然", "必须的", "ok", "没意见", "就这么",
             "会去的", "去的", "过去看看", "去看看", "去一趟", "参加", "麻烦你了", "也行", "那行", "是本人", "是这个号", "不错", "好", "行", "是", "对", "要", "嗯"],
            []),
    ];

    /// <summary>Every built-in rule (keywords, phrases and patterns), in table order.</summary>
    public static IReadOnlyList<IntentRule> All { get; } = Build();

    public static int PriorityOf(string intent) => intent switch
    {
        SystemIntents.OptOut => OptOutPriority,
        SystemIntents.Complaint => ComplaintPriority,
        SystemIntents.WrongPerson => WrongPersonPriority,
        SystemIntents.AskIsRobot => AskIsRobotPriority,
        SystemIntents.AskHowGotNumber => AskHowGotNumberPriority,
        SystemIntents.AskIdentity => AskIdentityPriority,
        SystemIntents.AskRepeat => AskRepeatPriority,
        SystemIntents.AlreadyDone => AlreadyDonePriority,
        SystemIntents.Deny => DenyPriority,
        SystemIntents.Busy => BusyPriority,
        SystemIntents.AskPrice => AskPricePriority,
        SystemIntents.AskDetail => AskDetailPriority,
        SystemIntents.Affirm => AffirmPriority,
        _ => ScriptPriority,
    };

    private static List<IntentRule> Build()
    {
        var rules = new List<IntentRule>();
        foreach (var (intent, priority, phrases, keywords, patterns) in Table)
        {
            rules.AddRange(phrases.Select(p => new IntentRule(intent, RuleKind.Phrase, p, priority, RuleSource.System) { Polite = PoliteWords.Contains(p) }));
            rules.AddRange(keywords.Distinct(StringComparer.Ordinal)
                .Select(k => new IntentRule(intent, RuleKind.Keyword, k, priority, RuleSource.System) { Polite = PoliteWords.Contains(k) }));
            rules.AddRange(patterns.Select(p => new IntentRule(intent, RuleKind.Pattern, p, priority, RuleSource.System)
            {
                Regex = new Regex(p, RegexOptions.CultureInvariant),
            }));
        }
        return rules;
    }
}
