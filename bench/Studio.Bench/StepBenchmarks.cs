using BenchmarkDotNet.Attributes;
using Studio.Core.Dialogs;
using Studio.Core.Recognition;

namespace Studio.Bench;

/// <summary>Latency and allocations of single engine steps on library scripts.</summary>
[MemoryDiagnoser]
public class StepBenchmarks
{
    private DialogEngine _engine = null!;
    private ConversationPath _path = null!;
    private ConversationState _afterStart = null!;
    private TurnInput _firstInput = null!;

    [ParamsSource(nameof(Scripts))]
    public string Story { get; set; } = "";

    public static IEnumerable<string> Scripts() =>
        LibraryPaths.Load(LibraryPaths.FindLibrary()).GroupBy(p => p.Script.Script.Id).Select(g => g.First().Name);

    [GlobalSetup]
    public void Setup()
    {
        _engine = new DialogEngine(new KeywordRecognizer(), TimeProvider.System);
        _path = LibraryPaths.Load(LibraryPaths.FindLibrary()).First(p => p.Name == Story);
        _afterStart = _engine.Step(_path.Script, null, TurnInput.Begin(_path.Start)).State;
        _firstInput = _path.Inputs.FirstOrDefault() ?? TurnInput.Silence();
    }

    [Benchmark(Description = "start")]
    public TurnResult Start() => _engine.Step(_path.Script, null, TurnInput.Begin(_path.Start));

    [Benchmark(Description = "first member turn")]
    public TurnResult FirstTurn() => _engine.Step(_path.Script, _afterStart, _firstInput);

    [Benchmark(Description = "no input")]
    public TurnResult NoInput() => _engine.Step(_path.Script, _afterStart, TurnInput.Silence());
}
