using Studio.Core.Dialogs;
using Studio.Core.Simulation;
using Studio.Nlu.Corpus;
using Studio.Nlu.Pipeline;

namespace Studio.Nlu.Simulation;

/// <summary>
/// What a persona simulation needs besides the engine, as <c>studio simulate</c> and the studio's simulate page both
/// set it up: the phrase bank (the NLU corpus files, the script's intent examples) and the recogniser prepared for the
/// script, so no simulated turn pays for training.
/// </summary>
public static class SimulationSetup
{
    /// <summary>The corpus folder, relative to the repository (or the host's content) root.</summary>
    public const string CorpusFolder = "seeds/nlu/zh-CN";

    private static readonly string[] CorpusFiles = ["system.tsv", "dev.tsv"];

    /// <summary>
    /// The NLU corpus (system.tsv, and dev.tsv: held-out, colloquial and dialect phrasings) in seeds/nlu/zh-CN of
    /// <paramref name="directory"/> or any directory above it; none when there is no such folder.
    /// </summary>
    public static IReadOnlyList<string> FindCorpora(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        for (var dir = new DirectoryInfo(Path.GetFullPath(directory)); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, CorpusFolder);
            if (File.Exists(Path.Combine(folder, CorpusFiles[0])))
            {
                return [.. CorpusFiles.Select(f => Path.Combine(folder, f)).Where(File.Exists)];
            }
        }
        return [];
    }

    /// <summary>
    /// The phrases simulated members say: the built-in bank, the corpus files (intent&lt;TAB&gt;text), then the script's
    /// intent examples. Without corpus files, <paramref name="systemCorpusWhenNone"/> adds the corpus embedded in this
    /// assembly (a host deployed without the seeds folder still speaks like members).
    /// </summary>
    public static PhraseBank Phrases(CompiledScript script, IReadOnlyList<string> corpusFiles, bool systemCorpusWhenNone = false)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(corpusFiles);
        var bank = new PhraseBank();
        foreach (var corpus in corpusFiles)
        {
            bank.AddTsv(File.ReadLines(corpus));
        }
        if (corpusFiles.Count == 0 && systemCorpusWhenNone)
        {
            foreach (var example in SystemCorpus.ZhCn)
            {
                bank.Add(example.Intent, example.Text);
            }
        }
        return bank.AddScript(script);
    }

    /// <summary>A simulator on <paramref name="engine"/>, its recogniser (when the NLU pipeline) trained or loaded for the script now.</summary>
    public static PersonaSimulator Simulator(DialogEngine engine, CompiledScript script, PhraseBank phrases)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(script);
        if (engine.Recognizer is NluPipeline pipeline)
        {
            pipeline.Prepare(script);
        }
        return new PersonaSimulator(engine, phrases);
    }
}
