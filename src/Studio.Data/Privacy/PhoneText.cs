using System.Text;
using Studio.Core.Members;

namespace Studio.Data.Privacy;

/// <summary>Finding phone numbers in free text, so none reaches a log (COMPLIANCE.md).</summary>
public static class PhoneText
{
    /// <summary>Is the whole value a mainland mobile number (11 digits starting 1, optional +86 and separators)?</summary>
    public static bool LooksLikePhone(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var digits = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not (' ' or '-' or '+' or '(' or ')'))
            {
                return false;
            }
        }
        var normalized = PersonalDataProtector.NormalizePhone(value);
        return digits is 11 or 13 && normalized.Length == 11 && normalized[0] == '1';
    }

    /// <summary>
    /// Masks every run of 7 or more digits (spaces and dashes inside a run allowed) the way the UI
    /// shows numbers: 我的手机是13812345678 → 我的手机是138****5678. Shorter numbers (amounts, codes)
    /// stay. With <paramref name="mobilesOnly"/>, only runs that are mainland mobile numbers are masked
    /// (for the bot's own text, where a brand's hotline may appear).
    /// </summary>
    public static string? Redact(string? text, bool mobilesOnly = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        StringBuilder? output = null;
        var i = 0;
        var copied = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            var end = i;
            var digits = 0;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || ((text[i] is ' ' or '-') && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) && digits > 0)))
            {
                if (char.IsAsciiDigit(text[i]))
                {
                    digits++;
                    end = i + 1;
                }
                i++;
            }
            if (mobilesOnly ? LooksLikePhone(text[start..end]) : digits >= 7)
            {
                output ??= new StringBuilder(text.Length);
                output.Append(text, copied, start - copied);
                output.Append(Mask(text[start..end]));
                copied = end;
            }
        }
        if (output is null)
        {
            return text;
        }
        output.Append(text, copied, text.Length - copied);
        return output.ToString();
    }

    /// <summary>Masks one run of digits; a +86 / 86 country code in front of a mobile number is kept as written.</summary>
    private static string Mask(string run)
    {
        var digits = run.Count(char.IsAsciiDigit);
        if (digits == 13 && run.StartsWith("86", StringComparison.Ordinal))
        {
            var rest = run[2..].TrimStart(' ', '-');
            return run[..(run.Length - rest.Length)] + MemberProfile.MaskPhone(rest);
        }
        return MemberProfile.MaskPhone(run);
    }
}
