using System.Text.Json;
using System.Text.Json.Nodes;
using Studio.Core.Scripts;
using Studio.Core.Scripts.Validation;
using Studio.Data.Scripts;
using Studio.Data.Versions;
using Studio.Web.Seeding;

namespace Studio.Web.Components.Pages.Scripts;

/// <summary>What the scripts list shows and how to filter it.</summary>
public enum ScriptListFilter
{
    All,

    /// <summary>Never published.</summary>
    Draft,

    /// <summary>Published at least once.</summary>
    Published,

    /// <summary>A version is active for new conversations.</summary>
    Live,
}

/// <summary>One row of the scripts list.</summary>
public sealed record ScriptRow(
    string Id,
    string Name,
    IReadOnlyList<Channel> Channels,
    ScriptStatus Status,
    int Revision,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    IReadOnlyList<LiveVersion> Live,
    bool HasUnpublishedChanges)
{
    public bool IsLive => Live.Count > 0;
}

/// <summary>Version <see cref="Number"/> is live on <see cref="Channel"/> (null: every channel).</summary>
public sealed record LiveVersion(Channel? Channel, int Number);

/// <summary>The result of an import: the saved draft, or the problems that kept it from being saved.</summary>
public sealed record ImportResult(ScriptDraft? Saved, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Saved is not null;
}

/// <summary>
/// The scripts list's operations on the draft store: list with filters, create from a library template,
/// duplicate, import (validated; nothing saved on errors), delete. Export is an endpoint (<see cref="ScriptExport"/>).
/// </summary>
public sealed class ScriptListActions(IScriptDraftStore drafts, IScriptVersionStore versions, ScriptLibrary library)
{
    /// <summary>Import problems that are not about the document's content.</summary>
    public const string IdTakenCode = "I001";

    public const string EmptyFileCode = "I002";

    public async Task<IReadOnlyList<ScriptRow>> ListAsync(string? search, Channel? channel, ScriptListFilter filter, CancellationToken cancellationToken = default)
    {
        var rows = new List<ScriptRow>();
        string? after = null;
        do
        {
            var page = await drafts.ListAsync(new ScriptQuery
            {
                Search = search,
                Channel = channel,
                Status = filter switch
                {
                    ScriptListFilter.Draft => ScriptStatus.Draft,
                    ScriptListFilter.Published or ScriptListFilter.Live => ScriptStatus.Published,
                    _ => null,
                },
                After = after,
                Take = 200,
            }, cancellationToken);
            foreach (var draft in page.Items)
            {
                var row = await RowAsync(draft, cancellationToken);
                if (filter != ScriptListFilter.Live || row.IsLive)
                {
                    rows.Add(row);
                }
            }
            after = page.Next;
        }
        while (after is not null);
        return rows;
    }

    private async Task<ScriptRow> RowAsync(ScriptDraft draft, CancellationToken cancellationToken)
    {
        var live = new List<LiveVersion>();
        var changed = false;
        if (draft.Status != ScriptStatus.Draft)
        {
            var all = await versions.ListAsync(draft.Id, cancellationToken);
            foreach (var activation in await versions.GetActivationsAsync(draft.Id, cancellationToken))
            {
                live.Add(new LiveVersion(activation.Channel, all.FirstOrDefault(v => v.Version == activation.Version)?.Number ?? 0));
            }
            // Saved after the last publish: the live version is not what the designer shows.
            changed = all.Count > 0 && draft.UpdatedAt > all.Max(v => v.PublishedAt);
        }
        return new ScriptRow(draft.Id, draft.Name, draft.Channels, draft.Status, draft.Revision, draft.UpdatedAt, draft.UpdatedBy, live, changed);
    }

    /// <summary>A new draft from a library template, under a free id derived from the template's.</summary>
    public async Task<ScriptDraft> CreateFromTemplateAsync(string templateId, string? name, string user, CancellationToken cancellationToken = default)
    {
        var template = library.Find(templateId) ?? throw new KeyNotFoundException($"no library template '{templateId}'");
        var id = await FreeIdAsync(template.Id, cancellationToken);
        return await drafts.SaveAsync(id, Rename(template.Document, id, string.IsNullOrWhiteSpace(name) ? template.Name : name.Trim()), 0, user, cancellationToken);
    }

    /// <summary>A copy of a draft (its current document) under a free id, named "… 副本".</summary>
    public async Task<ScriptDraft> DuplicateAsync(string id, string copySuffix, string user, CancellationToken cancellationToken = default)
    {
        var source = await drafts.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"no script '{id}'");
        var copyId = await FreeIdAsync(id + "-copy", cancellationToken);
        return await drafts.SaveAsync(copyId, Rename(source.Document, copyId, source.Name + copySuffix), 0, user, cancellationToken);
    }

    /// <summary>
    /// Reads and validates a document; saves it as a new draft only when it has no errors (warnings are
    /// kept for the designer). The diagnostics point at node ids and JSON paths.
    /// </summary>
    public async Task<ImportResult> ImportAsync(string json, string user, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new ImportResult(null, [new Diagnostic(Severity.Error, EmptyFileCode, "the file is empty", "$")]);
        }
        var read = ScriptJson.Read(json);
        if (read.Script is not { } script || read.Diagnostics.Any(d => d.IsError))
        {
            return new ImportResult(null, read.Diagnostics);
        }
        List<Diagnostic> diagnostics = [.. read.Diagnostics, .. ScriptValidator.Validate(script, read.Lines)];
        if (await drafts.GetAsync(script.Id, cancellationToken) is not null)
        {
            diagnostics.Insert(0, new Diagnostic(Severity.Error, IdTakenCode,
                $"a script with id '{script.Id}' exists already: change \"id\" in the file, or delete the existing script first", "$.id", Line: read.Lines.LineOf("$.id")));
        }
        if (diagnostics.Any(d => d.IsError))
        {
            return new ImportResult(null, diagnostics);
        }
        try
        {
            return new ImportResult(await drafts.SaveAsync(script.Id, json, 0, user, cancellationToken), diagnostics);
        }
        catch (ScriptConflictException ex)
        {
            return new ImportResult(null, [new Diagnostic(Severity.Error, IdTakenCode, ex.Message, "$.id")]);
        }
    }

    /// <summary>Deletes a script that is not live (members are served from a live one); false when it was already gone.</summary>
    public async Task<bool> DeleteAsync(string id, int revision, CancellationToken cancellationToken = default)
    {
        if ((await versions.GetActivationsAsync(id, cancellationToken)).Count > 0)
        {
            throw new InvalidOperationException($"the script '{id}' is live: it cannot be deleted while members are served from it");
        }
        return await drafts.DeleteAsync(id, revision, cancellationToken);
    }

    private async Task<string> FreeIdAsync(string baseId, CancellationToken cancellationToken)
    {
        for (var n = 2; ; n++)
        {
            var candidate = $"{baseId}-{n}";
            if (await drafts.GetAsync(candidate, cancellationToken) is null)
            {
                return candidate;
            }
        }
    }

    /// <summary>The document with a new id and name, everything else as it was (a broken draft is copied with its id and name prepended).</summary>
    internal static string Rename(string document, string id, string name)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(document, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException)
        {
            root = null;
        }
        if (root is not JsonObject obj)
        {
            throw new InvalidDataException("the script is not a JSON object and cannot be copied; fix it in the designer first");
        }
        obj["id"] = id;
        obj["name"] = name;
        return obj.ToJsonString(ScriptJson.Options);
    }
}
