using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Studio.Data.Outcomes;
using Studio.Data.TurnLog;
using Studio.Runtime.Operations;

namespace Studio.Runtime.Events;

/// <summary>Outcome events intake (section <c>Studio:Events</c>).</summary>
public sealed class EventsOptions
{
    public const string Section = "Studio:Events";

    /// <summary>The HMAC secret senders sign with (environment only: <c>Studio__Events__Secret</c>). Unset: the intake answers 503.</summary>
    public string? Secret { get; set; }

    /// <summary>A second accepted secret while senders move to a new one.</summary>
    public string? PreviousSecret { get; set; }

    /// <summary>Signatures older (or newer) than this are refused as replays.</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxBodyBytes { get; set; } = 1 << 20;

    public int MaxBatch { get; set; } = 1000;

    /// <summary>How long after a conversation an outcome is still credited to it (and its arm).</summary>
    public TimeSpan AttributionWindow { get; set; } = OutcomeAttribution.DefaultWindow;
}

/// <summary>
/// <c>POST /api/events</c>: outcome events from the brand's systems (one JSON object or an array), signed with
/// <c>X-Studio-Signature</c>; idempotent on eventId; the answer credits each event to conversations and arms.
/// <c>GET /api/events?memberId=</c>: stored events with their attribution (reviewer role).
/// </summary>
public static partial class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/api/events", ReceiveAsync).AllowAnonymous().WithTags("Events");
        endpoints.MapGet("/api/events", QueryAsync).RequireAuthorization(StudioAuth.Policies.Reviewer).WithTags("Events");
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, IOutcomeEventStore store, ITurnLog turns, IOptions<EventsOptions> options,
        TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var o = options.Value;
        var logger = loggers.CreateLogger(typeof(EventsApi).FullName!);
        if (string.IsNullOrEmpty(o.Secret))
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "outcome events are not configured: set Studio__Events__Secret");
        }
        if (http.Request.ContentLength > o.MaxBodyBytes)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {o.MaxBodyBytes} bytes");
        }
        var body = await ReadBodyAsync(http.Request.Body, o.MaxBodyBytes, ct);
        if (body is null)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {o.MaxBodyBytes} bytes");
        }
        var check = StudioSignature.Verify(http.Request.Headers[StudioSignature.Header], [o.Secret, o.PreviousSecret ?? ""], body, time.GetUtcNow(), o.Tolerance);
        if (check != SignatureCheck.Valid)
        {
            LogRejected(logger, check);
            return Error(StatusCodes.Status401Unauthorized, check switch
            {
                SignatureCheck.Missing => $"missing {StudioSignature.Header} header",
                SignatureCheck.Malformed => $"{StudioSignature.Header} is not t=<unix seconds>,v1=<hex>",
                SignatureCheck.Stale => $"the signature's timestamp is more than {o.Tolerance.TotalMinutes:0} minutes from now",
                _ => "the signature does not match the body",
            });
        }

        IReadOnlyList<OutcomeEvent> events;
        try
        {
            events = OutcomeEventJson.Parse(body, o.MaxBatch);
        }
        catch (OutcomeEventFormatException ex)
        {
            return Results.BadRequest(new { error = ex.Message, path = ex.Path });
        }

        var now = time.GetUtcNow();
        var results = new List<EventResult>(events.Count);
        foreach (var e in events)
        {
            e.ReceivedAt = now;
            var insert = await store.InsertAsync(e, ct);
            var stored = insert == OutcomeInsert.Duplicate ? await store.GetAsync(e.EventId, ct) ?? e : e;
            results.Add(new EventResult(stored.EventId, insert == OutcomeInsert.Inserted ? "inserted" : "duplicate", stored.Type, stored.MemberId,
                stored.Time, stored.Amount, await AttributeAsync(stored, turns, o.AttributionWindow, ct)));
        }
        var inserted = results.Count(r => r.Status == "inserted");
        LogReceived(logger, inserted, results.Count - inserted);
        return Results.Ok(new { results });
    }

    private static async Task<IResult> QueryAsync(string? memberId, string? type, string? from, string? to, string? after, int? take,
        IOutcomeEventStore store, ITurnLog turns, IOptions<EventsOptions> options, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(memberId))
        {
            return Error(StatusCodes.Status400BadRequest, "give memberId");
        }
        if (!TryTime(from, out var fromTime) || !TryTime(to, out var toTime))
        {
            return Error(StatusCodes.Status400BadRequest, "from and to are ISO 8601 times, e.g. 2026-11-11T00:00:00+08:00");
        }
        if (take is < 1 or > 1000)
        {
            return Error(StatusCodes.Status400BadRequest, "take is 1 to 1000");
        }
        Studio.Data.Storage.Page<OutcomeEvent> page;
        try
        {
            page = await store.QueryAsync(new OutcomeQuery { MemberId = memberId, Type = type, From = fromTime, To = toTime, After = after, Take = take ?? 100 }, ct);
        }
        catch (ArgumentException)
        {
            return Error(StatusCodes.Status400BadRequest, $"after: '{after}' is not a cursor from a previous page");
        }
        var items = new List<EventResult>(page.Items.Count);
        foreach (var e in page.Items)
        {
            items.Add(new EventResult(e.EventId, "stored", e.Type, e.MemberId, e.Time, e.Amount, await AttributeAsync(e, turns, options.Value.AttributionWindow, ct)));
        }
        return Results.Ok(new { items, next = page.Next });
    }

    /// <summary>The member's turns in the window before the event, attributed.</summary>
    public static async Task<IReadOnlyList<Attribution>> AttributeAsync(OutcomeEvent e, ITurnLog turns, TimeSpan window, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(turns);
        var records = new List<TurnRecord>();
        var query = new TurnQuery { MemberId = e.MemberId, From = e.Time - window, To = e.Time.AddTicks(1), Take = 1000 };
        // Newest first: the last exposures come in the first pages; a member rarely has more than a few hundred turns a week.
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await turns.QueryAsync(query, ct);
            records.AddRange(page.Items);
            if (page.Next is null)
            {
                break;
            }
            query = query with { After = page.Next };
        }
        return OutcomeAttribution.Attribute(e, records, window);
    }

    /// <summary>Reads at most <paramref name="max"/> bytes; null when the body is longer (checked while reading, whatever Content-Length said).</summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream body, int max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static bool TryTime(string? value, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }
        return false;
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outcome events refused: signature {Check}")]
    private static partial void LogRejected(ILogger logger, SignatureCheck check);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outcome events received: {Inserted} new, {Duplicates} duplicate")]
    private static partial void LogReceived(ILogger logger, int inserted, int duplicates);
}

/// <summary>One event in an answer: stored or a duplicate, and what it is credited to.</summary>
public sealed record EventResult(string EventId, string Status, string Type, string MemberId, DateTimeOffset Time, decimal? Amount,
    IReadOnlyList<Attribution> Attribution);
