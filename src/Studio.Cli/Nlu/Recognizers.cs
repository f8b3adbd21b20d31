using System.CommandLine;
using Studio.Core.Recognition;
using Studio.Nlu.Pipeline;

namespace Studio.Cli.Nlu;

/// <summary>
/// The recogniser the CLI's commands run the engine with: the NLU pipeline (normaliser, rules, ML.NET
/// classifier) by default, the keyword baseline on request. Trained models are cached on disk so a script is
/// trained once, not on every run.
/// </summary>
public static class Recognizers
{
    public const string Nlu = "nlu";
    public const string Keyword = "keyword";

    /// <summary>Environment variable naming the model cache directory.</summary>
    public const string CacheVariable = "STUDIO_NLU_CACHE";

    private static readonly Lazy<IModelStore> Store = new(() => new LayeredModelStore(InMemoryModelStore.Shared, new FileModelStore(CacheDirectory())));

    public static Option<string> CreateOption()
    {
        var option = new Option<string>("--recognizer", "-r")
        {
            Description = "Intent recogniser: nlu (normaliser + rules + ML.NET classifier, default) or keyword (the baseline)",
            HelpName = "nlu|keyword",
            DefaultValueFactory = _ => Nlu,
        };
        option.AcceptOnlyFromAmong(Nlu, Keyword);
        return option;
    }

    public static IIntentRecognizer Create(string? name) => name == Keyword ? new KeywordRecognizer() : new NluPipeline(store: Store.Value);

    /// <summary>Trains or loads the script's model now (a no-op for the keyword recogniser), so no turn pays for it.</summary>
    public static void Prepare(IIntentRecognizer recognizer, Studio.Core.Dialogs.CompiledScript script)
    {
        if (recognizer is NluPipeline pipeline)
        {
            pipeline.Prepare(script);
        }
    }

    /// <summary>$STUDIO_NLU_CACHE, else $XDG_CACHE_HOME/studio/nlu, else ~/.cache/studio/nlu, else the temp directory.</summary>
    public static string CacheDirectory()
    {
        if (Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } configured)
        {
            return configured;
        }
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            cache = string.IsNullOrEmpty(home) ? Path.GetTempPath() : Path.Combine(home, ".cache");
        }
        return Path.Combine(cache, "studio", "nlu");
    }
}
