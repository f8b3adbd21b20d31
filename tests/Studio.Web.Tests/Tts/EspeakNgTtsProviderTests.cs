using Studio.Web.Tts;

namespace Studio.Web.Tests.Tts;

/// <summary>The real espeak-ng (Debian package espeak-ng; ./test.sh installs it).</summary>
public sealed class EspeakNgTtsProviderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("studio-tts-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Espeak_ng_speaks_Mandarin_as_a_RIFF_WAVE_file_with_its_real_sizes()
    {
        var tts = new EspeakNgTtsProvider(new TtsOptions());
        var status = await tts.GetStatusAsync();
        Assert.True(status.Available, status.Problem);

        var wav = await tts.SynthesizeAsync("您好,我是速品会员中心的智能客服,送您三十元无门槛优惠券。");

        Assert.True(WavHeader.IsWave(wav));
        Assert.Equal(wav.Length - 8, BitConverter.ToInt32(wav, 4));
        var data = WavHeader.DataSize(wav);
        Assert.InRange(data, 22050, wav.Length); // over half a second of 22 kHz 16-bit audio
        Assert.Equal(wav.Length - 44, data);
    }

    [Fact]
    public async Task A_cached_text_is_served_from_disk_without_running_espeak_ng_again()
    {
        var cache = new CachingTtsProvider(new EspeakNgTtsProvider(new TtsOptions()), _dir.FullName, "cmn-latn-pinyin");
        var first = await cache.SynthesizeAsync("好的,稍后加您企业微信");
        var second = await cache.SynthesizeAsync("好的,稍后加您企业微信");

        Assert.Equal(first, second);
        Assert.Equal(1, cache.Misses);
        Assert.Equal(1, cache.Hits);
        Assert.True(File.Exists(cache.PathOf("好的,稍后加您企业微信", "cmn-latn-pinyin")));

        // After a restart, with espeak-ng gone, the cached prompt still plays; a new one cannot.
        var restarted = new CachingTtsProvider(new EspeakNgTtsProvider(new TtsOptions { EspeakPath = "/nonexistent/espeak-ng" }), _dir.FullName, "cmn-latn-pinyin");
        Assert.Equal(first, await restarted.SynthesizeAsync("好的,稍后加您企业微信"));
        await Assert.ThrowsAsync<TtsUnavailableException>(() => restarted.SynthesizeAsync("新的话术"));
    }

    [Fact]
    public async Task A_missing_espeak_ng_is_a_clear_unavailable_error_not_a_crash()
    {
        var tts = new EspeakNgTtsProvider(new TtsOptions { EspeakPath = Path.Combine(_dir.FullName, "espeak-ng") });

        var status = await tts.GetStatusAsync();
        Assert.False(status.Available);
        Assert.Contains("apt-get install espeak-ng", status.Problem, StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<TtsUnavailableException>(() => tts.SynthesizeAsync("您好"));
        Assert.Contains("espeak-ng is not installed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_and_too_long_text_and_odd_voice_names_are_refused_before_any_process_runs()
    {
        var tts = new EspeakNgTtsProvider(new TtsOptions { MaxTextLength = 10, EspeakPath = "/nonexistent/espeak-ng" });

        var empty = await Assert.ThrowsAsync<ArgumentException>(() => tts.SynthesizeAsync("  \n "));
        Assert.Contains("no text", empty.Message, StringComparison.Ordinal);
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => tts.SynthesizeAsync(new string('好', 11)));
        Assert.Contains("11 characters", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("at most 10", tooLong.Message, StringComparison.Ordinal);
        var voice = await Assert.ThrowsAsync<ArgumentException>(() => tts.SynthesizeAsync("您好", "cmn --stdout /etc/passwd"));
        Assert.Contains("not a voice name", voice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_voice_is_refused_rather_than_read_in_English()
    {
        var tts = new EspeakNgTtsProvider(new TtsOptions());
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => tts.SynthesizeAsync("您好", "no-such-voice"));
        Assert.Contains("no voice 'no-such-voice'", ex.Message, StringComparison.Ordinal);
        Assert.True(WavHeader.IsWave(await tts.SynthesizeAsync("您好", "cmn")));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_synthesiser_that_hangs_is_stopped_after_the_timeout()
    {
        var hanging = Path.Combine(_dir.FullName, "hanging-tts");
        await File.WriteAllTextAsync(hanging, "#!/bin/sh\nexec sleep 30\n");
        File.SetUnixFileMode(hanging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var tts = new EspeakNgTtsProvider(new TtsOptions { EspeakPath = hanging, TimeoutSeconds = 1 });

        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAsync<TtsException>(() => tts.SynthesizeAsync("您好"));
        Assert.Contains("did not finish within 1 s", ex.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "the hanging process was waited for instead of killed");
    }
}
