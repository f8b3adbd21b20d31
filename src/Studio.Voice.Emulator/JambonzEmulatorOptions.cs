namespace Studio.Voice.Emulator;

/// <summary>How the emulator reaches the application and how it plays jambonz.</summary>
public sealed class JambonzEmulatorOptions
{
    public const string JambonzSubprotocol = "ws.jambonz.org";

    /// <summary>The application's WebSocket URL (ws://127.0.0.1:5000/voice/jambonz).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Subprotocol offered on the upgrade; tests change it to check refusals.</summary>
    public string? Subprotocol { get; init; } = JambonzSubprotocol;

    /// <summary>Basic auth, as a jambonz application webhook with user and password sends it.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>A bearer token (Authorization header, or the token query parameter with <see cref="TokenInQuery"/>).</summary>
    public string? Token { get; init; }

    public bool TokenInQuery { get; init; }

    /// <summary>jambonz hangs up when a session:new is not acked in 5 s; the emulator holds every ack to it.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throw <see cref="JambonzEmulatorException"/> on a protocol violation (late ack, wrong msgid) instead of only recording it.</summary>
    public bool Strict { get; init; } = true;

    /// <summary>TTS speaking rate on the virtual clock (Mandarin: about 4 characters a second).</summary>
    public double CharactersPerSecond { get; init; } = 4;

    /// <summary>Which of the two documented speech result shapes verb:hook uses.</summary>
    public SpeechShape SpeechShape { get; init; } = SpeechShape.Alternate;

    /// <summary>How long an agent talks after a transfer, on the virtual clock.</summary>
    public TimeSpan AgentTalkTime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Wall-clock pause before each answer, jittered 50–150 % (zero by default: calls run on the virtual clock only). A load run sets
    /// it so that many calls are open at the same time, as on a real day of calling; it is never part of the
    /// measured turn time.
    /// </summary>
    public TimeSpan CallerPause { get; init; } = TimeSpan.Zero;

    /// <summary>The dial result reported to a dial's actionHook: completed, failed, no-answer, busy.</summary>
    public string DialResult { get; init; } = "completed";
}

/// <summary>The shapes of a speech result in jambonz's documentation.</summary>
public enum SpeechShape
{
    /// <summary><c>data.speech.alternatives[0]</c> (the gather page).</summary>
    Alternatives,

    /// <summary><c>data.speech.transcripts[0].alternatives[0]</c> (the verb:hook reference example).</summary>
    Transcripts,

    /// <summary>Alternate between the two, turn by turn.</summary>
    Alternate,
}

/// <summary>The application broke the jambonz protocol (late or missing ack, wrong msgid, refused connection).</summary>
public sealed class JambonzEmulatorException(string message, Exception? inner = null) : Exception(message, inner);
