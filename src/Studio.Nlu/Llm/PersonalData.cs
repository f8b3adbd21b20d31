using System.Text;

namespace Studio.Nlu.Llm;

/// <summary>
/// Keeps members' personal data out of logs and out of third-party prompts: runs of five or more
/// digits (phone numbers, order and ID numbers, in ASCII, full-width or Chinese numerals, with
/// spaces or dashes between them) become asterisks.
/// </summary>
public static class PersonalData
{
    private const int MinimumDigitRun = 5;

    public static string MaskNumbers(string text)
    {
        StringBuilder? builder = null;
        var i = 0;
        while (i < text.Length)
        {
            if (!IsDigit(text[i]))
            {
                i++;
                continue;
            }
            // Extend the run over digits and single separators between digits.
            var end = i;
            var digits = 0;
            var j = i;
            while (j < text.Length)
            {
                if (IsDigit(text[j]))
                {
                    digits++;
                    end = j + 1;
                    j++;
                }
                else if (IsSeparator(text[j]) && j + 1 < text.Length && IsDigit(text[j + 1]))
                {
                    j++;
                }
                else
                {
                    break;
                }
            }
            if (digits >= MinimumDigitRun)
            {
                builder ??= new StringBuilder(text);
                for (var k = i; k < end; k++)
                {
                    if (IsDigit(text[k]))
                    {
                        builder[k] = '*';
                    }
                }
            }
            i = end;
        }
        return builder?.ToString() ?? text;
    }

    /// <summary>A masked excerpt short enough for a log line, with the original length.</summary>
    public static string ForLog(string? text, int maxLength = 16)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "(empty)";
        }
        var masked = MaskNumbers(text.ReplaceLineEndings(" "));
        return masked.Length <= maxLength ? masked : string.Concat(masked.AsSpan(0, maxLength), $"…({text.Length} chars)");
    }

    private static bool IsDigit(char c) =>
        c is >= '0' and <= '9' or >= '\uFF10' and <= '\uFF19'
        || "〇零一二三四五六七八九幺两".Contains(c, StringComparison.Ordinal);

    private static bool IsSeparator(char c) => c is ' ' or '-' or '\u3000' or '－';
}
