using System.Globalization;
using System.Text;

namespace Studio.Core.Templates;

/// <summary>
/// Turns written text into what a Mandarin TTS voice should read: 30元 → 三十元, 1-99元 → 一到九十九元,
/// 15:30 → 十五点半, 2026年 → 二零二六年, 400-820-8820 → 四零零八二零八八二零, 50% → 百分之五十,
/// 11.11 → 双十一; links are dropped. A single pass over the text: it runs on every dynamic prompt.
/// </summary>
public static class SpokenNumbers
{
    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    private static readonly (long Unit, string Name)[] Units = [(1000L, "千"), (100L, "百"), (10L, "十")];
    private const string MeasureWords = "元块个张件瓶盒份天位次折分斤包支套";

    public static string Speak(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('0', '9') && !text.Contains("http", StringComparison.Ordinal))
        {
            return text;
        }
        var output = new StringBuilder(text.Length + 16);
        var i = 0;
        while (i < text.Length)
        {
            if (text.AsSpan(i).StartsWith("http://") || text.AsSpan(i).StartsWith("https://"))
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }
                continue;
            }
            var c = text[i];
            var yuan = (c is '¥' or '￥') && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]);
            if (!yuan && !char.IsAsciiDigit(c))
            {
                output.Append(c);
                i++;
                continue;
            }
            i = yuan ? ReadYuan(text, i + 1, output) : ReadNumber(text, i, output);
        }
        return output.ToString();
    }

    private static int ReadYuan(string text, int i, StringBuilder output)
    {
        var end = NumberEnd(text, i);
        output.Append(Number(text.AsSpan(i, end - i), measure: true)).Append('元');
        return end;
    }

    private static int ReadNumber(string text, int start, StringBuilder output)
    {
        var digitsEnd = DigitsEnd(text, start);
        var run = digitsEnd - start;
        var next = digitsEnd < text.Length ? text[digitsEnd] : '\0';

        // 15:30 — a clock time
        if (run <= 2 && next == ':' && DigitsEnd(text, digitsEnd + 1) - (digitsEnd + 1) == 2 && !IsDigitAt(text, digitsEnd + 3))
        {
            var hour = int.Parse(text.AsSpan(start, run), CultureInfo.InvariantCulture);
            var minutes = int.Parse(text.AsSpan(digitsEnd + 1, 2), CultureInfo.InvariantCulture);
            output.Append(Integer(hour, measure: true)).Append('点');
            output.Append(minutes switch
            {
                0 => "",
                30 => "半",
                < 10 => "零" + Digits[minutes] + "分",
                _ => Integer(minutes, measure: false) + "分",
            });
            return digitsEnd + 3;
        }
        // 400-820-8820 or 13812345678 — read digit by digit
        if (run is 3 or 4 && next == '-' && PhoneEnd(text, digitsEnd) is var phoneEnd and > 0)
        {
            AppendDigits(text.AsSpan(start, phoneEnd - start), output, phone: true);
            return phoneEnd;
        }
        if (run >= 7)
        {
            AppendDigits(text.AsSpan(start, run), output, phone: true);
            return digitsEnd;
        }
        // 2026年
        if (run == 4 && next == '年')
        {
            AppendDigits(text.AsSpan(start, run), output, phone: false);
            return digitsEnd;
        }
        // 11.11 / 12.12 / 6.18
        foreach (var (written, spoken) in Promotions)
        {
            if (text.AsSpan(start).StartsWith(written) && !IsDigitAt(text, start + written.Length)
                && !(start + written.Length < text.Length && text[start + written.Length] == '.'))
            {
                output.Append(spoken);
                return start + written.Length;
            }
        }
        var end = NumberEnd(text, start);
        // 1-99 — a range
        var dash = SkipSpaces(text, end);
        if (dash < text.Length && text[dash] is '-' or '~' or '–' or '—' or '～' && SkipSpaces(text, dash + 1) is var second && IsDigitAt(text, second))
        {
            var secondEnd = NumberEnd(text, second);
            output.Append(Number(text.AsSpan(start, end - start), measure: false)).Append('到')
                .Append(Number(text.AsSpan(second, secondEnd - second), MeasureAt(text, secondEnd)));
            return secondEnd;
        }
        // 50%
        if (end < text.Length && text[end] is '%' or '％')
        {
            output.Append("百分之").Append(Number(text.AsSpan(start, end - start), measure: false));
            return end + 1;
        }
        output.Append(Number(text.AsSpan(start, end - start), MeasureAt(text, end)));
        return end;
    }

    private static readonly (string Written, string Spoken)[] Promotions = [("11.11", "双十一"), ("12.12", "双十二"), ("6.18", "六一八")];

    private static int PhoneEnd(string text, int dash)
    {
        var groups = 0;
        var position = dash;
        while (groups < 2 && position < text.Length && text[position] == '-')
        {
            var end = DigitsEnd(text, position + 1);
            if (end - (position + 1) is < 3 or > 4)
            {
                break;
            }
            position = end;
            groups++;
        }
        return groups > 0 ? position : -1;
    }

    private static bool IsDigitAt(string text, int i) => i < text.Length && char.IsAsciiDigit(text[i]);

    private static int DigitsEnd(string text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        return i;
    }

    /// <summary>End of 123 or 8.5.</summary>
    private static int NumberEnd(string text, int i)
    {
        var end = DigitsEnd(text, i);
        return end + 1 < text.Length && text[end] == '.' && char.IsAsciiDigit(text[end + 1]) ? DigitsEnd(text, end + 1) : end;
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }
        return i;
    }

    /// <summary>A measure word follows (2元, 2张): 2 reads 两, not 二.</summary>
    private static bool MeasureAt(string text, int i) => i < text.Length && MeasureWords.Contains(text[i]);

    private static string Number(ReadOnlySpan<char> text, bool measure)
    {
        var dot = text.IndexOf('.');
        if (dot < 0)
        {
            return Integer(long.Parse(text, CultureInfo.InvariantCulture), measure);
        }
        var fraction = text[(dot + 1)..].TrimEnd('0');
        var whole = Integer(long.Parse(text[..dot], CultureInfo.InvariantCulture), measure: false);
        if (fraction.IsEmpty)
        {
            return whole;
        }
        var builder = new StringBuilder(whole).Append('点');
        AppendDigits(fraction, builder, phone: false);
        return builder.ToString();
    }

    private static void AppendDigits(ReadOnlySpan<char> text, StringBuilder output, bool phone)
    {
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                output.Append(phone && c == '1' ? "幺" : Digits[c - '0']);
            }
        }
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
        if (value < SmallNumbers.Length)
        {
            return SmallNumbers[value];
        }
        if (value >= 100_000_000)
        {
            return Section(value / 100_000_000) + "亿" + Rest(value % 100_000_000, 10_000_000);
        }
        if (value >= 10_000)
        {
            return Section(value / 10_000) + "万" + Rest(value % 10_000, 1_000);
        }
        return Section(value);
    }

    // Prices, amounts and dates are mostly below 1000: read them without building strings.
    private static readonly string[] SmallNumbers = [.. Enumerable.Range(0, 1000).Select(n => n == 0 ? "零" : Section(n))];

    private static string Rest(long rest, long highUnit) =>
        rest == 0 ? "" : (rest < highUnit ? "零" : "") + Integer(rest, measure: false).Replace("两", "二", StringComparison.Ordinal);

    /// <summary>0 &lt; value &lt; 10000.</summary>
    private static string Section(long value)
    {
        if (value >= 10_000)
        {
            return Integer(value, measure: false);
        }
        var builder = new StringBuilder();
        var pendingZero = false;
        foreach (var (unit, name) in Units)
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
            if (unit == 10 && digit == 1 && builder.Length == 0)
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
