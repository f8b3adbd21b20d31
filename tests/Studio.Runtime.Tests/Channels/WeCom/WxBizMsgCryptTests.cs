using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Studio.Runtime.Channels.WeCom;

namespace Studio.Runtime.Tests.Channels.WeCom;

/// <summary>The official vectors (../shared/protocols/wecom.md) and tampered inputs.</summary>
public sealed class WxBizMsgCryptTests
{
    // Vector A (Tencent's Python sample).
    internal const string TokenA = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo";
    internal const string KeyA = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
    internal const string CorpA = "ww1436e0e65a779aee";
    internal const string A2Encrypt =
        "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+";
    internal const string A2Signature = "0c3914025cb4b4d68103f6bfc8db550f79dcf48e";
    internal const string A2Timestamp = "1476422779";
    internal const string A2Nonce = "1597212914";
    internal const string A2Plain =
        "<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>";

    // Vector B (Tencent's PHP sample).
    private const string TokenB = "QDG6eK";
    private const string KeyB = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    private const string CorpB = "wx5823bf96d3bd56c7";
    private const string B2Encrypt =
        "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";

    private static WxBizMsgCrypt CryptoA() => new(TokenA, KeyA, CorpA);
    private static WxBizMsgCrypt CryptoB() => new(TokenB, KeyB, CorpB);

    [Fact]
    public void A1_url_verification_answers_the_echostr_plaintext()
    {
        var echo = CryptoA().VerifyUrl("012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb", "1476416373", "47744683",
            "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==");
        Assert.Equal("1288432023552776189", echo);
    }

    [Fact]
    public void A2_message_decrypts_to_the_sample_xml()
    {
        var xml = CryptoA().DecryptMessage(A2Signature, A2Timestamp, A2Nonce, A2Encrypt);
        Assert.Equal(A2Plain, xml);
        var message = WecomInboundMessage.Parse(xml);
        Assert.Equal("你好", message.Content);
        Assert.Equal("1456453720", message.MsgId);
        Assert.Equal("1000002", message.AgentId);
        Assert.Equal("ChenJiaShun", message.FromUserName);
        Assert.Equal(1476422779, message.CreateTime);
    }

    [Fact]
    public void B1_url_verification_answers_the_echostr_plaintext()
    {
        var echo = CryptoB().VerifyUrl("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780",
            "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==");
        Assert.Equal("1616140317555161061", echo);
    }

    [Fact]
    public void B2_message_decrypts_to_a_hello_text_from_mycreate()
    {
        var xml = CryptoB().DecryptMessage("477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", B2Encrypt);
        Assert.Contains('\n', xml);
        var message = WecomInboundMessage.Parse(xml);
        Assert.Equal("text", message.MsgType);
        Assert.Equal("hello", message.Content);
        Assert.Equal("mycreate", message.FromUserName);
        Assert.Equal("4561255354251345929", message.MsgId);
        Assert.Equal("218", message.AgentId);
    }

    [Fact]
    public void Signatures_of_the_vectors_are_recomputed_exactly()
    {
        Assert.Equal(A2Signature, WxBizMsgCrypt.ComputeSignature(TokenA, A2Timestamp, A2Nonce, A2Encrypt));
        Assert.Equal("477715d11cdb4164915debcba66cb864d751f3e6", WxBizMsgCrypt.ComputeSignature(TokenB, "1409659813", "1372623149", B2Encrypt));
    }

    [Fact]
    public void A_bad_signature_is_refused_with_InvalidSignature()
    {
        var crypto = CryptoA();
        var flipped = "1" + A2Signature[1..];
        var ex = Assert.Throws<WecomCryptoException>(() => crypto.DecryptMessage(flipped, A2Timestamp, A2Nonce, A2Encrypt));
        Assert.Equal(WecomCryptoError.InvalidSignature, ex.Error);

        // Any other part changed breaks the signature too.
        Assert.Equal(WecomCryptoError.InvalidSignature, crypto.TryVerifyAndDecrypt(A2Signature, "1476422780", A2Nonce, A2Encrypt).Error);
        Assert.Equal(WecomCryptoError.InvalidSignature, crypto.TryVerifyAndDecrypt(A2Signature, A2Timestamp, "1", A2Encrypt).Error);
        Assert.Equal(WecomCryptoError.InvalidSignature, crypto.TryVerifyAndDecrypt("", A2Timestamp, A2Nonce, A2Encrypt).Error);
        Assert.Equal(WecomCryptoError.InvalidSignature, crypto.TryVerifyAndDecrypt(null, A2Timestamp, A2Nonce, A2Encrypt).Error);
        Assert.Equal(WecomCryptoError.InvalidSignature, crypto.TryVerifyAndDecrypt(A2Signature[..39], A2Timestamp, A2Nonce, A2Encrypt).Error);
        // Another app's token.
        Assert.Equal(WecomCryptoError.InvalidSignature,
            new WxBizMsgCrypt("other-token", KeyA, CorpA).TryVerifyAndDecrypt(A2Signature, A2Timestamp, A2Nonce, A2Encrypt).Error);
    }

