using System.Text;
using Studio.Data.Scripts;

namespace Studio.Web.Components.Pages.Scripts;

/// <summary><c>GET /scripts/{id}/export</c>: the draft's document as a JSON file (any signed-in role).</summary>
public static class ScriptExport
{
    public static string PathOf(string id) => $"/scripts/{Uri.EscapeDataString(id)}/export";

    public static IEndpointRouteBuilder MapScriptExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/scripts/{id}/export", async (string id, IScriptDraftStore drafts, CancellationToken ct) =>
            await drafts.GetAsync(id, ct) is { } draft
                ? Results.File(Encoding.UTF8.GetBytes(draft.Document), "application/json; charset=utf-8", draft.Id + ".json")
                : Results.NotFound($"no script '{id}'"))
            .RequireAuthorization(Runtime.Operations.StudioAuth.Policies.Reviewer)
            .ExcludeFromDescription();
        return endpoints;
    }
}
