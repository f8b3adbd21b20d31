using System.Globalization;
using System.Text;
using System.Xml;

namespace Studio.Runtime.Channels.WeCom;

/// <summary>The XML is malformed or lacks a required field. The message names the field, never its value.</summary>
public sealed class WecomXmlException(string reason) : Exception(reason);

/// <summary>The outer POST body: <c>&lt;xml&gt;&lt;ToUserName/&gt;&lt;Encrypt/&gt;&lt;AgentID/&gt;&lt;/xml&gt;</c>.</summary>
public sealed record WecomEnvelope(string? ToUserName, string Encrypt, string? AgentId);

/// <summary>Flat XML as WeCom sends it: a root <c>xml</c> with one level of (often CDATA) elements.</summary>
public static class WecomXml
{
    /// <summary>Reads a flat WeCom XML document into name → text. Nested elements are skipped. DTDs are refused.</summary>
    public static Dictionary<string, string> ReadFlat(string xml, int maxCharacters = 1 << 20)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            MaxCharactersInDocument = maxCharacters,
            CloseInput = true,
        };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.Name != "xml")
            {
                throw new WecomXmlException("The root element is not <xml>.");
            }
            if (reader.IsEmptyElement)
            {
                return fields;
            }
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.EndElement)
                {
                    break;
                }
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }
                var name = reader.Name;
                if (reader.IsEmptyElement)
                {
                    fields.TryAdd(name, "");
                    reader.Read();
                    continue;
                }
                var depth = reader.Depth;
                reader.Read();
                var text = new StringBuilder();
                var nested = false;
                while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
                {
                    if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
                    {
                        text.Append(reader.Value);
                    }
                    else if (reader.NodeType == XmlNodeType.Element)
                    {
                        nested = true;
                    }
                    if (!reader.Read())
                    {
                        throw new WecomXmlException("The XML ends inside an element.");
                    }
                }
                if (!nested)
                {
                    fields.TryAdd(name, text.ToString());
                }
                reader.Read();
            }
            // Drain the rest so trailing garbage is reported as malformed.
            while (reader.Read())
            {
            }
        }
        catch (XmlException)
        {
            throw new WecomXmlException("The XML is not well formed.");
        }
        return fields;
    }

    public static WecomEnvelope ParseEnvelope(string xml, int maxCharacters = 1 << 20)
    {
        var fields = ReadFlat(xml, maxCharacters);
        if (!fields.TryGetValue("Encrypt", out var encrypt) || encrypt.Length == 0)
        {
            throw new WecomXmlException("The envelope has no Encrypt.");
        }
        fields.TryGetValue("ToUserName", out var to);
        fields.TryGetValue("AgentID", out var agent);
        return new WecomEnvelope(to, encrypt, agent);
    }

    /// <summary>Appends text as CDATA, splitting any <c>]]&gt;</c> so the section cannot be closed early.</summary>
    public static void AppendCData(StringBuilder sb, string text)
    {
        ArgumentNullException.ThrowIfNull(sb);
        sb.Append("<![CDATA[");
        sb.Append((text ?? "").Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal));
        sb.Append("]]>");
    }

    public static string EscapeText(string text) =>
        (text ?? "").Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Builds the plaintext of a passive reply (before encryption).</summary>
    public static string BuildPassiveReply(string toUser, string fromCorp, long createTime, WecomOutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sb = new StringBuilder(256);
        sb.Append("<xml><ToUserName>");
        AppendCData(sb, toUser);
        sb.Append("</ToUserName><FromUserName>");
        AppendCData(sb, fromCorp);
        sb.Append("</FromUserName><CreateTime>");
        sb.Append(createTime.ToString(CultureInfo.InvariantCulture));
        sb.Append("</CreateTime>");
        switch (message)
        {
            case WecomText text:
                sb.Append("<MsgType>");
                AppendCData(sb, "text");
                sb.Append("</MsgType><Content>");
                AppendCData(sb, text.Content);
                sb.Append("</Content>");
                break;
            case WecomNews news:
                sb.Append("<MsgType>");
                AppendCData(sb, "news");
                sb.Append("</MsgType><ArticleCount>");
                sb.Append(news.Articles.Count.ToString(CultureInfo.InvariantCulture));
                sb.Append("</ArticleCount><Articles>");
                foreach (var a in news.Articles)
                {
                    sb.Append("<item><Title>");
                    AppendCData(sb, a.Title);
                    sb.Append("</Title><Description>");
                    AppendCData(sb, a.Description ?? "");
                    sb.Append("</Description><PicUrl>");
                    AppendCData(sb, a.PicUrl ?? "");
                    sb.Append("</PicUrl><Url>");
                    AppendCData(sb, a.Url);
                    sb.Append("</Url></item>");
                }
                sb.Append("</Articles>");
                break;
            default:
                throw new ArgumentException("Only text and news can be sent as a passive reply.", nameof(message));
        }
        sb.Append("</xml>");
        return sb.ToString();
    }

    public static bool CanReplyPassively(WecomOutboundMessage message) => message is WecomText or WecomNews { Articles.Count: > 0 and <= 8 };
}
