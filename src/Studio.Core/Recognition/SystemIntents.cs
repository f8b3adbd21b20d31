namespace Studio.Core.Recognition;

/// <summary>The canonical system intents every script can route on, with their Chinese labels.</summary>
public static class SystemIntents
{
    public const string Affirm = "affirm";
    public const string Deny = "deny";
    public const string Busy = "busy";
    public const string AskIdentity = "ask_identity";
    public const string AskIsRobot = "ask_is_robot";
    public const string AskHowGotNumber = "ask_how_got_number";
    public const string OptOut = "opt_out";
    public const string AskDetail = "ask_detail";
    public const string AskPrice = "ask_price";
    public const string AskRepeat = "ask_repeat";
    public const string WrongPerson = "wrong_person";
    public const string AlreadyDone = "already_done";
    public const string Complaint = "complaint";
    public const string OutOfScope = "out_of_scope";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [Affirm] = "肯定/同意",
        [Deny] = "否定/拒绝",
        [Busy] = "在忙",
        [AskIdentity] = "询问身份",
        [AskIsRobot] = "是否机器人",
        [AskHowGotNumber] = "号码来源",
        [OptOut] = "拒绝再联系",
        [AskDetail] = "询问详情",
        [AskPrice] = "询问价格",
        [AskRepeat] = "请重复",
        [WrongPerson] = "打错了",
        [AlreadyDone] = "已经办过",
        [Complaint] = "投诉",
        [OutOfScope] = "无关/未识别",
    };

    public static IReadOnlyCollection<string> All => (IReadOnlyCollection<string>)Labels.Keys;

    public static bool IsSystem(string intent) => Labels.ContainsKey(intent);

    /// <summary>
    /// Seed keywords of the baseline recogniser. Longer phrases win over shorter ones, which is how
    /// 不需要 beats 需要 and 不是我 beats 是我.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Keywords = new Dictionary<string, string[]>
    {
        [Affirm] = ["好的", "好啊", "好呀", "可以", "行啊", "行的", "没问题", "是的", "是我", "对的", "对对", "嗯嗯", "需要", "要的", "愿意", "同意", "加吧", "好", "行", "是", "对", "要", "嗯", "OK", "ok"],
        [Deny] = ["不是我", "不用", "不要", "不需要", "不想", "不是", "不行", "算了", "没兴趣", "不感兴趣", "不了", "拒绝", "没必要", "不考虑", "不去", "不可以", "不好"],
        [Busy] = ["在忙", "很忙", "正忙", "忙着", "在开车", "开车", "在开会", "开会", "没空", "不方便", "晚点", "回头再说", "等会", "没时间", "上班"],
        [AskIdentity] = ["你是谁", "哪位", "你哪里", "哪里的", "什么公司", "哪个公司", "你们是", "谁啊"],
        [AskIsRobot] = ["机器人", "真人", "人工智能", "是不是人", "录音", "AI", "ai"],
        [AskHowGotNumber] = ["怎么有我", "号码哪来", "哪来的号码", "怎么知道我", "哪里来的电话", "电话哪来", "谁给你的号码", "我的号码"],
        [OptOut] = ["别再打", "不要再打", "别打了", "不要打了", "再也别", "拉黑", "退订", "别联系我", "不要联系我", "以后别", "不要再联系"],
        [AskDetail] = ["什么活动", "具体", "详细", "怎么领", "怎么用", "什么东西", "有什么", "啥活动", "说说", "介绍一下", "什么券", "送什么"],
        [AskPrice] = ["多少钱", "价格", "贵不贵", "怎么卖", "几块钱", "要钱吗", "收费", "花钱"],
        [AskRepeat] = ["再说一遍", "没听清", "没听到", "重复一下", "你说什么", "啥意思", "听不清", "什么意思"],
        [WrongPerson] = ["打错了", "打错", "不是本人", "不认识", "没这个人", "不是他", "不是她", "换号"],
        [AlreadyDone] = ["已经加了", "加过了", "已经领了", "领过了", "已经买了", "买过了", "已经有了", "加了", "已经"],
        [Complaint] = ["投诉", "骚扰", "举报", "烦死", "太烦", "12315"],
    };
}
