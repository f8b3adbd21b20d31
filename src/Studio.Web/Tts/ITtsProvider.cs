namespace Studio.Web.Tts;

/// <summary>
/// Speaks text for the studio's preview (试听): espeak-ng on this machine by default; a cloud voice can be
/// registered instead behind the same interface.
/// </summary>
public interface ITtsProvider
{
    /// <summary>Whether the provider can speak at all here (e.g. espeak-ng is installed), with the reason when not.</summary>
    ValueTask<TtsStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A WAV file of the text. Throws <see cref="TtsUnavailableException"/> when the provider is missing,
    /// <see cref="ArgumentException"/> for empty or too long text or a bad voice name, <see cref="TtsException"/>
    /// when synthesis fails or times out.
    /// </summary>
    Task<byte[]> SynthesizeAsync(string text, string? voice = null, CancellationToken cancellationToken = default);
}

/// <summary>Whether a provider can speak, and why not.</summary>
public sealed record TtsStatus(bool Available, string Provider, string? Problem = null);

/// <summary>Synthesis failed (bad exit code, timeout, no audio).</summary>
public class TtsException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The speech synthesiser is not installed or cannot be started.</summary>
public sealed class TtsUnavailableException(string message, Exception? inner = null) : TtsException(message, inner);
