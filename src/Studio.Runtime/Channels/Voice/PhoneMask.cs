namespace Studio.Runtime.Channels.Voice;

/// <summary>
/// Masks telephone numbers before they reach a log line, a turn log or the engine: 138****1234.
/// Accepts what gateways send: bare digits, E.164 (+8613812341234) and SIP URIs (sip:+86138…@host).
/// </summary>
public static class PhoneMask
{
    public static string Mask(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return "";
        }
        var user = number.Trim();
        var scheme = user.IndexOf(':', StringComparison.Ordinal);
        if (scheme >= 0 && user.StartsWith("sip", StringComparison.OrdinalIgnoreCase))
        {
            user = user[(scheme + 1)..];
        }
        var at = user.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            user = user[..at];
        }
        var digits = new string(user.Where(char.IsAsciiDigit).ToArray());
        // China's country code: +86…, 0086…, or 86 in front of an 11-digit mobile number.
        if (user.TrimStart('<', ' ').StartsWith("+86", StringComparison.Ordinal) && digits.Length > 9)
        {
            digits = digits[2..];
        }
        else if (digits.StartsWith("0086", StringComparison.Ordinal) && digits.Length > 11)
        {
            digits = digits[4..];
        }
        else if (digits.Length == 13 && digits.StartsWith("861", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }
        if (digits.Length >= 7)
        {
            return digits[..3] + "****" + digits[^4..];
        }
        // Short numbers (extensions, test users) and names: nothing identifying survives.
        return digits.Length > 0 ? new string('*', digits.Length) : "***";
    }
}
