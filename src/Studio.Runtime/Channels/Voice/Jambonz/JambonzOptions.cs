namespace Studio.Runtime.Channels.Voice.Jambonz;

/// <summary>Settings of the jambonz WebSocket endpoint (configuration section <c>Voice:Jambonz</c>).</summary>
public sealed class JambonzOptions
{
    public const string Section = "Voice:Jambonz";

    /// <summary>The only WebSocket subprotocol jambonz speaks.</summary>
    public const string Subprotocol = "ws.jambonz.org";

    /// <summary>Basic-auth user name jambonz sends on the upgrade (the application's webhook user).</summary>
    public string? Username { get; set; }

    /// <summary>Basic-auth password (set it from the environment: Voice__Jambonz__Password).</summary>
    public string? Password { get; set; }

    /// <summary>A shared token accepted as <c>Authorization: Bearer …</c> or as the <c>token</c> query parameter.</summary>
    public string? Token { get; set; }

    /// <summary>Accept connections without credentials. Off by default: with no credentials configured, every upgrade is refused.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Hook name of our gather verbs; jambonz echoes it in verb:hook.</summary>
    public string TurnHook { get; set; } = "/turn";

    /// <summary>Hook name of our dial verbs (the transfer's result).</summary>
    public string DialHook { get; set; } = "/dial";

    /// <summary>Keys a gather collects before it returns (1 suits the 1/2 menus of call scripts); 0 waits for # instead.</summary>
    public int DtmfDigits { get; set; } = 1;

    /// <summary>Words the caller must say before a barge-in stops the prompt.</summary>
    public int MinBargeinWordCount { get; set; } = 1;

    /// <summary>TTS voice for the whole call (a <c>config</c> verb in the opening); jambonz's application default when unset.</summary>
    public JambonzSpeechOptions? Synthesizer { get; set; }

    /// <summary>Speech recogniser for the whole call; jambonz's application default when unset.</summary>
    public JambonzSpeechOptions? Recognizer { get; set; }

    /// <summary>Largest message accepted from jambonz (a session:new with SIP headers is a few KB).</summary>
    public int MaxMessageBytes { get; set; } = 256 * 1024;

    /// <summary>WebSocket keep-alive pings.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    public bool HasCredentials => !string.IsNullOrEmpty(Token) || (!string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password));
}

/// <summary>A speech vendor choice: vendor, language and (for TTS) voice, as jambonz names them.</summary>
public sealed class JambonzSpeechOptions
{
    /// <summary>e.g. microsoft, google, aws, tencent, or a custom vendor label configured in jambonz.</summary>
    public string Vendor { get; set; } = "";

    public string? Language { get; set; } = "zh-CN";

    /// <summary>TTS only: e.g. zh-CN-XiaoxiaoNeural.</summary>
    public string? Voice { get; set; }

    /// <summary>The label of the credential in jambonz, when an account has several for one vendor.</summary>
    public string? Label { get; set; }
}
