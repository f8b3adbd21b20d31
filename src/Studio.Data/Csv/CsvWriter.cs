using System.Globalization;

namespace Studio.Data.Csv;

/// <summary>
/// Writes RFC 4180 CSV: fields separated by commas, records ended by CRLF, a field quoted when it holds
/// a comma, a double quote, CR or LF (or starts or ends with a space), quotes inside doubled. Free-text
/// fields can be guarded against spreadsheet formula injection: a value starting with = + - @ (or a
/// tab / CR) gets a leading apostrophe, as OWASP advises for CSV opened in Excel.
/// </summary>
public sealed class CsvWriter(TextWriter writer)
{
    private bool _fieldWritten;

    public CsvWriter Field(string? value, bool freeText = false)
    {
        if (_fieldWritten)
        {
            writer.Write(',');
        }
        _fieldWritten = true;
        if (string.IsNullOrEmpty(value))
        {
            return this;
        }
        if (freeText && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        if (NeedsQuotes(value))
        {
            writer.Write('"');
            writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
            writer.Write('"');
        }
        else
        {
            writer.Write(value);
        }
        return this;
    }

    public CsvWriter Field(double? value) => Field(value?.ToString("0.####", CultureInfo.InvariantCulture));

    public CsvWriter Field(long value) => Field(value.ToString(CultureInfo.InvariantCulture));

    public void EndRecord()
    {
        writer.Write("\r\n");
        _fieldWritten = false;
    }

    public void Record(params string?[] fields)
    {
        foreach (var field in fields)
        {
            Field(field);
        }
        EndRecord();
    }

    private static bool NeedsQuotes(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value[0] == ' ' || value[^1] == ' ';
}
