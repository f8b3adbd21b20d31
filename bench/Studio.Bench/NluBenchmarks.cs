using BenchmarkDotNet.Attributes;
using Studio.Core.Recognition;
using Studio.Nlu.Corpus;
using Studio.Nlu.Evaluation;
using Studio.Nlu.Pipeline;

namespace Studio.Bench;

/// <summary>Mean cost and allocations of one recognition (the fast path the engine calls inside a turn).</summary>
[MemoryDiagnoser]
public class NluBenchmarks
{
    private NluPipeline _pipeline = null!;
    private ScriptNlu _nlu = null!;

    [Params("我在开车，晚点再打吧", "不是不需要，就是现在没空", "你们这个活动具体怎么参加", "今天天气还挺热的")]
    public string Text { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var seeds = Path.Combine(Path.GetDirectoryName(LibraryPaths.FindLibrary())!, "seeds", "nlu", "zh-CN");
        var train = Tsv.Read(Path.Combine(seeds, "train-8.tsv"));
        _nlu = ScriptNlu.Create(train, Evaluator.ScriptRulesOf(train), [], new InMemoryModelStore());
        _pipeline = new NluPipeline();
    }

    [Benchmark(Description = "recognise")]
    public IntentResult Recognize() => _pipeline.Recognize(_nlu, Text);
}
