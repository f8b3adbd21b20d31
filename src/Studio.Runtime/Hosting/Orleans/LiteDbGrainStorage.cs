using System.Text.Json;
using Orleans.Storage;
using Studio.Data.Conversations;

namespace Studio.Runtime.Hosting.Orleans;

/// <summary>
/// Orleans grain storage on the host's key/value store (LiteDB by default): one record per grain and state name,
/// JSON, guarded by the store's etags — a write based on a stale read fails with Orleans'
/// <see cref="InconsistentStateException"/> instead of overwriting. PostgreSQL via Orleans' ADO.NET provider is
/// the scale-out path (docs/storage.md).
/// </summary>
public sealed class LiteDbGrainStorage(IKeyValueStore store) : IGrainStorage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var stored = await store.ReadAsync(Namespace(stateName), grainId.ToString()).ConfigureAwait(false);
        if (stored is null)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.State = JsonSerializer.Deserialize<T>(stored.Value, Json)
            ?? throw new InvalidOperationException($"grain state {stateName} of {grainId} is stored as null");
        grainState.ETag = stored.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var json = JsonSerializer.Serialize(grainState.State, Json);
        try
        {
            grainState.ETag = await store.WriteAsync(Namespace(stateName), grainId.ToString(), json, grainState.ETag).ConfigureAwait(false);
            grainState.RecordExists = true;
        }
        catch (ETagMismatchException ex)
        {
            throw new InconsistentStateException(ex.Message, ex.ActualETag ?? "", ex.ExpectedETag ?? "");
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        try
        {
            await store.DeleteAsync(Namespace(stateName), grainId.ToString(), grainState.ETag).ConfigureAwait(false);
        }
        catch (ETagMismatchException ex)
        {
            throw new InconsistentStateException(ex.Message, ex.ActualETag ?? "", ex.ExpectedETag ?? "");
        }
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static string Namespace(string stateName) => "grain." + stateName;
}
