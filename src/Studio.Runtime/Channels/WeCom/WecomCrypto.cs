using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Studio.Runtime.Channels.WeCom;

/// <summary>Why a WeCom callback could not be verified or decrypted. Numbers follow WeCom's own error codes.</summary>
public enum WecomCryptoError
{
    None = 0,
    /// <summary>msg_signature does not match SHA1 over the sorted token, timestamp, nonce and ciphertext.</summary>
    InvalidSignature = -40001,
    /// <summary>The envelope or the decrypted message is not the XML expected.</summary>
    InvalidXml = -40002,
    /// <summary>EncodingAESKey is not 43 base64 characters decoding to 32 bytes.</summary>
    InvalidAesKey = -40004,
    /// <summary>The receive id (corp id) inside the plaintext is not ours.</summary>
    ReceiveIdMismatch = -40005,
    /// <summary>The ciphertext is not a whole number of AES blocks, or its PKCS#7 (32-byte block) padding is wrong.</summary>
    InvalidPadding = -40007,
    /// <summary>The plaintext layout (random, length, message, receive id) is inconsistent or not UTF-8.</summary>
    InvalidBuffer = -40008,
    /// <summary>The ciphertext is not valid base64 (for example truncated).</summary>
    InvalidBase64 = -40010,
}

/// <summary>A callback failed verification or decryption. <see cref="Error"/> says which check failed.</summary>
public sealed class WecomCryptoException(WecomCryptoError error, string message) : Exception(message)
{
    public WecomCryptoError Error { get; } = error;
}

/// <summary>The decrypted content of a WeCom ciphertext.</summary>
public readonly record struct WecomPlaintext(string Message, string ReceiveId);

/// <summary>Outcome of a verify-and-decrypt without exceptions.</summary>
public readonly record struct WecomDecryptResult(WecomCryptoError Error, string? Message)
{
    public bool Ok => Error == WecomCryptoError.None;
}

/// <summary>
/// WeCom's callback crypto scheme (WXBizMsgCrypt), written from the protocol description:
/// AES-256-CBC with the key from EncodingAESKey and IV = the key's first 16 bytes, PKCS#7 padding to
/// 32-byte blocks, plaintext = random(16) ‖ length(4, big-endian) ‖ message ‖ receive id, and
/// msg_signature = lower-hex SHA1 over the ordinally sorted token, timestamp, nonce and ciphertext.
/// Thread-safe; one instance per WeCom app.
/// </summary>
public sealed class WxBizMsgCrypt
{
    private const int BlockSize = 32;
    private const int RandomLength = 16;
    private const int LengthFieldSize = 4;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string _token;
    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly string _receiveId;