    [Fact]
    public void A_message_for_another_corp_is_refused_with_ReceiveIdMismatch()
    {
        var crypto = new WxBizMsgCrypt(TokenA, KeyA, "ww0000000000000000");
        var ex = Assert.Throws<WecomCryptoException>(() => crypto.DecryptMessage(A2Signature, A2Timestamp, A2Nonce, A2Encrypt));
        Assert.Equal(WecomCryptoError.ReceiveIdMismatch, ex.Error);
        // DecryptAny still shows what the receive id was.
        Assert.Equal(CorpA, crypto.DecryptAny(A2Encrypt).ReceiveId);
    }

    [Theory]
    [InlineData(0)] // pad value 0
    [InlineData(33)] // pad value above the 32-byte block
    [InlineData(255)]
    public void A_pad_value_out_of_range_is_refused_with_InvalidPadding(byte lastByte)
    {
        var plain = Layout("<xml/>", CorpA, padTo: 32);
        plain[^1] = lastByte;
        AssertError(WecomCryptoError.InvalidPadding, EncryptRaw(KeyA, plain));
    }

    [Fact]
    public void Inconsistent_pad_bytes_are_refused_with_InvalidPadding()
    {
        var plain = Layout("<xml/>", CorpA, padTo: 32);
        var pad = plain[^1];
        Assert.True(pad > 1);
        plain[^2] = (byte)(pad + 1);
        AssertError(WecomCryptoError.InvalidPadding, EncryptRaw(KeyA, plain));
    }

    [Fact]
    public void Truncated_base64_is_refused_never_crashes()
    {
        var crypto = CryptoA();
        // Not valid base64 any more (length not a multiple of 4).
        AssertError(WecomCryptoError.InvalidBase64, A2Encrypt[..^5]);
        // Valid base64 of a length that is not whole AES blocks.
        AssertError(WecomCryptoError.InvalidPadding, A2Encrypt[..^4]);
        // Whole blocks, but the last block is gone: the pad is whatever text ends there.
        var bytes = Convert.FromBase64String(A2Encrypt);
        var shorter = Convert.ToBase64String(bytes.AsSpan(0, bytes.Length - 16));
        var ex = Assert.Throws<WecomCryptoException>(() => crypto.Decrypt(shorter));
        Assert.Equal(WecomCryptoError.InvalidPadding, ex.Error);
        AssertError(WecomCryptoError.InvalidBase64, "%%%not base64%%%");
        AssertError(WecomCryptoError.InvalidPadding, "");
    }

