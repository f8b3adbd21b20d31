using System.Globalization;
using System.Text.RegularExpressions;

namespace Studio.Nlu.Entities;

/// <summary>Names of the entities in <c>IntentResult.Entities</c>.</summary>
public static class EntityNames
{
    /// <summary>A money amount in yuan, invariant decimal (一百块 → 100, 1块5 → 1.5).</summary>
    public const string Amount = "amount";

    /// <summary>The first other number said (3件 → 3).</summary>
    public const string Number = "number";

    /// <summary>A phone number, always masked (138****5678): phone numbers never leave the recogniser in clear.</summary>
    public const string Phone = "phone";

    /// <summary>When to call back, resolved against the clock in China time (ISO 8601 with +08:00).</summary>
    public const string CallbackTime = "callback_time";

    /// <summary>The words the callback time was read from (明天下午三点).</summary>
    public const string CallbackTimeText = "callback_time_text";

    /// <summary>A keypad yes/no: <c>yes</c> (1) or <c>no</c> (2).</summary>
    public const string Dtmf = "dtmf";
}

/// <summary>
/// Reads amounts, numbers, phone numbers, callback times and keypad answers from normalised text (Chinese
/// numerals already turned into digits by the normaliser). Callback times resolve against the
/// <see cref="TimeProvider"/> in China time (UTC+8, no daylight saving).
/// </summary>
public sealed partial class EntityExtractor(TimeProvider? time = null)
{
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IReadOnlyDictionary<string, string> Extract(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        var entities = new Dictionary<string, string>(StringComparer.Ordinal);
        if (normalized.Length == 0)
        {
            return entities;
        }
        var text = normalized;
        var phones = PhoneRegex().Matches(text);
        if (phones.Count > 0)
        {
            entities[EntityNames.Phone] = Mask(Digits(phones[0].Value));
            text = PhoneRegex().Replace(text, m => new string('#', m.Length));
        }
        if (Dtmf(text) is { } key)
        {
            entities[EntityNames.Dtmf] = key;
        }
        var amount = AmountRegex().Match(text);
        if (amount.Success)
        {
            entities[EntityNames.Amount] = ReadAmount(amount);
        }
        if (ResolveCallback(text, _time.GetUtcNow().ToOffset(ChinaOffset)) is { } callback)
        {
            entities[EntityNames.CallbackTime] = callback.When.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            entities[EntityNames.CallbackTimeText] = callback.Text;
        }
        if (!entities.ContainsKey(EntityNames.Dtmf))
        {
            foreach (Match number in NumberRegex().Matches(text))
            {
                if (amount.Success && number.Index >= amount.Index && number.Index < amount.Index + amount.Length)
                {
                    continue;
                }
                var after = number.Index + number.Length < text.Length ? text[number.Index + number.Length] : ' ';
                if (after is '点' or ':' or '号' or '月' or '分' or '小' or '天' or '周')
                {
                    continue; // part of a time
                }
                entities[EntityNames.Number] = number.Value;
                break;
            }
        }
        return entities;
    }

    /// <summary>Replaces every phone number in a text by its masked form (138****5678).</summary>
    public static string MaskPhones(string text) =>
        string.IsNullOrEmpty(text) ? text ?? "" : PhoneRegex().Replace(text, m => Mask(Digits(m.Value)));

    /// <summary>Keeps the first three and the last four digits of a mobile number, masks the rest.</summary>
    public static string Mask(string digits) =>
        digits.Length <= 7 ? new string('*', digits.Length) : digits[..3] + new string('*', digits.Length - 7) + digits[^4..];

    /// <summary>A keypad answer typed or spoken as digits: 1 (or 按1) is yes, 2 is no.</summary>
    public static string? Dtmf(string normalized) => normalized switch
    {
        "1" or "按1" or "按一" or "1号键" => "yes",
        "2" or "按2" or "按二" or "2号键" => "no",
        _ => null,
    };

    private static string Digits(string value) => string.Concat(value.Where(char.IsAsciiDigit));

