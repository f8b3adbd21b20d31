using System.Security.Cryptography;
using System.Text;

namespace Studio.Web.Tts;

/// <summary>
/// Keeps every WAV a provider made on disk, named by the hash of voice and text: a prompt is synthesised once,
/// however often it is played, and the cache survives restarts. Files are written whole (temp file, then rename).
/// </summary>
public sealed class CachingTtsProvider(ITtsProvider inner, string directory, string defaultVoice) : ITtsProvider
{
    private long _hits;
    private long _misses;

    public string Directory { get; } = directory;
    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);

    public ValueTask<TtsStatus> GetStatusAsync(CancellationToken cancellationToken = default) => inner.GetStatusAsync(cancellationToken);

    public async Task<byte[]> SynthesizeAsync(string text, string? voice = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var path = PathOf(text, voice ?? defaultVoice);
        if (File.Exists(path))
        {
            try
            {
                var cached = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
                if (WavHeader.IsWave(cached))
                {
                    Interlocked.Increment(ref _hits);
                    return cached;
                }
            }
            catch (IOException)
            {
                // Being replaced right now: synthesise again.
            }
        }
        Interlocked.Increment(ref _misses);
        var audio = await inner.SynthesizeAsync(text, voice, cancellationToken).ConfigureAwait(false);
        System.IO.Directory.CreateDirectory(Directory);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, audio, cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
        return audio;
    }

    /// <summary>The cache file of a text in a voice.</summary>
    public string PathOf(string text, string voice)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(voice + "\n" + text));
        return Path.Combine(Directory, Convert.ToHexStringLower(hash) + ".wav");
    }
}
