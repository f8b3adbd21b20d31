using Studio.Core.Dialogs;
using Studio.Core.Recognition;

namespace Studio.Core.Simulation;

/// <summary>
/// Chinese utterances per intent that simulated members say: a small built-in bank for the system intents, the
/// NLU corpus (seeds/nlu/zh-CN/*.tsv, "intent&lt;TAB&gt;text") when given, and the script's own intent examples.
/// </summary>
public sealed class PhraseBank
{
    private readonly Dictionary<string, List<string>> _phrases = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, string[]> BuiltIn = new()
    {
        [SystemIntents.Affirm] = ["好的", "可以啊", "行,没问题", "嗯,是我", "好呀,加吧"],
        [SystemIntents.Deny] = ["不用了", "不需要,谢谢", "不要了", "算了吧", "没兴趣"],
        [SystemIntents.Busy] = ["我在开车", "正忙着呢", "现在不方便", "在开会,晚点说"],
        [SystemIntents.AskIdentity] = ["你是谁啊", "哪里打来的", "你们是哪家"],
        [SystemIntents.AskIsRobot] = ["你是机器人吗", "你是真人吗", "是不是AI在说话"],
        [SystemIntents.AskHowGotNumber] = ["你怎么有我电话的", "我的号码哪来的", "谁给你的号码"],
        [SystemIntents.OptOut] = ["以后别给我打电话了", "不要再打了", "把我号码删了"],
        [SystemIntents.AskDetail] = ["具体是什么活动", "详细说说", "怎么领啊"],
        [SystemIntents.AskPrice] = ["要花钱吗", "多少钱啊", "收费吗"],
        [SystemIntents.AskRepeat] = ["你再说一遍", "没听清", "啥?"],
        [SystemIntents.WrongPerson] = ["你打错了", "不是我", "没这个人"],
        [SystemIntents.AlreadyDone] = ["已经加过了", "我早就加了", "领过了"],
        [SystemIntents.Complaint] = ["我要投诉你们", "天天打电话烦死了", "你们这是骚扰"],
        [SystemIntents.OutOfScope] = ["今天天气不错", "你们店在哪", "我家猫饿了"],
    };

    public PhraseBank()
    {
        foreach (var (intent, phrases) in BuiltIn)
        {
            _phrases[intent] = [.. phrases];
        }
    }

    /// <summary>Adds "intent&lt;TAB&gt;text" lines (the NLU corpus format); blank lines and # comments are skipped.</summary>
    public PhraseBank AddTsv(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0 || tab == line.Length - 1)
            {
                continue;
            }
            Add(line[..tab].Trim(), line[(tab + 1)..].Trim());
        }
        return this;
    }

    /// <summary>Adds the script's intent examples, so personas can answer with the script's own intents.</summary>
    public PhraseBank AddScript(CompiledScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        foreach (var intent in script.Script.Intents)
        {
            foreach (var example in intent.Examples)
            {
                Add(intent.Name, example);
            }
        }
        return this;
    }

    public void Add(string intent, string text)
    {
        if (!_phrases.TryGetValue(intent, out var list))
        {
            _phrases[intent] = list = [];
        }
        if (!list.Contains(text, StringComparer.Ordinal))
        {
            list.Add(text);
        }
    }

    public int Count(string intent) => _phrases.TryGetValue(intent, out var list) ? list.Count : 0;

    /// <summary>A phrase for the intent, or null when the bank has none.</summary>
    public string? Pick(string intent, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return _phrases.TryGetValue(intent, out var list) && list.Count > 0 ? list[random.Next(list.Count)] : null;
    }
}
