namespace Studio.Voice.Emulator;

/// <summary>What the emulated caller does when the application listens (a gather).</summary>
public abstract record CallerAction
{
    /// <summary>Says something after the prompt (speechDetected).</summary>
    public static CallerAction Say(string text, double confidence = 0.92) => new Speak(text, confidence, Interrupting: false);

    /// <summary>Starts talking <paramref name="afterSeconds"/> into the prompt: a barge-in when the gather allows it.</summary>
    public static CallerAction Interrupt(string text, double confidence = 0.9, double afterSeconds = 1) => new Speak(text, confidence, Interrupting: true) { AfterSeconds = afterSeconds };

    /// <summary>Presses keys (dtmfDetected).</summary>
    public static CallerAction Keys(string digits) => new Press(digits);

    /// <summary>Says nothing: jambonz reports a timeout once the gather's timeout has passed after the prompt.</summary>
    public static CallerAction Silence() => new Silent();

    /// <summary>Mumbles: the recogniser reports stt-low-confidence.</summary>
    public static CallerAction Mumble(string text, double confidence = 0.2) => new LowConfidence(text, confidence);

    /// <summary>The recogniser fails: the gather reports reason error.</summary>
    public static CallerAction RecognizerError(string details = "recognizer unavailable") => new SttError(details);

    /// <summary>Hangs up: call:status completed, then the socket closes.</summary>
    public static CallerAction HangUp() => new EndCall("completed");

    /// <summary>The line ends with another status (failed, no-answer, busy).</summary>
    public static CallerAction LineStatus(string status) => new EndCall(status);

    /// <summary>The gateway's socket drops without a word (no call:status): the application must end the call as dropped.</summary>
    public static CallerAction Drop() => new DropSocket();

    /// <summary>The socket drops and jambonz reconnects at once (session:reconnect); then the caller goes on.</summary>
    public static CallerAction Reconnect() => new ReconnectSocket();

    /// <summary>jambonz reports an error of its own (jambonz:error); then the caller goes on.</summary>
    public static CallerAction GatewayError(string error = "tts vendor failure", string verb = "say") => new JambonzError(error, verb);

    public sealed record Speak(string Text, double Confidence, bool Interrupting) : CallerAction
    {
        public double AfterSeconds { get; init; } = 1;
    }

    public sealed record Press(string Digits) : CallerAction;

    public sealed record Silent : CallerAction;

    public sealed record LowConfidence(string Text, double Confidence) : CallerAction;

    public sealed record SttError(string Details) : CallerAction;

    public sealed record EndCall(string Status) : CallerAction;

    public sealed record DropSocket : CallerAction;

    public sealed record ReconnectSocket : CallerAction;

    public sealed record JambonzError(string Error, string Verb) : CallerAction;
}

/// <summary>The caller's side of an emulated call: asked what to do at every gather.</summary>
public interface IEmulatedCaller
{
    ValueTask<CallerAction> NextAsync(GatherRecord gather, CancellationToken cancellationToken);
}

/// <summary>A caller that follows a fixed list of actions and hangs up when the list runs out.</summary>
public sealed class ScriptedCaller(IEnumerable<CallerAction> actions) : IEmulatedCaller
{
    private readonly Queue<CallerAction> _actions = new(actions);

    public ScriptedCaller(params CallerAction[] actions) : this((IEnumerable<CallerAction>)actions)
    {
    }

    public int Remaining => _actions.Count;

    public ValueTask<CallerAction> NextAsync(GatherRecord gather, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_actions.Count > 0 ? _actions.Dequeue() : CallerAction.HangUp());
}
