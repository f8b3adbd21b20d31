using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Studio.Core.Dialogs;
using Studio.Core.Recognition;
using Studio.Core.Scripts;
using Studio.Nlu.Pipeline;

namespace Studio.Web.Components.Tester;

/// <summary>A draft as the tester runs it: compiled (null when the JSON cannot be read) with the reader's diagnostics.</summary>
public sealed record TesterScript(CompiledScript? Compiled, IReadOnlyList<Diagnostic> Problems)
{
    public bool CanRun => Compiled is not null;
}

/// <summary>
/// Compiles drafts for the tester, cached by the hash of the JSON text: the designer autosaves often and most
/// tester turns run on a document already compiled, with its NLU rules and model prepared (trained once, off the
/// UI thread, so a turn costs a recognition and an engine step, not a training run).
/// </summary>
public sealed class TesterScripts(IIntentRecognizer recognizer)
{
    private const int Capacity = 64;
    private readonly ConcurrentDictionary<string, Lazy<Task<TesterScript>>> _cache = new(StringComparer.Ordinal);

    public int CachedCount => _cache.Count;

    public Task<TesterScript> LoadAsync(Script script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return LoadAsync(ScriptJson.Serialize(script));
    }

    public async Task<TesterScript> LoadAsync(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        if (_cache.Count >= Capacity && !_cache.ContainsKey(key))
        {
            _cache.Clear(); // dozens of drafts under test at once is far beyond normal: start over
        }
        var lazy = _cache.GetOrAdd(key, _ => new Lazy<Task<TesterScript>>(() => Task.Run(() => Compile(json))));
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        catch
        {
            _cache.TryRemove(new KeyValuePair<string, Lazy<Task<TesterScript>>>(key, lazy));
            throw;
        }
    }

    private TesterScript Compile(string json)
    {
        var read = ScriptJson.Read(json);
        if (read.Script is null)
        {
            return new TesterScript(null, read.Diagnostics);
        }
        var compiled = CompiledScript.Compile(read.Script);
        if (recognizer is NluPipeline pipeline)
        {
            pipeline.Prepare(compiled);
        }
        return new TesterScript(compiled, read.Diagnostics);
    }
}
