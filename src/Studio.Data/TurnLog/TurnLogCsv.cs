using System.Globalization;
using System.Text;
using Studio.Data.Csv;

namespace Studio.Data.TurnLog;

/// <summary>The CSV layout of the turn log export (one header row, one row per turn).</summary>
public static class TurnLogCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "time", "conversation", "channel", "member_id", "script_id", "version", "turn", "node", "experiment", "arm",
        "member_text", "intent", "confidence", "decided_by", "entities", "bot_text", "latency_ms", "outcome", "grade",
    ];

    public static void WriteHeader(CsvWriter csv) => csv.Record([.. Columns]);

    public static void WriteRow(CsvWriter csv, TurnRecord r)
    {
        csv.Field(r.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            .Field(r.Conversation, freeText: true)
            .Field(r.Channel.ToString().ToLowerInvariant())
            .Field(r.MemberId, freeText: true)
            .Field(r.ScriptId, freeText: true)
            .Field(r.Version)
            .Field(r.Turn)
            .Field(r.Node, freeText: true)
            .Field(r.Experiment, freeText: true)
            .Field(r.Arm, freeText: true)
            .Field(r.MemberText, freeText: true)
            .Field(r.Intent, freeText: true)
            .Field(r.Confidence)
            .Field(r.DecidedBy)
            .Field(Entities(r.Entities), freeText: true)
            .Field(r.BotText, freeText: true)
            .Field(Math.Round(r.LatencyMs, 3))
            .Field(r.Outcome)
            .Field(r.Grade)
            .EndRecord();
    }

    /// <summary>Entities as name=value pairs separated by "; ", sorted by name.</summary>
    private static string? Entities(Dictionary<string, string> entities)
    {
        if (entities.Count == 0)
        {
            return null;
        }
        var text = new StringBuilder();
        foreach (var (name, value) in entities.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (text.Length > 0)
            {
                text.Append("; ");
            }
            text.Append(name).Append('=').Append(value);
        }
        return text.ToString();
    }
}