    public WxBizMsgCrypt(string token, string encodingAesKey, string receiveId)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(encodingAesKey);
        ArgumentNullException.ThrowIfNull(receiveId);
        _token = token;
        _key = DecodeAesKey(encodingAesKey);
        _iv = _key[..16];
        _receiveId = receiveId;
    }

    public string ReceiveId => _receiveId;

    /// <summary>Decodes an EncodingAESKey (43 characters) to the 32-byte AES key.</summary>
    public static byte[] DecodeAesKey(string encodingAesKey)
    {
        ArgumentNullException.ThrowIfNull(encodingAesKey);
        if (encodingAesKey.Length != 43)
        {
            throw new WecomCryptoException(WecomCryptoError.InvalidAesKey, "EncodingAESKey must be 43 characters.");
        }
        var buffer = new byte[33];
        if (!Convert.TryFromBase64String(encodingAesKey + "=", buffer, out var written) || written != 32)
        {
            throw new WecomCryptoException(WecomCryptoError.InvalidAesKey, "EncodingAESKey is not base64 for 32 bytes.");
        }
        return buffer[..32];
    }

    /// <summary>msg_signature: lower-case hex SHA1 of the ordinally sorted, concatenated parts.</summary>
    public static string ComputeSignature(string token, string timestamp, string nonce, string encrypt)
    {
        string[] parts = [token ?? "", timestamp ?? "", nonce ?? "", encrypt ?? ""];
        Array.Sort(parts, StringComparer.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(string.Concat(parts));
#pragma warning disable CA5350 // SHA1 is what WeCom's signature scheme mandates; we cannot choose another hash.
        return Convert.ToHexStringLower(SHA1.HashData(bytes));
#pragma warning restore CA5350
    }

    public string Sign(string timestamp, string nonce, string encrypt) => ComputeSignature(_token, timestamp, nonce, encrypt);

    /// <summary>Compares the given signature with the expected one in constant time.</summary>
    public bool VerifySignature(string? msgSignature, string timestamp, string nonce, string encrypt)
    {
        if (string.IsNullOrEmpty(msgSignature))
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(timestamp, nonce, encrypt));
        var given = Encoding.UTF8.GetBytes(msgSignature);
        // FixedTimeEquals returns false at once for different lengths; the length (40) is public anyway.
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>URL verification (GET): verify the signature over echostr, decrypt it and return the plaintext to answer.</summary>
    public string VerifyUrl(string msgSignature, string timestamp, string nonce, string echoStr)
    {
        if (!VerifySignature(msgSignature, timestamp, nonce, echoStr))
        {
            throw new WecomCryptoException(WecomCryptoError.InvalidSignature, "msg_signature does not match.");
        }
        return Decrypt(echoStr).Message;
    }

    /// <summary>Message (POST): verify the signature over the envelope's Encrypt and return the decrypted XML.</summary>
    public string DecryptMessage(string msgSignature, string timestamp, string nonce, string encrypt)
    {
        if (!VerifySignature(msgSignature, timestamp, nonce, encrypt))
        {
            throw new WecomCryptoException(WecomCryptoError.InvalidSignature, "msg_signature does not match.");
        }
        return Decrypt(encrypt).Message;
    }

    /// <summary>Verify and decrypt without throwing: the error says which check failed.</summary>
    public WecomDecryptResult TryVerifyAndDecrypt(string? msgSignature, string timestamp, string nonce, string encrypt)
    {
        try
        {
            return new WecomDecryptResult(WecomCryptoError.None, DecryptMessage(msgSignature ?? "", timestamp, nonce, encrypt));
        }
        catch (WecomCryptoException ex)
        {
            return new WecomDecryptResult(ex.Error, null);
        }
    }

    /// <summary>Decrypts a ciphertext (no signature check) and checks that the receive id is ours.</summary>
    public WecomPlaintext Decrypt(string encrypt)
    {
        var plain = DecryptAny(encrypt);
        if (!string.Equals(plain.ReceiveId, _receiveId, StringComparison.Ordinal))
        {
            throw new WecomCryptoException(WecomCryptoError.ReceiveIdMismatch, "The receive id in the message is not this app's.");
        }
        return plain;
    }

    /// <summary>Decrypts a ciphertext and returns the message and whatever receive id it carries.</summary>
    public WecomPlaintext DecryptAny(string encrypt)
    {
        ArgumentNullException.ThrowIfNull(encrypt);
        var cipher = new byte[(encrypt.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(encrypt, cipher, out var cipherLength))
        {
            throw new WecomCryptoException(WecomCryptoError.InvalidBase64, "The ciphertext is not valid base64.");
        }
        if (cipherLength == 0 || cipherLength % 16 != 0)
        {
            throw new WecomCryptoException(WecomCryptoError.InvalidPadding, "The ciphertext is not a whole number of AES blocks.");
        }

        byte[] plain;
        using (var aes = Aes.Create())
        {
            aes.Key = _key;
            plain = aes.DecryptCbc(cipher.AsSpan(0, cipherLength), _iv, PaddingMode.None);
        }

        var pad = plain[^1];
        if (pad is < 1 or > BlockSize || pad > plain.Length)
        {
            throw new WecomCryptoException(WecomCryptoError.InvalidPadding, "The PKCS#7 pad value is out of range.");
        }
        for (var i = plain.Length - pad; i < plain.Length; i++)
        {
            if (plain[i] != pad)
            {
                throw new WecomCryptoException(WecomCryptoError.InvalidPadding, "The PKCS#7 pad bytes are inconsistent.");
            }
        }
        var content = plain.AsSpan(0, plain.Length - pad);
        if (content.Length < RandomLength + LengthFieldSize)
        {
            throw new WecomCryptoException(WecomCryptoError.InvalidBuffer, "The plaintext is shorter than its header.");
        }
        var messageLength = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(RandomLength, LengthFieldSize));
        var available = content.Length - RandomLength - LengthFieldSize;
        if (messageLength > (uint)available)
        {
            throw new WecomCryptoException(WecomCryptoError.InvalidBuffer, "The message length exceeds the plaintext.");
        }
        try
        {
            var message = StrictUtf8.GetString(content.Slice(RandomLength + LengthFieldSize, (int)messageLength));
            var receiveId = StrictUtf8.GetString(content[(RandomLength + LengthFieldSize + (int)messageLength)..]);
            return new WecomPlaintext(message, receiveId);
        }
        catch (DecoderFallbackException)
        {
            throw new WecomCryptoException(WecomCryptoError.InvalidBuffer, "The plaintext is not UTF-8.");
        }
    }

    /// <summary>Encrypts a message for this app (receive id appended) and returns base64 ciphertext.</summary>
    public string Encrypt(string message, ReadOnlySpan<byte> random = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Span<byte> rnd = stackalloc byte[RandomLength];
        if (random.IsEmpty)
        {
            RandomNumberGenerator.Fill(rnd);
        }
        else if (random.Length == RandomLength)
        {
            random.CopyTo(rnd);
        }
        else
        {
            throw new ArgumentException("The random prefix must be 16 bytes.", nameof(random));
        }

        var messageBytes = Encoding.UTF8.GetBytes(message);
        var idBytes = Encoding.UTF8.GetBytes(_receiveId);
        var unpadded = RandomLength + LengthFieldSize + messageBytes.Length + idBytes.Length;
        var pad = BlockSize - (unpadded % BlockSize);
        var plain = new byte[unpadded + pad];
        rnd.CopyTo(plain);
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(RandomLength), (uint)messageBytes.Length);
        messageBytes.CopyTo(plain, RandomLength + LengthFieldSize);
        idBytes.CopyTo(plain, RandomLength + LengthFieldSize + messageBytes.Length);
        plain.AsSpan(unpadded).Fill((byte)pad);

        using var aes = Aes.Create();
        aes.Key = _key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, _iv, PaddingMode.None));
    }

    /// <summary>
    /// Encrypts a passive reply and wraps it in the reply envelope
    /// (<c>&lt;xml&gt;&lt;Encrypt/&gt;&lt;MsgSignature/&gt;&lt;TimeStamp/&gt;&lt;Nonce/&gt;&lt;/xml&gt;</c>), signed over the reply's ciphertext.
    /// </summary>
    public string EncryptReply(string replyXml, string timestamp, string nonce)
    {
        var encrypt = Encrypt(replyXml);
        var signature = Sign(timestamp, nonce, encrypt);
        var sb = new StringBuilder(encrypt.Length + 200);
        sb.Append("<xml><Encrypt>");
        WecomXml.AppendCData(sb, encrypt);
        sb.Append("</Encrypt><MsgSignature>");
        WecomXml.AppendCData(sb, signature);
        sb.Append("</MsgSignature><TimeStamp>");
        sb.Append(WecomXml.EscapeText(timestamp));
        sb.Append("</TimeStamp><Nonce>");
        WecomXml.AppendCData(sb, nonce);
        sb.Append("</Nonce></xml>");
        return sb.ToString();
    }
}
