using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Studio.Core.Templates;

/// <summary>
/// Turns written text into what a Mandarin TTS voice should read: 30元 → 三十元, 1-99元 → 一到九十九元,
/// 15:30 → 十五点三十分, 2026年 → 二零二六年, 400-820-8820 → 四零零八二零八八二零, 50% → 百分之五十.
/// </summary>
public static partial class SpokenNumbers
{
    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"(?<time>(?<!\d)\d{1,2}:\d{2}(?!\d))|(?<phone>\d{3,4}(?:-\d{3,4}){1,2}|\d{7,})|(?<year>\d{4})(?=年)|(?<promo>(?<![\d.])(?:11\.11|12\.12|6\.18)(?![\d.]))|(?<range>\d+(?:\.\d+)?)\s*[-~–—]\s*(?<range2>\d+(?:\.\d+)?)|[¥￥](?<yuan>\d+(?:\.\d+)?)|(?<percent>\d+(?:\.\d+)?)%|(?<number>\d+(?:\.\d+)?)")]
    private static partial Regex NumberPattern();

    public static string Speak(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('0', '9') && !text.Contains("http", StringComparison.Ordinal))
        {
            return text;
        }
        text = UrlPattern().Replace(text, "");
        return NumberPattern().Replace(text, Replace);
    }

    private static string Replace(Match m)
    {
        if (m.Groups["time"].Success)
        {
            var parts = m.Value.Split(':');
            var minutes = int.Parse(parts[1], CultureInfo.InvariantCulture);
            var hour = Integer(long.Parse(parts[0], CultureInfo.InvariantCulture), measure: true) + "点";
            return minutes switch
            {
                0 => hour,
                30 => hour + "半",
                < 10 => hour + "零" + Digits[minutes] + "分",
                _ => hour + Integer(minutes, measure: false) + "分",
            };
        }
        if (m.Groups["phone"].Success)
        {
            return DigitByDigit(m.Value, phone: true);
        }
        if (m.Groups["year"].Success)
        {
            return DigitByDigit(m.Value, phone: false);
        }
        if (m.Groups["promo"].Success)
        {
            return m.Value switch { "11.11" => "双十一", "12.12" => "双十二", _ => "六一八" };
        }
        if (m.Groups["range"].Success)
        {
            return Number(m.Groups["range"].Value, false) + "到" + Number(m.Groups["range2"].Value, MeasureFollows(m));
        }
        if (m.Groups["yuan"].Success)
        {
            return Number(m.Groups["yuan"].Value, true) + "元";
        }
        if (m.Groups["percent"].Success)
        {
            return "百分之" + Number(m.Groups["percent"].Value, false);
        }
        return Number(m.Value, MeasureFollows(m));
    }

    /// <summary>A measure word follows (2元, 2张): 2 reads 两, not 二.</summary>
    private static bool MeasureFollows(Match m)
    {
        var input = m.Result("$'");
        return input.Length > 0 && "元块个张件瓶盒份天位次折分斤包支套".Contains(input[0]);
    }

    private static string Number(string text, bool measure)
    {
        var dot = text.IndexOf('.');
        if (dot < 0)
        {
            return Integer(long.Parse(text, CultureInfo.InvariantCulture), measure);
        }
        var fraction = text[(dot + 1)..].TrimEnd('0');
        var whole = Integer(long.Parse(text[..dot], CultureInfo.InvariantCulture), measure: false);
        return fraction.Length == 0 ? whole : whole + "点" + DigitByDigit(fraction, phone: false);
    }

    private static string DigitByDigit(string text, bool phone)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                builder.Append(phone && c == '1' ? "幺" : Digits[c - '0']);
            }
        }
        return builder.ToString();
    }

    /// <summary>Reads an integer the way people say it: 15 → 十五, 105 → 一百零五, 200 → 两百 (before a measure word).</summary>
    public static string Integer(long value, bool measure)
    {
        if (value == 0)
        {
            return "零";
        }
        if (value < 0)
        {
            return "负" + Integer(-value, measure);
        }
        if (value == 2 && measure)
        {
            return "两";
        }
        if (value >= 100_000_000)
        {
            return Section(value / 100_000_000, true) + "亿" + Rest(value % 100_000_000, 10_000_000);
        }
        if (value >= 10_000)
        {
            return Section(value / 10_000, true) + "万" + Rest(value % 10_000, 1_000);
        }
        return Section(value, true);
    }

    private static string Rest(long rest, long highUnit) =>
        rest == 0 ? "" : (rest < highUnit ? "零" : "") + Integer(rest, measure: false).Replace("两", "二", StringComparison.Ordinal);

    /// <summary>0 &lt; value &lt; 10000.</summary>
    private static string Section(long value, bool leading)
    {
        if (value >= 10_000)
        {
            return Integer(value, measure: false);
        }
        var builder = new StringBuilder();
        var units = new[] { (1000L, "千"), (100L, "百"), (10L, "十") };
        var pendingZero = false;
        foreach (var (unit, name) in units)
        {
            var digit = value / unit % 10;
            if (digit == 0)
            {
                pendingZero = builder.Length > 0;
                continue;
            }
            if (pendingZero)
            {
                builder.Append('零');
                pendingZero = false;
            }
            if (unit == 10 && digit == 1 && builder.Length == 0 && leading)
            {
                builder.Append(name); // 十五, not 一十五
            }
            else
            {
                builder.Append(digit == 2 && unit >= 100 && builder.Length == 0 ? "两" : Digits[digit]).Append(name);
            }
        }
        var ones = value % 10;
        if (ones != 0)
        {
            if (pendingZero || (builder.Length > 0 && value % 100 < 10))
            {
                builder.Append('零');
            }
            builder.Append(Digits[ones]);
        }
        return builder.ToString();
    }
}