    private static string ReadAmount(Match m)
    {
        var value = decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups["u"].Value;
        if (unit == "毛" || unit == "角")
        {
            value /= 10;
        }
        if (m.Groups["f"].Success && m.Groups["f"].Value.Length > 0)
        {
            var fraction = m.Groups["f"].Value;
            var digit = char.IsAsciiDigit(fraction[0]) ? fraction[0] - '0' : Normalization.ChineseNumerals.DigitValue(fraction[0]);
            value += digit / 10m;
        }
        return value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A resolved callback time and the words it came from.</summary>
    public sealed record Callback(DateTimeOffset When, string Text);

    /// <summary>
    /// Reads a callback time: relative (半小时后, 2个小时以后, 一会儿), a day (今天, 明天, 后天, 周三, 下周一,
    /// 周末, 15号), a part of the day (上午, 下午, 晚上) and a clock time (3点, 3点半, 15:30). Part of the day
    /// without a clock takes its usual hour (上午 10:00, 下午 15:00, 晚上 20:00); a bare 1–7 点 is afternoon;
    /// a time already past today moves to tomorrow.
    /// </summary>
    public static Callback? ResolveCallback(string text, DateTimeOffset now)
    {
        now = now.ToOffset(ChinaOffset);
        var relative = RelativeRegex().Match(text);
        if (relative.Success)
        {
            var amount = relative.Groups["n"].Value == "半"
                ? 0.5
                : double.Parse(relative.Groups["n"].Value, CultureInfo.InvariantCulture) + (relative.Groups["half"].Value.Length > 0 ? 0.5 : 0);
            var span = relative.Groups["u"].Value == "分钟" ? TimeSpan.FromMinutes(amount) : TimeSpan.FromHours(amount);
            return new Callback(Truncate(now + span), relative.Value);
        }
        var vague = VagueRegex().Match(text);

        var day = DayRegex().Match(text);
        var part = PartRegex().Match(text);
        var clock = ClockRegex().Match(text);
        if (!day.Success && !part.Success && !clock.Success)
        {
            return vague.Success ? new Callback(Truncate(now + (vague.Value.Contains('晚', StringComparison.Ordinal) ? TimeSpan.FromHours(2) : TimeSpan.FromMinutes(30))), vague.Value) : null;
        }

        var date = now.Date;
        var explicitDay = false;
        var weekday = -1;
        if (day.Success)
        {
            explicitDay = true;
            var d = day.Value;
            if (d.StartsWith("今", StringComparison.Ordinal))
            {
                explicitDay = false;
            }
            else if (d.StartsWith("明", StringComparison.Ordinal))
            {
                date = date.AddDays(1);
            }
            else if (d.StartsWith("大后", StringComparison.Ordinal))
            {
                date = date.AddDays(3);
            }
            else if (d.StartsWith("后", StringComparison.Ordinal))
            {
                date = date.AddDays(2);
            }
            else if (d.Contains('末', StringComparison.Ordinal))
            {
                var toSaturday = ((int)DayOfWeek.Saturday - (int)now.DayOfWeek + 7) % 7;
                date = now.DayOfWeek switch
                {
                    DayOfWeek.Saturday => date.AddDays(1),
                    DayOfWeek.Sunday => date.AddDays(6),
                    _ => date.AddDays(toSaturday),
                };
                if (d.StartsWith("下", StringComparison.Ordinal) && now.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    date = date.AddDays(7);
                }
            }
            else if (day.Groups["wd"].Success && day.Groups["wd"].Value.Length > 0)
            {
                weekday = WeekdayNumber(day.Groups["wd"].Value[0]);
                var monday = date.AddDays(-(((int)now.DayOfWeek + 6) % 7));
                if (d.StartsWith("下", StringComparison.Ordinal))
                {
                    date = monday.AddDays(7 + weekday - 1);
                }
                else if (d.StartsWith("这", StringComparison.Ordinal) || d.StartsWith("本", StringComparison.Ordinal))
                {
                    date = monday.AddDays(weekday - 1);
                }
                else
                {
                    var today = ((int)now.DayOfWeek + 6) % 7 + 1;
                    var ahead = (weekday - today + 7) % 7;
                    date = date.AddDays(ahead == 0 ? 7 : ahead);
                    if (ahead == 0)
                    {
                        weekday = 0; // same weekday: decided below by the time
                    }
                }
            }
            else if (day.Groups["dom"].Success && day.Groups["dom"].Value.Length > 0)
            {
                var dom = int.Parse(day.Groups["dom"].Value, CultureInfo.InvariantCulture);
                var month = day.Groups["mon"].Success && day.Groups["mon"].Value.Length > 0 ? int.Parse(day.Groups["mon"].Value, CultureInfo.InvariantCulture) : date.Month;
                var year = date.Year;
                if (month < date.Month || (month == date.Month && dom < date.Day))
                {
                    if (day.Groups["mon"].Success && day.Groups["mon"].Value.Length > 0)
                    {
                        year++;
                    }
                    else
                    {
                        month++;
                        if (month > 12)
                        {
                            month = 1;
                            year++;
                        }
                    }
                }
                if (month is < 1 or > 12 || dom < 1 || dom > DateTime.DaysInMonth(year, month))
                {
                    return null;
                }
                date = new DateTime(year, month, dom, 0, 0, 0, DateTimeKind.Unspecified);
            }
            else if (day.Groups["after"].Success && day.Groups["after"].Value.Length > 0)
            {
                date = date.AddDays(int.Parse(day.Groups["after"].Value, CultureInfo.InvariantCulture));
            }
        }

        var hour = 10;
        var minute = 0;
        var partName = part.Success ? part.Value : "";
        if (!day.Success && partName is "明早" or "明晚")
        {
            date = date.AddDays(1);
            explicitDay = true;
        }
        if (DefaultHour(partName) is { } defaultHour)
        {
            hour = defaultHour;
        }
        if (clock.Success)
        {
            hour = int.Parse(clock.Groups["h"].Value, CultureInfo.InvariantCulture);
            minute = clock.Groups["m"].Value switch
            {
                "半" => 30,
                "一刻" or "1刻" => 15,
                "三刻" or "3刻" => 45,
                "" or "钟" => 0,
                var m => int.Parse(m.TrimEnd('分'), CultureInfo.InvariantCulture),
            };
            if (hour > 23 || minute > 59)
            {
                return null;
            }
            var pm = partName is "下午" or "傍晚" or "晚上" or "今晚" or "明晚" or "夜里" || (partName == "中午" && hour < 3);
            if (pm && hour < 12)
            {
                hour += 12;
            }
            else if (partName.Length == 0 && hour is >= 1 and <= 7)
            {
                hour += 12; // 三点 on a marketing call is 15:00
            }
        }
        else if (!part.Success && day.Success && day.Value.Contains("这个时候", StringComparison.Ordinal))
        {
            hour = now.Hour;
            minute = now.Minute;
        }

        var when = new DateTimeOffset(date.Year, date.Month, date.Day, hour, minute, 0, ChinaOffset);
        if (weekday == 0 && when - TimeSpan.FromDays(7) > now)
        {
            when -= TimeSpan.FromDays(7);
        }
        if (!explicitDay && when <= now)
        {
            when = when.AddDays(1);
        }
        var words = string.Join("", new[] { day, part, clock }.Where(m => m.Success).OrderBy(m => m.Index).Select(m => m.Value));
        return new Callback(when, words);

        static int? DefaultHour(string p) => p switch
        {
            "早上" or "早晨" or "明早" or "一早" => 9,
            "上午" => 10,
            "中午" => 12,
            "下午" => 15,
            "傍晚" => 18,
            "晚上" or "今晚" or "明晚" => 20,
            "夜里" => 21,
            _ => null,
        };
    }

    private static int WeekdayNumber(char c) => c switch
    {
        '一' or '1' => 1,
        '二' or '2' => 2,
        '三' or '3' => 3,
        '四' or '4' => 4,
        '五' or '5' => 5,
        '六' or '6' => 6,
        _ => 7, // 日 天 7
    };

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, t.Offset);

