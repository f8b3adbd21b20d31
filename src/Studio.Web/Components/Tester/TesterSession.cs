using System.Diagnostics;
using Studio.Core.Dialogs;
using Studio.Core.Testing.Stories;

namespace Studio.Web.Components.Tester;

/// <summary>One turn of a tester conversation: what came in, what the engine did, the variables after it.</summary>
public sealed record TesterTurn(int Number, TurnInput Input, TurnResult Result)
{
    /// <summary>Time the engine (recognition included) took for this turn.</summary>
    public TimeSpan Elapsed { get; init; }

    public bool IsOpening => Input.Kind == InputKind.Start;
}

/// <summary>
/// A conversation in the tester, on the same engine (and recogniser) as the runtime: the UI-free part of the chat
/// tester, so it is tested without a browser. It keeps the transcript, the path through the script and a
/// <see cref="StoryRecorder"/> that turns the transcript into a story test.
/// </summary>
public sealed class TesterSession
{
    private readonly DialogEngine _engine;
    private readonly List<TesterTurn> _turns = [];
    private readonly List<string> _path = [];
    private StoryRecorder _recorder;

    public TesterSession(CompiledScript script, DialogEngine engine, ConversationStart start)
    {
        Script = script;
        _engine = engine;
        Start = start;
        _recorder = new StoryRecorder(start);
    }

    public CompiledScript Script { get; }
    public ConversationStart Start { get; }
    public IReadOnlyList<TesterTurn> Turns => _turns;
    public ConversationState? State => _turns.Count == 0 ? null : _turns[^1].Result.State;
    public bool Ended => State?.IsEnded == true;

    /// <summary>Node ids entered since the start, in order (what the designer lights up).</summary>
    public IReadOnlyList<string> Path => _path;

    /// <summary>(Re)starts the conversation: the opening turn.</summary>
    public TesterTurn Begin()
    {
        _turns.Clear();
        _path.Clear();
        _recorder = new StoryRecorder(Start);
        return Step(TurnInput.Begin(Start));
    }

    public TesterTurn Say(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return Step(TurnInput.Say(text.Trim()));
    }

    public TesterTurn Silence() => Step(TurnInput.Silence());

    /// <summary>Keypad digits: 0–9, * and #.</summary>
    public TesterTurn Keys(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        var keys = digits.Trim();
        if (keys.Length == 0 || !keys.All(c => char.IsAsciiDigit(c) || c is '*' or '#'))
        {
            throw new ArgumentException($"'{digits}' is not a key sequence: use 0-9, * and #", nameof(digits));
        }
        return Step(TurnInput.Keys(keys));
    }

    public TesterTurn HangUp() => Step(TurnInput.HangUp());

    /// <summary>A timer fires (a WeCom follow-up the script scheduled).</summary>
    public TesterTurn Timer(string name = "followup") => Step(TurnInput.TimerFired(name));

    /// <summary>The transcript as a story (docs/stories.md) named <paramref name="name"/>.</summary>
    public Story ToStory(string name) => _recorder.ToStory(name);

    private TesterTurn Step(TurnInput input)
    {
        if (input.Kind != InputKind.Start)
        {
            if (_turns.Count == 0)
            {
                throw new InvalidOperationException("the conversation has not started");
            }
            if (Ended)
            {
                throw new InvalidOperationException($"the conversation has ended ({State!.Outcome}); restart to talk again");
            }
        }
        var started = Stopwatch.GetTimestamp();
        var result = _engine.Step(Script, input.Kind == InputKind.Start ? null : State, input);
        var turn = new TesterTurn(_turns.Count, input, result) { Elapsed = Stopwatch.GetElapsedTime(started) };
        _turns.Add(turn);
        _path.AddRange(result.Path);
        _recorder.Record(input, result);
        return turn;
    }
}
