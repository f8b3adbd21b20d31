using System.Text.Json;
using LiteDB;
using Studio.Core.Scripts;
using Studio.Data.Storage;

namespace Studio.Data.Scripts;

public sealed class LiteDbScriptDraftStore : IScriptDraftStore
{
    internal const string CollectionName = "scripts";
    private readonly StudioDatabase _db;
    private readonly TimeProvider _time;
    private readonly ILiteCollection<ScriptDraft> _drafts;

    public LiteDbScriptDraftStore(StudioDatabase db, TimeProvider? time = null)
    {
        _db = db;
        _time = time ?? TimeProvider.System;
        _drafts = db.Collection<ScriptDraft>(CollectionName, c =>
        {
            c.EnsureIndex(d => d.Status);
            c.EnsureIndex(d => d.UpdatedAt);
        });
    }

    public Task<ScriptDraft?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Task.FromResult<ScriptDraft?>(_drafts.FindById(id));
    }

    public async Task<ScriptDraft> SaveAsync(string id, string document, int expectedRevision, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedRevision);
        var (name, channels) = Describe(document);
        var (saved, current) = await _db.WriteAsync<(ScriptDraft?, ScriptDraft?)>(() =>
        {
            var current = _drafts.FindById(id);
            if ((current?.Revision ?? 0) != expectedRevision)
            {
                return (null, current);
            }
            var now = _time.GetUtcNow();
            var draft = current ?? new ScriptDraft { Id = id, CreatedBy = user, CreatedAt = now, Status = ScriptStatus.Draft };
            draft.Document = document;
            draft.Name = name ?? (draft.Name.Length > 0 ? draft.Name : id);
            draft.Channels = channels ?? draft.Channels;
            draft.Revision = expectedRevision + 1;
            draft.UpdatedBy = user;
            draft.UpdatedAt = now;
            _drafts.Upsert(draft);
            return (draft, current);
        }).ConfigureAwait(false);
        return saved ?? throw new ScriptConflictException(id, expectedRevision, current?.Revision ?? 0,
            current is null ? null : expectedRevision == 0 ? current.CreatedBy : current.UpdatedBy,
            current is null ? null : expectedRevision == 0 ? current.CreatedAt : current.UpdatedAt);
    }

    public Task<ScriptDraft?> SetStatusAsync(string id, ScriptStatus status, string? publishedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return _db.WriteAsync(() =>
        {
            var draft = _drafts.FindById(id);
            if (draft is not null)
            {
                draft.Status = status;
                draft.PublishedVersion = publishedVersion ?? draft.PublishedVersion;
                _drafts.Update(draft);
            }
            return draft;
        });
    }

    public Task<Page<ScriptDraft>> ListAsync(ScriptQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var found = query.Status is { } status
            ? _drafts.Find(Query.EQ(nameof(ScriptDraft.Status), status.ToString()))
            : _drafts.Find(Query.Not(nameof(ScriptDraft.Status), nameof(ScriptStatus.Archived)));
        var search = query.Search?.Trim();
        var matches = found
            .Where(d => query.Channel is not { } channel || d.Channels.Contains(channel))
            .Where(d => string.IsNullOrEmpty(search)
                || d.Id.Contains(search, StringComparison.OrdinalIgnoreCase)
                || d.Name.Contains(search, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(d => d.UpdatedAt)
            .ThenBy(d => d.Id, StringComparer.Ordinal);
        return Task.FromResult(Cursor.PageOf(matches, query.After, query.Take));
    }

    public async Task<bool> DeleteAsync(string id, int expectedRevision = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var (deleted, conflict) = await _db.WriteAsync<(bool, ScriptDraft?)>(() =>
        {
            var current = _drafts.FindById(id);
            if (current is not null && expectedRevision != 0 && current.Revision != expectedRevision)
            {
                return (false, current);
            }
            return (current is not null && _drafts.Delete(id), null);
        }).ConfigureAwait(false);
        return conflict is null ? deleted : throw new ScriptConflictException(id, expectedRevision, conflict.Revision, conflict.UpdatedBy, conflict.UpdatedAt);
    }

    /// <summary>Name and channels from a document, when it is JSON that has them (drafts may be broken).</summary>
    private static (string? Name, List<Channel>? Channels) Describe(string document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }
            string? name = json.RootElement.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            List<Channel>? channels = null;
            if (json.RootElement.TryGetProperty("channels", out var c) && c.ValueKind == JsonValueKind.Array)
            {
                channels = [];
                foreach (var item in c.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String && Enum.TryParse<Channel>(item.GetString(), ignoreCase: true, out var channel))
                    {
                        channels.Add(channel);
                    }
                }
            }
            return (string.IsNullOrWhiteSpace(name) ? null : name, channels);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
