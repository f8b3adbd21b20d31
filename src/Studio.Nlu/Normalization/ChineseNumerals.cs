using System.Globalization;
using System.Text;

namespace Studio.Nlu.Normalization;

/// <summary>
/// Chinese numerals → Arabic digits where they are numbers (一百块 → 100块, 两点半 → 2点半, 三十五 → 35,
/// 一二三一五 → 12315, 一百五 → 150), and left alone where they are words (一下, 一点儿 "a bit", 万一, 一两个).
/// </summary>
public static class ChineseNumerals
{
    private const string Digits = "零〇一二两三四五六七八九幺";
    private const string Units = "十百千万亿";

    /// <summary>What a lone numeral character must be followed by to count as a number.</summary>
    private static readonly string[] SingleUnits =
    [
        "块钱", "块", "元", "毛", "角", "折", "岁", "号", "月", "日", "分钟", "个小时", "个半小时", "小时", "天", "周", "星期", "年", "倍", "件", "套", "瓶", "盒", "点",
    ];

    private static readonly string[] TimeContext = ["上午", "下午", "中午", "晚上", "早上", "凌晨", "今天", "明天", "后天", "今晚", "明早", "傍晚", "夜里"];

    public static bool IsNumeral(char c) => Digits.Contains(c, StringComparison.Ordinal) || Units.Contains(c, StringComparison.Ordinal);

    public static int DigitValue(char c) => c switch
    {
        '零' or '〇' => 0,
        '一' or '幺' => 1,
        '二' or '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => -1,
    };

    private static long UnitValue(char c) => c switch
    {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => 0,
    };

    /// <summary>
    /// Parses a run of numeral characters: positional (三十五, 一百零五, 两千三 = 2300, 一万二 = 12000) or spelled
    /// digits (一二三一五 = 12315). False for runs that are not a well-formed number (万一, 十十).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> run, out long value, out bool spelled)
    {
        value = 0;
        spelled = false;
        if (run.IsEmpty)
        {
            return false;
        }
        var hasUnit = false;
        foreach (var c in run)
        {
            if (UnitValue(c) > 0)
            {
                hasUnit = true;
            }
            else if (DigitValue(c) < 0)
            {
                return false;
            }
        }
        if (!hasUnit)
        {
            spelled = true;
            long v = 0;
            foreach (var c in run)
            {
                if (c == '两' && run.Length > 1)
                {
                    return false; // 两 is never a spelled digit (两三 is "two or three")
                }
                v = (v * 10) + DigitValue(c);
            }
            value = v;
            return true;
        }

        long total = 0, section = 0, number = 0, lastUnit = 0;
        var pendingDigit = false;
        var sawZero = false;
        for (var i = 0; i < run.Length; i++)
        {
            var c = run[i];
            var unit = UnitValue(c);
            if (unit == 0)
            {
                if (pendingDigit)
                {
                    return false; // two digits in a row inside a positional number
                }
                var d = DigitValue(c);
                if (d == 0)
                {
                    sawZero = true;
                    continue;
                }
                number = d;
                pendingDigit = true;
                continue;
            }
            if (unit >= 10_000)
            {
                var part = section + number;
                if (part == 0)
                {
                    return false; // 万 with nothing before it (万一)
                }
                total += part * unit;
                section = 0;
            }
            else
            {
                if (!pendingDigit && unit != 10)
                {
                    return false; // 百 / 千 need a digit before them
                }
                if (lastUnit != 0 && lastUnit < 10_000 && unit >= lastUnit && section > 0)
                {
                    return false; // 十十, 百千
                }
                section += (pendingDigit ? number : 1) * unit;
            }
            number = 0;
            pendingDigit = false;
            lastUnit = unit;
        }
        if (pendingDigit)
        {
            // A trailing digit right after a big unit is the colloquial short form: 一百五 = 150, 两千三 = 2300,
            // 一万二 = 12000. After 零 or 十 it is a plain unit digit (一百零五 = 105, 三十五 = 35).
            var prev = run[^2];
            var prevUnit = UnitValue(prev);
            number *= prevUnit >= 100 && !sawZero ? prevUnit / 10 : 1;
        }
        value = total + section + number;
        return value > 0 || run.Contains('零') || run.Contains('〇');
    }

    /// <summary>Replaces numerals that are numbers by digits; words such as 一下 or 一点儿 stay as they are.</summary>
    public static string Replace(string text)
    {
        var first = FirstNumeral(text, 0);
        if (first < 0)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, first);
        var i = first;
        while (i < text.Length)
        {
            if (!IsNumeral(text[i]))
            {
                sb.Append(text[i]);
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && IsNumeral(text[i]))
            {
                i++;
            }
            var run = text.AsSpan(start, i - start);
            if (ShouldConvert(text, start, i, run) && TryParse(run, out var value, out _))
            {
                if (run.Length == 1 || run[0] is not ('零' or '〇'))
                {
                    sb.Append(value.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    // a spelled sequence starting with zero keeps its zeros (〇一 → 01)
                    foreach (var c in run)
                    {
                        sb.Append((char)('0' + DigitValue(c)));
                    }
                }
            }
            else
            {
                sb.Append(run);
            }
        }
        return sb.ToString();
    }

    private static int FirstNumeral(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (IsNumeral(text[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private static bool ShouldConvert(string text, int start, int end, ReadOnlySpan<char> run)
    {
        var after = text.AsSpan(end);
        var hasUnit = run.IndexOfAny(Units) >= 0;
        if (run.Length >= 2)
        {
            if (!hasUnit)
            {
                // spelled digits: a phone number, 12315, a code — at least three, not 一一 / 两三
                if (run.Length >= 3)
                {
                    return true;
                }
                // 一两个, 三四天: an approximate range, not a number
                return false;
            }
            if (run[0] == '万' || run[0] == '亿')
            {
                return false;
            }
            return true;
        }

        var c = run[0];
        if (c is '万' or '亿' or '零' or '〇' or '幺')
        {
            return false;
        }
        if (c == '百' || c == '千')
        {
            return false;
        }
        // 万一 ("in case") and 一一 are words
        if (start > 0 && (text[start - 1] == '万' || text[start - 1] == '第'))
        {
            return false;
        }
        foreach (var unit in SingleUnits)
        {
            if (!after.StartsWith(unit, StringComparison.Ordinal))
            {
                continue;
            }
            if (unit == "点")
            {
                return c != '一' || IsClockOne(text, start, end);
            }
            // 一月 reads as a month name in few replies and as part of 一月份 / 一个月 in many: leave it
            return c != '一' || unit != "月";
        }
        return false;
    }

    /// <summary>一点 is one o'clock only next to a time of day or followed by 半 / 钟 / minutes; else it is "a bit".</summary>
    private static bool IsClockOne(string text, int start, int end)
    {
        var next = end + 1 < text.Length ? text[end + 1] : '\0';
        if (next is '半' or '钟' or '多' or '零' || char.IsAsciiDigit(next) || (DigitValue(next) > 0 && text.IndexOf('分', end + 1) > 0))
        {
            return true;
        }
        var before = text.AsSpan(0, start);
        foreach (var context in TimeContext)
        {
            if (before.EndsWith(context, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
