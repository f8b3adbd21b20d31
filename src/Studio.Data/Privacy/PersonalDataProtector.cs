using System.Security.Cryptography;
using System.Text;

namespace Studio.Data.Privacy;

/// <summary>
/// Protects personal data with keys derived (HKDF-SHA256) from one configured secret: phone numbers
/// encrypted at rest with AES-256-GCM, and keyed hashes (HMAC-SHA256) for phone look-ups and member
/// pseudonyms. A plain SHA-256 of an 11-digit mobile number would be reversed by trying all of them, so
/// every hash here is keyed. Without a secret (<see cref="None"/>) nothing can be encrypted or hashed,
/// and callers store only masked numbers.
/// </summary>
public sealed class PersonalDataProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const byte FormatVersion = 1;
    private readonly byte[]? _encryptionKey;
    private readonly byte[]? _phoneHashKey;
    private readonly byte[]? _pseudonymKey;

    public static PersonalDataProtector None { get; } = new((byte[]?)null);

    public PersonalDataProtector(byte[]? secret)
    {
        if (secret is null)
        {
            return;
        }
        if (secret.Length < 32)
        {
            throw new ArgumentException("the personal-data secret must be at least 32 bytes", nameof(secret));
        }
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "studio phone encryption v1"u8.ToArray());
        _phoneHashKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "studio phone hash v1"u8.ToArray());
        _pseudonymKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "studio member pseudonym v1"u8.ToArray());
    }

    /// <summary>From the base64 secret of <see cref="StudioDataOptions.SecretKey"/> (none when empty).</summary>
    public static PersonalDataProtector FromBase64(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return None;
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(secret.Trim());
        }
        catch (FormatException)
        {
            throw new ArgumentException("Studio:Data:SecretKey is not valid base64", nameof(secret));
        }
        return new PersonalDataProtector(bytes);
    }

    public bool HasKey => _encryptionKey is not null;

    /// <summary>Digits only; a leading +86 / 86 country code is dropped so one number has one hash.</summary>
    public static string NormalizePhone(string phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }
        return digits;
    }

    /// <summary>Keyed hash of a phone number (hex), or null without a key.</summary>
    public string? HashPhone(string phone) =>
        _phoneHashKey is null ? null : Convert.ToHexStringLower(HMACSHA256.HashData(_phoneHashKey, Encoding.UTF8.GetBytes(NormalizePhone(phone))));

    /// <summary>Encrypts a phone number (version byte, nonce, tag, cipher text), or null without a key.</summary>
    public byte[]? EncryptPhone(string phone)
    {
        if (_encryptionKey is null)
        {
            return null;
        }
        var plain = Encoding.UTF8.GetBytes(NormalizePhone(phone));
        var output = new byte[1 + NonceSize + TagSize + plain.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize));
        return output;
    }

    /// <summary>Decrypts what <see cref="EncryptPhone"/> produced; throws when the key is missing or wrong.</summary>
    public string DecryptPhone(byte[] protectedPhone)
    {
        ArgumentNullException.ThrowIfNull(protectedPhone);
        if (_encryptionKey is null)
        {
            throw new InvalidOperationException("no personal-data secret is configured (Studio:Data:SecretKey), so phone numbers cannot be decrypted");
        }
        if (protectedPhone.Length < 1 + NonceSize + TagSize || protectedPhone[0] != FormatVersion)
        {
            throw new CryptographicException("not a protected phone number");
        }
        var cipher = protectedPhone.AsSpan(1 + NonceSize + TagSize);
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Decrypt(protectedPhone.AsSpan(1, NonceSize), cipher, protectedPhone.AsSpan(1 + NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>
    /// The member reference written to the turn log. Member ids are the CRM's opaque ids and are kept as
    /// they are (so A/B review can join outcome events); an id that is a phone number is replaced by
    /// "h:" + a keyed hash (or, without a key, by its masked form), so no log holds a number.
    /// </summary>
    public string Pseudonym(string memberId)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        if (!PhoneText.LooksLikePhone(memberId))
        {
            return memberId;
        }
        if (_pseudonymKey is null)
        {
            return Studio.Core.Members.MemberProfile.MaskPhone(memberId);
        }
        var hash = HMACSHA256.HashData(_pseudonymKey, Encoding.UTF8.GetBytes(NormalizePhone(memberId)));
        return "h:" + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }
}
