using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Studio.Web.Tts;

/// <summary>
/// Speaks with espeak-ng (Debian package <c>espeak-ng</c>): one process per text, the text on stdin (never on the
/// command line), WAV on stdout, killed after a timeout. Mandarin through the <c>cmn-latn-pinyin</c> voice.
/// </summary>
public sealed partial class EspeakNgTtsProvider(TtsOptions options) : ITtsProvider
{
    public const string Name = "espeak-ng";

    /// <summary>What the studio tells a user when espeak-ng is missing (the UI shows its own localised text).</summary>
    public static string MissingMessage(string path) =>
        $"espeak-ng is not installed (could not start '{path}'): install the Debian package espeak-ng (apt-get install espeak-ng) or set {TtsOptions.Section}:EspeakPath";

    private TtsStatus? _available;

    public async ValueTask<TtsStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        // Remember success only: after an install the next check finds espeak-ng without a restart.
        if (_available is { } known)
        {
            return known;
        }
        try
        {
            var (exit, _, error) = await RunAsync(["--version"], null, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            if (exit != 0)
            {
                return new TtsStatus(false, Name, $"espeak-ng --version exited with {exit}: {FirstLine(error)}");
            }
            return _available = new TtsStatus(true, Name);
        }
        catch (TtsException ex)
        {
            return new TtsStatus(false, Name, ex.Message);
        }
    }

    public async Task<byte[]> SynthesizeAsync(string text, string? voice = null, CancellationToken cancellationToken = default)
    {
        var spoken = CheckText(text, options.MaxTextLength);
        var chosen = CheckVoice(voice ?? options.Voice);
        // espeak-ng falls back to English for a voice it does not know, silently: check the name first.
        var voices = await VoicesAsync(cancellationToken).ConfigureAwait(false);
        if (!voices.Contains(chosen))
        {
            throw new ArgumentException($"espeak-ng has no voice '{chosen}' (Mandarin: cmn-latn-pinyin; list: espeak-ng --voices)", nameof(voice));
        }
        string[] arguments =
        [
            "-v", chosen,
            "-s", options.WordsPerMinute.ToString(CultureInfo.InvariantCulture),
            "-b", "1", // the text is UTF-8 whatever the process locale says
            "--stdout",
        ];
        var (exit, audio, error) = await RunAsync(arguments, spoken, TimeSpan.FromSeconds(options.TimeoutSeconds), cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            throw new TtsException($"espeak-ng exited with {exit} (voice '{chosen}'): {FirstLine(error)}");
        }
        if (!WavHeader.FixSizes(audio))
        {
            throw new TtsException($"espeak-ng returned no WAV audio ({WavHeader.Describe(audio)}){(error.Length > 0 ? ": " + FirstLine(error) : "")}");
        }
        return audio;
    }

    private HashSet<string>? _voices;

    /// <summary>Languages, voice names and voice files espeak-ng accepts for -v (from <c>espeak-ng --voices</c>).</summary>
    private async Task<HashSet<string>> VoicesAsync(CancellationToken cancellationToken)
    {
        if (_voices is { } known)
        {
            return known;
        }
        var (exit, output, error) = await RunAsync(["--voices"], null, TimeSpan.FromSeconds(options.TimeoutSeconds), cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            throw new TtsException($"espeak-ng --voices exited with {exit}: {FirstLine(error)}");
        }
        var voices = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // Columns: Pty Language Age/Gender VoiceName File Other-languages.
        foreach (var line in Encoding.UTF8.GetString(output).Split('\n').Skip(1))
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length >= 5)
            {
                voices.Add(columns[1]);
                voices.Add(columns[3]);
                voices.Add(columns[4]);
                voices.Add(Path.GetFileName(columns[4]));
            }
        }
        return _voices = voices;
    }

    /// <summary>The text to speak, on one line; throws when it is empty or longer than <paramref name="max"/>.</summary>
    public static string CheckText(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spoken = WhiteSpace().Replace(text, " ").Trim();
        if (spoken.Length == 0)
        {
            throw new ArgumentException("there is no text to speak", nameof(text));
        }
        if (spoken.Length > max)
        {
            throw new ArgumentException($"the text is {spoken.Length} characters long; the preview speaks at most {max}", nameof(text));
        }
        return spoken;
    }

    public static string CheckVoice(string voice) =>
        VoiceName().IsMatch(voice) ? voice : throw new ArgumentException($"'{voice}' is not a voice name (letters, digits, - _ +)", nameof(voice));

    private async Task<(int Exit, byte[] Output, string Error)> RunAsync(string[] arguments, string? input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.EspeakPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new TtsUnavailableException(MissingMessage(options.EspeakPath), ex);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var output = new MemoryStream();
            var reading = process.StandardOutput.BaseStream.CopyToAsync(output, deadline.Token);
            var error = process.StandardError.ReadToEndAsync(deadline.Token);
            try
            {
                if (input is not null)
                {
                    await process.StandardInput.WriteLineAsync(input.AsMemory(), deadline.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                process.StandardInput.Close();
            }
            await Task.WhenAll(reading, error).ConfigureAwait(false);
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return (process.ExitCode, output.ToArray(), await error.ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            throw new TtsException($"espeak-ng did not finish within {timeout.TotalSeconds:0} s and was stopped");
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Trim().Split('\n', 2)[0].Trim();
        return line.Length == 0 ? "(no message)" : line;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"^[A-Za-z0-9_+\-]{1,40}$")]
    private static partial Regex VoiceName();
}
