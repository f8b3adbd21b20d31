using Studio.Runtime.Channels.WeCom;

namespace Studio.Runtime.Tests.Channels.WeCom;

public sealed class WecomXmlTests
{
    [Fact]
    public void The_envelope_gives_Encrypt_ToUserName_and_AgentID()
    {
        var envelope = WecomXml.ParseEnvelope(
            "<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName><Encrypt><![CDATA[abc+/=]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>");
        Assert.Equal("abc+/=", envelope.Encrypt);
        Assert.Equal("ww1436e0e65a779aee", envelope.ToUserName);
        Assert.Equal("1000002", envelope.AgentId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml")]
    [InlineData("<xml><Encrypt>abc</Encrypt>")]
    [InlineData("<root><Encrypt>abc</Encrypt></root>")]
    [InlineData("<xml><ToUserName>x</ToUserName></xml>")]
    [InlineData("<xml><Encrypt></Encrypt></xml>")]
    [InlineData("<xml><Encrypt>a</Encrypt></xml><xml/>")]
    public void A_malformed_envelope_throws_WecomXmlException(string xml) =>
        Assert.Throws<WecomXmlException>(() => WecomXml.ParseEnvelope(xml));

    [Fact]
    public void A_DTD_is_refused_so_entities_cannot_expand()
    {
        const string bomb = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>" +
                            "<xml><Encrypt>&b;</Encrypt></xml>";
        Assert.Throws<WecomXmlException>(() => WecomXml.ParseEnvelope(bomb));
    }

    [Fact]
    public void An_add_external_contact_event_parses_with_state_and_welcome_code()
    {
        var m = WecomInboundMessage.Parse(
            "<xml><ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1700000000</CreateTime>" +
            "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType>" +
            "<UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[wmABC]]></ExternalUserID><State><![CDATA[camp-11-11]]></State>" +
            "<WelcomeCode><![CDATA[WELCOME1]]></WelcomeCode></xml>");
        Assert.True(m.IsAddExternalContact);
        Assert.Equal("zhangsan", m.UserId);
        Assert.Equal("wmABC", m.ExternalUserId);
        Assert.Equal("camp-11-11", m.State);
        Assert.Equal("WELCOME1", m.WelcomeCode);
    }

    [Fact]
    public void Enter_agent_and_kf_events_parse()
    {
        var enter = WecomInboundMessage.Parse(
            "<xml><ToUserName>ww1</ToUserName><FromUserName>zhangsan</FromUserName><CreateTime>1700000000</CreateTime><MsgType>event</MsgType>" +
            "<Event>enter_agent</Event><EventKey></EventKey><AgentID>1000002</AgentID></xml>");
        Assert.True(enter.IsEnterAgent);
        Assert.Equal("1000002", enter.AgentId);

        var kf = WecomInboundMessage.Parse(
            "<xml><ToUserName>ww1</ToUserName><CreateTime>1700000000</CreateTime><MsgType>event</MsgType><Event>kf_msg_or_event</Event>" +
            "<Token>ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR</Token><OpenKfId>wkxxxxxx</OpenKfId><FromUserName>sys</FromUserName></xml>");
        Assert.True(kf.IsKfMsgOrEvent);
        Assert.Equal("wkxxxxxx", kf.OpenKfId);
        Assert.StartsWith("ENCA", kf.Token, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>c</Content><MsgId>1</MsgId></xml>", "ToUserName")]
    [InlineData("<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>x</CreateTime><MsgType>text</MsgType><Content>c</Content><MsgId>1</MsgId></xml>", "CreateTime")]
    [InlineData("<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>1</MsgId></xml>", "Content")]
    [InlineData("<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>c</Content></xml>", "MsgId")]
    [InlineData("<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType></xml>", "Event")]
    [InlineData("<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>change_external_contact</Event><ChangeType>add_external_contact</ChangeType><UserID>z</UserID></xml>", "ExternalUserID")]
    [InlineData("<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>kf_msg_or_event</Event><OpenKfId>wk</OpenKfId></xml>", "Token")]
    public void Missing_fields_are_reported_by_name_without_values(string xml, string field)
    {
        var ex = Assert.Throws<WecomXmlException>(() => WecomInboundMessage.Parse(xml));
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_idempotency_key_is_the_same_for_a_redelivery_and_holds_no_user_id()
    {
        var xml = WxBizMsgCryptTests.A2Plain;
        var a = WecomInboundMessage.Parse(xml).IdempotencyKey;
        var b = WecomInboundMessage.Parse(xml).IdempotencyKey;
        Assert.Equal(a, b);
        Assert.Equal(64, a.Length);
        Assert.DoesNotContain("ChenJiaShun", a, StringComparison.Ordinal);
        Assert.DoesNotContain("1456453720", a, StringComparison.Ordinal);
        var other = WecomInboundMessage.Parse(xml.Replace("1456453720", "1456453721", StringComparison.Ordinal)).IdempotencyKey;
        Assert.NotEqual(a, other);
    }

    [Fact]
    public void A_passive_text_reply_escapes_a_CDATA_terminator()
    {
        var xml = WecomXml.BuildPassiveReply("user", "corp", 1700000000, new WecomText("a]]>b<c>&"));
        var fields = WecomXml.ReadFlat(xml);
        Assert.Equal("a]]>b<c>&", fields["Content"]);
        Assert.Equal("text", fields["MsgType"]);
        Assert.Equal("user", fields["ToUserName"]);
        Assert.Equal("corp", fields["FromUserName"]);
    }

    [Fact]
    public void A_passive_news_reply_lists_articles()
    {
        var xml = WecomXml.BuildPassiveReply("user", "corp", 1, new WecomNews(new WecomArticle("双11券", "https://example.com/c", "满199减30")));
        Assert.Contains("<ArticleCount>1</ArticleCount>", xml, StringComparison.Ordinal);
        Assert.Contains("双11券", xml, StringComparison.Ordinal);
        Assert.False(WecomXml.CanReplyPassively(new WecomMiniProgramNotice("wx1", "p", "t")));
    }
}
