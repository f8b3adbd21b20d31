using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Studio.Core.Scripts;
using Studio.Data.Scripts;

namespace Studio.Runtime.Publishing;

/// <summary>
/// The publishing HTTP API:
/// <c>POST /api/scripts/{id}/publish {note, channel?}</c>, <c>GET /api/scripts/{id}/versions</c>,
/// <c>POST /api/scripts/{id}/rollback {version, channel?}</c>.
/// </summary>
public static class PublishingApi
{
    /// <summary>
    /// Maps the endpoints and returns their group. AUTH HOOK: these endpoints change what members hear;
    /// the host must protect the returned group, e.g.
    /// <c>app.MapPublishingApi().RequireAuthorization("admin")</c> (or an endpoint filter checking the
    /// admin API key). The publishing user is the authenticated name (<see cref="ClaimsPrincipal.Identity"/>),
    /// "api" until authentication is configured.
    /// </summary>
    public static RouteGroupBuilder MapPublishingApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/scripts/{id}").WithTags("Publishing");

        group.MapPost("/publish", async (string id, PublishRequest? request, ScriptPublisher publisher, HttpContext http, CancellationToken ct) =>
        {
            if (!TryChannel(request?.Channel, out var channel))
            {
                return Results.BadRequest(new ApiError($"unknown channel '{request?.Channel}' (voice or wecom)"));
            }
            var result = await publisher.PublishDraftAsync(id, request?.Note, UserOf(http), channel, ct);
            return result.Status switch
            {
                PublishStatus.NotFound => Results.NotFound(new ApiError($"no script '{id}'")),
                PublishStatus.Refused => Results.UnprocessableEntity(new PublishResponse(
                    "refused", null, null, null, [.. result.Diagnostics.Select(DiagnosticDto.From)])),
                _ => Results.Ok(new PublishResponse(
                    result.Status == PublishStatus.Published ? "published" : "reactivated",
                    result.Version!.Number, result.Version.Version, ActiveOn(result.Activation!.Channel),
                    [.. result.Diagnostics.Select(DiagnosticDto.From)])),
            };
        });

        group.MapGet("/versions", async (string id, ScriptPublisher publisher, IScriptDraftStore drafts, CancellationToken ct) =>
        {
            var versions = await publisher.ListVersionsAsync(id, ct);
            if (versions.Count == 0 && await drafts.GetAsync(id, ct) is null)
            {
                return Results.NotFound(new ApiError($"no script '{id}'"));
            }
            return Results.Ok(versions.Select(v => new VersionDto(
                v.Number, v.Version, v.Note, v.PublishedBy, v.PublishedAt, v.IsActive, v.ActiveOn, v.ModelBytes,
                [.. v.Warnings.Select(DiagnosticDto.From)])));
        });

        group.MapPost("/rollback", async (string id, RollbackRequest? request, ScriptPublisher publisher, HttpContext http, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request?.Version))
            {
                return Results.BadRequest(new ApiError("give the version to activate: {\"version\": \"<hash or number>\"}"));
            }
            if (!TryChannel(request.Channel, out var channel))
            {
                return Results.BadRequest(new ApiError($"unknown channel '{request.Channel}' (voice or wecom)"));
            }
            var result = await publisher.RollbackAsync(id, request.Version.Trim(), UserOf(http), channel, ct);
            return result.Status == RollbackStatus.VersionNotFound
                ? Results.NotFound(new ApiError($"script '{id}' has no version '{request.Version}'"))
                : Results.Ok(new RollbackResponse(result.Version!.Number, result.Version.Version, ActiveOn(channel), result.Activation!.Previous));
        });

        return group;
    }

    private static string UserOf(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "api";

    private static string ActiveOn(Channel? channel) => channel is { } c ? c.ToString().ToLowerInvariant() : "all";

    private static bool TryChannel(string? value, out Channel? channel)
    {
        channel = null;
        if (string.IsNullOrWhiteSpace(value) || value == "all")
        {
            return true;
        }
        if (Enum.TryParse<Channel>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _))
        {
            channel = parsed;
            return true;
        }
        return false;
    }
}

public sealed record PublishRequest(string? Note, string? Channel = null);

public sealed record RollbackRequest(string? Version, string? Channel = null);

public sealed record ApiError(string Error);

public sealed record DiagnosticDto(string Severity, string Code, string Message, string Path, string? NodeId, int? Line)
{
    public static DiagnosticDto From(Diagnostic d) =>
        new(d.IsError ? "error" : "warning", d.Code, d.Message, d.Path, d.NodeId, d.Line);
}

public sealed record PublishResponse(string Status, int? Number, string? Version, string? ActiveOn, IReadOnlyList<DiagnosticDto> Diagnostics);

public sealed record VersionDto(int Number, string Version, string? Note, string PublishedBy, DateTimeOffset PublishedAt, bool Active,
    IReadOnlyList<string> ActiveOn, long ModelBytes, IReadOnlyList<DiagnosticDto> Warnings);

public sealed record RollbackResponse(int Number, string Version, string ActiveOn, string? Previous);
