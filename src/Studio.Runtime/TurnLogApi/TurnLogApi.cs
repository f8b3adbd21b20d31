using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Studio.Core.Scripts;
using Studio.Data.Privacy;
using Studio.Data.TurnLog;
using Studio.Runtime.Operations;

namespace Studio.Runtime.TurnLogApi;

/// <summary>
/// The turn log over HTTP for reviewers and the brand's BI: <c>GET /api/turns</c> (JSON, newest first, cursor paging) and
/// <c>GET /api/turns.csv</c> (every matching turn, streamed as UTF-8 CSV with a BOM so Excel reads the Chinese). Filters:
/// scriptId, version, node, intent, experiment, arm, memberId, conversation, channel, from, to. Member ids are the
/// pseudonyms of the log; texts have phone numbers masked (again here, in case an older record slipped through).
/// </summary>
public static class TurnLogEndpoints
{
    public static IEndpointRouteBuilder MapTurnLogApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api").RequireAuthorization(StudioAuth.Policies.Reviewer).WithTags("Turn log");

        group.MapGet("/turns", async (HttpContext http, ITurnLog log, CancellationToken ct) =>
        {
            if (Parse(http.Request.Query, paged: true) is not { } parsed)
            {
                return BadRequest(http.Request.Query);
            }
            Studio.Data.Storage.Page<TurnRecord> page;
            try
            {
                page = await log.QueryAsync(parsed, ct);
            }
            catch (ArgumentException)
            {
                return Results.Json(new { error = $"after: '{parsed.After}' is not a cursor from a previous page" }, statusCode: 400);
            }
            return Results.Ok(new { items = page.Items.Select(TurnDto.From), next = page.Next });
        });

        group.MapGet("/turns.csv", async (HttpContext http, ITurnLog log, CancellationToken ct) =>
        {
            if (Parse(http.Request.Query, paged: false) is not { } parsed)
            {
                await BadRequest(http.Request.Query).ExecuteAsync(http);
                return;
            }
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = "attachment; filename=\"turns.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024);
            await log.ExportCsvAsync(parsed, writer, ct);
        });
        return endpoints;
    }

    private static readonly string[] Names =
        ["scriptId", "version", "node", "intent", "experiment", "arm", "memberId", "conversation", "channel", "from", "to", "after", "take"];

    /// <summary>The query, or null when a parameter is bad (see <see cref="BadRequest"/>).</summary>
    internal static TurnQuery? Parse(IQueryCollection q, bool paged) => Problem(q, paged) is null ? Build(q, paged) : null;

    private static IResult BadRequest(IQueryCollection q) => Results.Json(new { error = Problem(q, paged: true) }, statusCode: 400);

    private static string? Problem(IQueryCollection q, bool paged)
    {
        foreach (var key in q.Keys)
        {
            if (!Names.Contains(key, StringComparer.Ordinal))
            {
                return $"unknown filter '{key}' (use {string.Join(", ", Names)})";
            }
            if (q[key].Count > 1)
            {
                return $"'{key}' is given more than once";
            }
        }
        if (q["channel"].ToString() is { Length: > 0 } channel && !TryChannel(channel, out _))
        {
            return $"channel: '{channel}' is not voice or wecom";
        }
        foreach (var name in new[] { "from", "to" })
        {
            if (q[name].ToString() is { Length: > 0 } value && !TryTime(value, out _))
            {
                return $"{name}: '{value}' is not an ISO 8601 time, e.g. 2026-11-11T00:00:00+08:00";
            }
        }
        if (paged && q["take"].ToString() is { Length: > 0 } take && (!int.TryParse(take, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 1000))
        {
            return $"take: '{take}' is not a number from 1 to 1000";
        }
        return null;
    }

    private static TurnQuery Build(IQueryCollection q, bool paged)
    {
        string? S(string name) => q[name].ToString() is { Length: > 0 } v ? v : null;
        DateTimeOffset? T(string name) => S(name) is { } v && TryTime(v, out var t) ? t : null;
        return new TurnQuery
        {
            ScriptId = S("scriptId"),
            Version = S("version"),
            Node = S("node"),
            Intent = S("intent"),
            Experiment = S("experiment"),
            Arm = S("arm"),
            MemberId = S("memberId"),
            Conversation = S("conversation"),
            Channel = S("channel") is { } c && TryChannel(c, out var channel) ? channel : null,
            From = T("from"),
            To = T("to"),
            After = paged ? S("after") : null,
            Take = paged && S("take") is { } take ? int.Parse(take, CultureInfo.InvariantCulture) : 100,
        };
    }

    private static bool TryChannel(string value, out Channel channel) =>
        Enum.TryParse(value, ignoreCase: true, out channel) && Enum.IsDefined(channel) && !int.TryParse(value, out _);

    private static bool TryTime(string value, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
}

/// <summary>A turn as the API shows it.</summary>
public sealed record TurnDto(long Id, DateTimeOffset Time, string Conversation, string Channel, string MemberId, string ScriptId, string Version, int Turn,
    string? Node, string? Experiment, string? Arm, string? MemberText, string? Intent, double? Confidence, string? DecidedBy,
    IReadOnlyDictionary<string, string> Entities, string? BotText, double LatencyMs, string? Outcome, string? Grade)
{
    public static TurnDto From(TurnRecord r) => new(r.Id, r.Time, r.Conversation, r.Channel == Studio.Core.Scripts.Channel.Voice ? "voice" : "wecom",
        r.MemberId, r.ScriptId, r.Version, r.Turn, r.Node, r.Experiment, r.Arm, PhoneText.Redact(r.MemberText), r.Intent, r.Confidence, r.DecidedBy,
        r.Entities.ToDictionary(e => e.Key, e => PhoneText.Redact(e.Value) ?? ""), PhoneText.Redact(r.BotText, mobilesOnly: true),
        Math.Round(r.LatencyMs, 3), r.Outcome, r.Grade);
}
