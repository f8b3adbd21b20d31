using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Studio.Runtime.Channels.WeCom;
using static Studio.Runtime.Tests.Channels.WeCom.WxBizMsgCryptTests;

namespace Studio.Runtime.Tests.Channels.WeCom;

/// <summary>The callback endpoints over real Kestrel: official vectors, and every refusal with its status and a clean log.</summary>
public sealed class WecomCallbackEndpointTests : IAsyncLifetime
{
    private const string Member = "ChenJiaShun";
    // Starts at vector A1's time; tests move it forward only (a fake clock cannot go back).
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1476416373));
    private readonly HttpClient _http = new();
    private readonly TestHandler _handler = new(m => WecomHandlerResult.Reply(new WecomText("收到：" + m.Content)));
    private WecomTestHost _host = null!;
    private SimulatedWecom _wecom = null!;

    public async Task InitializeAsync()
    {
        _host = await WecomTestHost.StartAsync(_handler, o =>
        {
            o.CorpId = CorpA;
            o.Token = TokenA;
            o.EncodingAESKey = KeyA;
            o.AgentId = 1000002;
            o.MaxBodyBytes = 8 * 1024;
            o.BaseUrl = new Uri("http://127.0.0.1:1/"); // no API calls expected here
        }, _time);
        _wecom = new SimulatedWecom(_http, _host.CallbackUrl, new WxBizMsgCrypt(TokenA, KeyA, CorpA));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private Uri Url(string query) => new($"{_host.CallbackUrl}?{query}");

    [Fact]
    public async Task GET_verifies_vector_A1_and_answers_the_plaintext_exactly()
    {
        var echo = Uri.EscapeDataString("fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==");
        using var response = await _http.GetAsync(Url($"msg_signature=012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb&timestamp=1476416373&nonce=47744683&echostr={echo}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Encoding.UTF8.GetBytes("1288432023552776189"), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GET_accepts_an_echostr_whose_plus_signs_were_not_url_encoded()
    {
        var raw = "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==".Replace("=", "%3D", StringComparison.Ordinal);
        using var response = await _http.GetAsync(Url($"msg_signature=012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb&timestamp=1476416373&nonce=47744683&echostr={raw}"));
        Assert.Equal("1288432023552776189", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("msg_signature=012bc692d0a58dd4b10f8dfe5c4ac00ae211ebec&timestamp=1476416373&nonce=47744683", HttpStatusCode.Unauthorized)]
    [InlineData("msg_signature=012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb&timestamp=1476416373&nonce=47744684", HttpStatusCode.Unauthorized)]
    [InlineData("timestamp=1476416373&nonce=47744683", HttpStatusCode.BadRequest)]
    public async Task GET_refuses_tampered_or_incomplete_requests(string query, HttpStatusCode expected)
    {
        var echo = Uri.EscapeDataString("fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==");
        using var response = await _http.GetAsync(Url($"{query}&echostr={echo}"));
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task GET_with_a_stale_timestamp_is_forbidden()
    {
        _time.Advance(TimeSpan.FromMinutes(6));
        var echo = Uri.EscapeDataString("fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==");
        using var response = await _http.GetAsync(Url($"msg_signature=012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb&timestamp=1476416373&nonce=47744683&echostr={echo}"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(_host.Logs.Lines, l => l.Contains("StaleTimestamp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task POST_vector_A2_reaches_the_handler_and_gets_an_encrypted_passive_reply()
    {
        _time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(long.Parse(A2Timestamp, System.Globalization.CultureInfo.InvariantCulture)));
        var body = $"<xml><ToUserName><![CDATA[{CorpA}]]></ToUserName><Encrypt><![CDATA[{A2Encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";
        var (status, reply) = await Post($"msg_signature={A2Signature}&timestamp={A2Timestamp}&nonce={A2Nonce}", body);
        Assert.Equal(200, status);
        var message = Assert.Single(_handler.Messages);
        Assert.Equal("你好", message.Content);
        Assert.Equal(Member, message.FromUserName);
        Assert.Equal("1000002", message.AgentId);

        var replyXml = _wecom.OpenReply(reply);
        Assert.NotNull(replyXml);
        var fields = WecomXml.ReadFlat(replyXml);
        Assert.Equal("收到：你好", fields["Content"]);
        Assert.Equal(Member, fields["ToUserName"]);
        Assert.Equal(CorpA, fields["FromUserName"]);
        _host.Logs.AssertNoneContains(Member, "你好", "1456453720");
    }

    [Fact]
    public async Task POST_with_a_bad_signature_is_401_and_never_reaches_the_handler()
    {
        var delivery = _wecom.Prepare(Text("m1"), _time.GetUtcNow().ToUnixTimeSeconds());
        var tampered = new Uri(delivery.Url.ToString().Replace("msg_signature=", "msg_signature=0", StringComparison.Ordinal));
        var (status, _) = await _wecom.SendAsync(delivery with { Url = tampered });
        Assert.Equal(401, status);
        // The body changed under a valid signature is a bad signature too.
        var swapped = delivery with { Body = delivery.Body.Replace("<Encrypt><![CDATA[", "<Encrypt><![CDATA[A", StringComparison.Ordinal) };
        Assert.Equal(401, (await _wecom.SendAsync(swapped)).Status);
        Assert.Equal(0, _handler.Calls);
        Assert.Contains(_host.Logs.Lines, l => l.Contains("BadSignature", StringComparison.Ordinal));
    }

    [Fact]
    public async Task POST_with_a_timestamp_outside_the_window_is_403_either_way()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(403, (await _wecom.SendAsync(_wecom.Prepare(Text("old"), now - 301))).Status);
        Assert.Equal(403, (await _wecom.SendAsync(_wecom.Prepare(Text("future"), now + 301))).Status);
        Assert.Equal(200, (await _wecom.SendAsync(_wecom.Prepare(Text("edge"), now - 299))).Status);
        Assert.Equal(1, _handler.Calls);
    }

    [Fact]
    public async Task POST_bodies_over_the_limit_are_413_with_or_without_content_length()
    {
        var huge = "<xml><Encrypt><![CDATA[" + new string('A', 9 * 1024) + "]]></Encrypt></xml>";
        var (status, _) = await Post("msg_signature=x&timestamp=1&nonce=1", huge);
        Assert.Equal(413, status);

        // Chunked, no Content-Length, and the body never ends: only a limit enforced while reading can answer.
        Assert.StartsWith("HTTP/1.1 413", await PostEndlessChunkedAsync(9 * 1024), StringComparison.Ordinal);
        Assert.Equal(0, _handler.Calls);
        Assert.Contains(_host.Logs.Lines, l => l.Contains("BodyTooLarge", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not xml at all")]
    [InlineData("<xml><ToUserName>x</ToUserName></xml>")]
    [InlineData("<xml><Encrypt>abc</Encrypt>")]
    public async Task POST_with_a_malformed_envelope_is_400(string body)
    {
        Assert.Equal(400, (await Post("msg_signature=x&timestamp=1&nonce=1", body)).Status);
        Assert.Contains(_host.Logs.Lines, l => l.Contains("MalformedEnvelope", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("this is not xml")]
    [InlineData("<xml><ToUserName>c</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>你好</Content></xml>")]
    [InlineData("<xml><ToUserName>c</ToUserName><FromUserName>ChenJiaShun</FromUserName><MsgType>event</MsgType></xml>")]
    public async Task POST_whose_decrypted_message_is_malformed_or_incomplete_is_400_and_logged_without_personal_data(string plain)
    {
        var (status, _) = await _wecom.SendAsync(_wecom.Prepare(plain, _time.GetUtcNow().ToUnixTimeSeconds()));
        Assert.Equal(400, status);
        Assert.Equal(0, _handler.Calls);
        Assert.Contains(_host.Logs.Lines, l => l.Contains("MalformedMessage", StringComparison.Ordinal));
        _host.Logs.AssertNoneContains(Member, "你好");
    }

    [Fact]
    public async Task POST_for_another_corp_or_with_broken_ciphertext_is_400()
    {
        var otherCorp = new SimulatedWecom(_http, _host.CallbackUrl, new WxBizMsgCrypt(TokenA, KeyA, "wwsomeoneelse0000"));
        Assert.Equal(400, (await otherCorp.SendAsync(otherCorp.Prepare(Text("m1"), _time.GetUtcNow().ToUnixTimeSeconds()))).Status);
        Assert.Contains(_host.Logs.Lines, l => l.Contains("ReceiveIdMismatch", StringComparison.Ordinal));

        // Validly signed but truncated ciphertext.
        var ts = _time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var broken = A2Encrypt[..^4];
        var signature = WxBizMsgCrypt.ComputeSignature(TokenA, ts, "7", broken);
        var (status, _) = await Post($"msg_signature={signature}&timestamp={ts}&nonce=7", $"<xml><Encrypt><![CDATA[{broken}]]></Encrypt></xml>");
        Assert.Equal(400, status);
        Assert.Contains(_host.Logs.Lines, l => l.Contains("UndecryptableCiphertext", StringComparison.Ordinal));
        Assert.Equal(0, _handler.Calls);
    }

    [Fact]
    public async Task A_failing_handler_answers_500_and_the_redelivery_is_handled_again()
    {
        var fail = true;
        _handler.FailWith = _ => fail ? new InvalidOperationException("engine down") : null;
        var delivery = _wecom.Prepare(Text("m-fail"), _time.GetUtcNow().ToUnixTimeSeconds());
        Assert.Equal(500, (await _wecom.SendAsync(delivery)).Status);
        fail = false;
        var (status, body) = await _wecom.SendAsync(delivery);
        Assert.Equal(200, status);
        Assert.Equal("收到：hi", WecomXml.ReadFlat(_wecom.OpenReply(body)!)["Content"]);
        Assert.Equal(2, _handler.Calls);
    }

    private static string Text(string msgId) => SimulatedWecom.TextMessage(CorpA, Member, "hi", msgId, 1476422779);

    private async Task<(int Status, string Body)> Post(string query, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "text/xml");
        using var response = await _http.PostAsync(Url(query), content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Sends a chunked POST over a raw socket: <paramref name="bytes"/> of body in 1 KB chunks but never the final chunk,
    /// then reads the status line the server answers with.
    /// </summary>
    private async Task<string> PostEndlessChunkedAsync(int bytes)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(_host.CallbackUrl.Host, _host.CallbackUrl.Port);
        var stream = tcp.GetStream();
        var head = $"POST {_host.CallbackUrl.AbsolutePath}?msg_signature=x&timestamp=1&nonce=1 HTTP/1.1\r\nHost: {_host.CallbackUrl.Authority}\r\n" +
                   "Content-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var chunk = Encoding.ASCII.GetBytes("400\r\n" + new string('A', 1024) + "\r\n");
        for (var sent = 0; sent < bytes; sent += 1024)
        {
            await stream.WriteAsync(chunk);
        }
        await stream.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
