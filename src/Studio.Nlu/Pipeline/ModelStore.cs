using System.Collections.Concurrent;

namespace Studio.Nlu.Pipeline;

/// <summary>
/// Where trained models are kept, by key (a hash of everything the model was trained from). The runtime keeps
/// them with the published script version; the CLI keeps them in a cache directory; tests keep them in memory.
/// </summary>
public interface IModelStore
{
    byte[]? Load(string key);

    void Save(string key, byte[] model);
}

/// <summary>Models in memory. <see cref="Shared"/> spares retraining the same script within one process.</summary>
public sealed class InMemoryModelStore : IModelStore
{
    private readonly ConcurrentDictionary<string, byte[]> _models = new(StringComparer.Ordinal);

    public static InMemoryModelStore Shared { get; } = new();

    public int Count => _models.Count;

    public byte[]? Load(string key) => _models.TryGetValue(key, out var model) ? model : null;

    public void Save(string key, byte[] model) => _models[key] = model;
}

/// <summary>Models as files <c>&lt;key&gt;.nlu</c> in a directory (the CLI's cache).</summary>
public sealed class FileModelStore(string directory) : IModelStore
{
    public string Directory { get; } = directory;

    public byte[]? Load(string key)
    {
        var path = PathOf(key);
        try
        {
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Save(string key, byte[] model)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var temp = PathOf(key) + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temp, model);
            File.Move(temp, PathOf(key), overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // a cache that cannot be written only costs a retraining next time
        }
    }

    private string PathOf(string key) => Path.Combine(Directory, key + ".nlu");
}

/// <summary>A fast store in front of a slower one (memory before files): loads fill the fast one, saves go to both.</summary>
public sealed class LayeredModelStore(IModelStore fast, IModelStore slow) : IModelStore
{
    public byte[]? Load(string key)
    {
        if (fast.Load(key) is { } model)
        {
            return model;
        }
        model = slow.Load(key);
        if (model is not null)
        {
            fast.Save(key, model);
        }
        return model;
    }

    public void Save(string key, byte[] model)
    {
        fast.Save(key, model);
        slow.Save(key, model);
    }
}
