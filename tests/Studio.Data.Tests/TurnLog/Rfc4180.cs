using System.Text;

namespace Studio.Data.Tests.TurnLog;

/// <summary>A strict RFC 4180 reader for checking what the writer produced.</summary>
internal static class Rfc4180
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("unterminated quoted field");
                    }
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
            }
            else
            {
                while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    if (text[i] == '"')
                    {
                        throw new FormatException("quote inside an unquoted field");
                    }
                    field.Append(text[i++]);
                }
            }
            if (i < text.Length && text[i] == ',')
            {
                record.Add(field.ToString());
                field.Clear();
                i++;
                continue;
            }
            if (i < text.Length && text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i += 2;
                continue;
            }
            if (i < text.Length)
            {
                throw new FormatException($"bare line break or stray character at {i}");
            }
        }
        if (field.Length > 0 || record.Count > 0)
        {
            throw new FormatException("the last record is not ended by CRLF");
        }
        return records;
    }
}