    [Fact]
    public void A_length_field_beyond_the_plaintext_is_refused_with_InvalidBuffer()
    {
        var plain = Layout("<xml/>", CorpA, padTo: 32);
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(16), 1_000_000);
        AssertError(WecomCryptoError.InvalidBuffer, EncryptRaw(KeyA, plain));
    }

    [Fact]
    public void A_plaintext_shorter_than_its_header_is_refused_with_InvalidBuffer()
    {
        var plain = new byte[32];
        plain.AsSpan(10).Fill(22); // 10 bytes of content + 22 bytes of pad
        AssertError(WecomCryptoError.InvalidBuffer, EncryptRaw(KeyA, plain));
    }

    [Fact]
    public void Invalid_utf8_in_the_message_is_refused_with_InvalidBuffer()
    {
        var plain = Layout("ab", CorpA, padTo: 32);
        plain[20] = 0xC3; // a lead byte followed by 'b' is not UTF-8
        AssertError(WecomCryptoError.InvalidBuffer, EncryptRaw(KeyA, plain));
    }

    [Fact]
    public void The_wrong_key_gives_a_crypto_error_not_a_crash()
    {
        var other = new WxBizMsgCrypt(TokenA, KeyB, CorpA);
        var ex = Assert.Throws<WecomCryptoException>(() => other.Decrypt(A2Encrypt));
        Assert.NotEqual(WecomCryptoError.None, ex.Error);
    }

    [Fact]
    public void Random_garbage_never_escapes_as_anything_but_a_crypto_error()
    {
        var crypto = CryptoA();
        var random = new Random(20240611);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            var input = i % 3 == 0 ? Encoding.Latin1.GetString(bytes) : Convert.ToBase64String(bytes);
            var result = crypto.TryVerifyAndDecrypt(WxBizMsgCrypt.ComputeSignature(TokenA, "1", "2", input), "1", "2", input);
            Assert.False(result.Ok);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhU!")]
    [InlineData("6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt6qkd")]
    public void A_bad_EncodingAESKey_is_refused_with_InvalidAesKey(string key)
    {
        var ex = Assert.Throws<WecomCryptoException>(() => new WxBizMsgCrypt(TokenA, key, CorpA));
        Assert.Equal(WecomCryptoError.InvalidAesKey, ex.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("你好，这是一条回复")]
    [InlineData("<xml><Content><![CDATA[a]]></Content></xml>")]
    public void Encrypt_then_decrypt_round_trips_and_pads_to_32_byte_blocks(string message)
    {
        var crypto = CryptoA();
        var encrypt = crypto.Encrypt(message);
        Assert.Equal(0, Convert.FromBase64String(encrypt).Length % 32);
        var plain = crypto.Decrypt(encrypt);
        Assert.Equal(message, plain.Message);
        Assert.Equal(CorpA, plain.ReceiveId);
    }

    [Fact]
    public void Every_pad_length_from_1_to_32_round_trips()
    {
        var crypto = CryptoA();
        for (var n = 0; n < 32; n++)
        {
            var message = new string('m', n);
            Assert.Equal(message, crypto.Decrypt(crypto.Encrypt(message)).Message);
        }
    }

    [Fact]
    public void Encryption_with_a_fixed_random_is_deterministic_and_uses_a_fresh_random_otherwise()
    {
        var crypto = CryptoA();
        var random = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        Assert.Equal(crypto.Encrypt("hello", random), crypto.Encrypt("hello", random));
        Assert.NotEqual(crypto.Encrypt("hello"), crypto.Encrypt("hello"));
    }

    [Fact]
    public void An_encrypted_reply_envelope_is_signed_over_its_ciphertext()
    {
        var crypto = CryptoA();
        const string reply = "<xml><ToUserName><![CDATA[ChenJiaShun]]></ToUserName><Content><![CDATA[收到]]></Content></xml>";
        var envelope = crypto.EncryptReply(reply, "1700000000", "12345");
        var fields = WecomXml.ReadFlat(envelope);
        Assert.Equal("1700000000", fields["TimeStamp"]);
        Assert.Equal("12345", fields["Nonce"]);
        Assert.Equal(WxBizMsgCrypt.ComputeSignature(TokenA, "1700000000", "12345", fields["Encrypt"]), fields["MsgSignature"]);
        Assert.Equal(reply, crypto.DecryptMessage(fields["MsgSignature"], "1700000000", "12345", fields["Encrypt"]));
    }

    private static void AssertError(WecomCryptoError expected, string encrypt)
    {
        var crypto = CryptoA();
        var ex = Assert.Throws<WecomCryptoException>(() => crypto.Decrypt(encrypt));
        Assert.Equal(expected, ex.Error);
        // The non-throwing path says the same, behind a valid signature.
        var result = crypto.TryVerifyAndDecrypt(WxBizMsgCrypt.ComputeSignature(TokenA, "1", "2", encrypt), "1", "2", encrypt);
        Assert.Equal(expected, result.Error);
    }

    /// <summary>random(16) ‖ len ‖ msg ‖ id, padded PKCS#7-style to a multiple of <paramref name="padTo"/>.</summary>
    private static byte[] Layout(string message, string id, int padTo)
    {
        var msg = Encoding.UTF8.GetBytes(message);
        var idBytes = Encoding.UTF8.GetBytes(id);
        var length = 20 + msg.Length + idBytes.Length;
        var pad = padTo - (length % padTo);
        var plain = new byte[length + pad];
        RandomNumberGenerator.Fill(plain.AsSpan(0, 16));
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(16), (uint)msg.Length);
        msg.CopyTo(plain, 20);
        idBytes.CopyTo(plain, 20 + msg.Length);
        plain.AsSpan(length).Fill((byte)Math.Min(pad, 255));
        return plain;
    }

    private static string EncryptRaw(string encodingAesKey, byte[] plain)
    {
        var key = WxBizMsgCrypt.DecodeAesKey(encodingAesKey);
        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, key.AsSpan(0, 16), PaddingMode.None));
    }
}
