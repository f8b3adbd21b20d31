namespace Studio.Web.Tts;

/// <summary>TTS preview settings (configuration section <c>Studio:Tts</c>).</summary>
public sealed class TtsOptions
{
    public const string Section = "Studio:Tts";

    /// <summary>The espeak-ng executable: a name looked up on the PATH or a full path.</summary>
    public string EspeakPath { get; set; } = "espeak-ng";

    /// <summary>
    /// espeak-ng voice. <c>cmn-latn-pinyin</c> speaks Mandarin with tones; plain <c>cmn</c> in espeak-ng 1.51 reads
    /// the characters as pinyin spelled in English (docs: ../shared/DESIGN.md).
    /// </summary>
    public string Voice { get; set; } = "cmn-latn-pinyin";

    /// <summary>Words per minute (espeak-ng -s); espeak-ng's default of 175 is hurried for Mandarin.</summary>
    public int WordsPerMinute { get; set; } = 150;

    /// <summary>Longest text spoken, in characters: a prompt, not a document.</summary>
    public int MaxTextLength { get; set; } = 500;

    /// <summary>How long one synthesis may take before the process is killed.</summary>
    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>Where WAV files are cached by text hash; default: <c>tts</c> beside the database file.</summary>
    public string? CacheDirectory { get; set; }
}