    [GeneratedRegex(@"(?<!\d)(?:1[3-9]\d(?: ?\d){8}|0\d{2,3} ?\d{7,8})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneRegex();

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)(?<u>块钱|块|元|毛|角)(?<f>[1-9一二三四五六七八九](?![\d个件点]))?", RegexOptions.CultureInvariant)]
    private static partial Regex AmountRegex();

    [GeneratedRegex(@"\d+(?:\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex NumberRegex();

    [GeneratedRegex(@"(?:过)?(?<n>\d+|半)(?:个)?(?<half>半)?(?:个)?(?<u>分钟|小时|钟头)(?:以后|之后|后)", RegexOptions.CultureInvariant)]
    private static partial Regex RelativeRegex();

    [GeneratedRegex(@"一会儿|一会|等会儿|等会|待会儿|待会|稍后|晚点|晚一点|晚些", RegexOptions.CultureInvariant)]
    private static partial Regex VagueRegex();

    [GeneratedRegex(@"大后天|后天|明天这个时候|明天|明儿|今天|(?:这|本|下)?(?:个)?(?:周|星期|礼拜)(?<wd>[一二三四五六日天1-7])|(?:下|这|本)?周末|(?:(?<mon>\d{1,2})月)?(?<dom>\d{1,2})(?:号|日)|过(?<after>\d+)天|(?<after>\d+)天(?:以后|之后|后)", RegexOptions.CultureInvariant)]
    private static partial Regex DayRegex();

    [GeneratedRegex(@"早上|早晨|一早|明早|上午|中午|下午|傍晚|晚上|今晚|明晚|夜里", RegexOptions.CultureInvariant)]
    private static partial Regex PartRegex();

    [GeneratedRegex(@"(?<h>\d{1,2})(?:点|:)(?<m>半|一刻|三刻|1刻|3刻|钟|\d{1,2}分?)?", RegexOptions.CultureInvariant)]
    private static partial Regex ClockRegex();
}
