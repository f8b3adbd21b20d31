using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Studio.Runtime.Operations;

public enum SignatureCheck
{
    Valid,
    /// <summary>No signature header.</summary>
    Missing,
    /// <summary>The header is not "t=&lt;unix seconds&gt;,v1=&lt;hex&gt;".</summary>
    Malformed,
    /// <summary>The timestamp is further from now than the tolerance (a replay or a wrong clock).</summary>
    Stale,
    /// <summary>No v1 matches the body with any configured secret.</summary>
    Mismatch,
}

/// <summary>
/// The signature of every HTTP message the runtime sends (webhooks, SMS gateway) or receives (outcome events):
/// header <c>X-Studio-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, t + "." + body)&gt;</c>, the
/// scheme Stripe made familiar. The timestamp inside the signed text stops replays; several v1 values allow a
/// secret to be rotated.
/// </summary>
public static class StudioSignature
{
    public const string Header = "X-Studio-Signature";

    /// <summary>Signs <paramref name="body"/> (the exact bytes sent) at <paramref name="time"/>.</summary>
    public static string Sign(string secret, DateTimeOffset time, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var t = time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return "t=" + t + ",v1=" + Convert.ToHexStringLower(Mac(secret, t, body));
    }

    /// <summary>Checks a header against the body with any of <paramref name="secrets"/>, in constant time per secret.</summary>
    public static SignatureCheck Verify(string? header, IEnumerable<string> secrets, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureCheck.Missing;
        }
        string? t = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return SignatureCheck.Malformed;
            }
            var (key, value) = (part[..eq], part[(eq + 1)..]);
            if (key == "t")
            {
                t = value;
            }
            else if (key == "v1")
            {
                if (value.Length != 64 || !value.All(char.IsAsciiHexDigit))
                {
                    return SignatureCheck.Malformed;
                }
                signatures.Add(Convert.FromHexString(value));
            }
        }
        if (t is null || signatures.Count == 0 || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureCheck.Malformed;
        }
        DateTimeOffset at;
        try
        {
            at = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        catch (ArgumentOutOfRangeException)
        {
            return SignatureCheck.Malformed;
        }
        if ((now - at).Duration() > tolerance)
        {
            return SignatureCheck.Stale;
        }
        var matched = false;
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)))
        {
            var expected = Mac(secret, t, body);
            foreach (var signature in signatures)
            {
                matched |= CryptographicOperations.FixedTimeEquals(expected, signature);
            }
        }
        return matched ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    private static byte[] Mac(string secret, string t, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(t + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
