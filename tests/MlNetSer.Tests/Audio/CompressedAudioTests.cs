using System.Diagnostics;
using MlNetSer.Audio;

namespace MlNetSer.Tests.Audio;

/// <summary>MP3 through NLayer, everything else through the ffmpeg program.</summary>
public sealed class CompressedAudioTests : IDisposable
{
    private static readonly IEnumerable<double> Candidates = Enumerable.Range(2, 79).Select(i => i * 50.0);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Mp3FixtureDecodesToItsTone()
    {
        // Data/tone1k-stereo-44100.mp3, 0.5 s of a 1 kHz sine at amplitude 0.5 in both channels:
        // ffmpeg -f lavfi -i "aevalsrc=0.5*sin(2*PI*1000*t)|0.5*sin(2*PI*1000*t):s=44100:d=0.5" -c:a libmp3lame -b:a 64k
        // LAME's encode comes out 0.45 dB low (ffmpeg's own decoder measures the same).
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "tone1k-stereo-44100.mp3");
        var clip = AudioReader.Load(path);

        Assert.Equal("mp3", clip.Source.Format);
        Assert.Equal((44100, 2), (clip.Source.SampleRate, clip.Source.Channels));
        Assert.InRange(clip.Source.DurationSeconds, 0.45, 0.6);
        var middle = clip.Samples.AsSpan(2205, 6615); // 0.1–0.4 s: 300 whole cycles of 1 kHz
        Assert.Equal(1000.0, Signals.DominantFrequency(middle, 22050, Candidates));
        Assert.InRange(Signals.Db(Signals.Amplitude(middle, 1000, 22050) / 0.5), -0.6, -0.3);
    }

    [Fact]
    public void Mp3StreamsTheSameSamplesAsLoad()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "tone1k-stereo-44100.mp3");
        var loaded = AudioReader.Load(path);
        using var stream = AudioReader.Open(path);
        var streamed = new List<float>();
        var buffer = new float[333];
        int got;
        while ((got = stream.Read(buffer)) > 0)
        {
            streamed.AddRange(buffer.AsSpan(0, got));
        }

        Assert.Equal(loaded.Samples, streamed);
    }

    [FfmpegFact]
    public void FlacDecodedByFfmpegEqualsTheSameSignalAsWav()
    {
        // FLAC is lossless: ffmpeg's decode of it must equal our own decode of the same 16-bit samples.
        var wav = MakeWithFfmpeg("tone.wav", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000:duration=0.5", "-ac", "2", "-c:a", "pcm_s16le");
        var flac = MakeWithFfmpeg("tone.flac", "-i", wav, "-c:a", "flac");

        var fromWav = AudioReader.Load(wav);
        var fromFlac = AudioReader.Load(flac);
        Assert.Equal("ffmpeg/flac", fromFlac.Source.Format);
        Assert.Equal((48000, 2, 0.5), (fromFlac.Source.SampleRate, fromFlac.Source.Channels, fromFlac.Source.DurationSeconds));
        Assert.Equal(fromWav.Samples, fromFlac.Samples);
        Assert.Equal(1000.0, Signals.DominantFrequency(fromFlac.Samples.AsSpan(1000, 8820), 22050, Candidates));
    }

    [FfmpegFact]
    public void OggVorbisDecodesToItsTone()
    {
        var ogg = MakeWithFfmpeg("tone.ogg", "-f", "lavfi", "-i", "sine=frequency=1500:sample_rate=44100:duration=0.5", "-af", "volume=4", "-c:a", "libvorbis");
        var clip = AudioReader.Load(ogg);
        Assert.Equal("ffmpeg/vorbis", clip.Source.Format);
        var middle = clip.Samples.AsSpan(2205, 6615);
        Assert.Equal(1500.0, Signals.DominantFrequency(middle, 22050, Candidates));
        Assert.InRange(Signals.Db(Signals.Amplitude(middle, 1500, 22050) / 0.5), -0.5, 0.5);
    }

    [FfmpegFact]
    public void AviSoundtrackIsReadThroughFfmpeg()
    {
        // An AVI is a RIFF file too, but not RIFF/WAVE: it must go to ffmpeg, not to the WAV reader.
        var avi = MakeWithFfmpeg(
            "clip.avi",
            "-f", "lavfi", "-i", "testsrc=duration=0.5:size=32x32:rate=10",
            "-f", "lavfi", "-i", "sine=frequency=2000:sample_rate=16000:duration=0.5",
            "-c:v", "mpeg4", "-c:a", "pcm_s16le", "-shortest");
        var clip = AudioReader.Load(avi);
        Assert.Equal("ffmpeg/pcm_s16le", clip.Source.Format);
        Assert.Equal(2000.0, Signals.DominantFrequency(clip.Samples.AsSpan(1000, 8820), 22050, Candidates));
    }

    [FfmpegFact]
    public void VideoWithoutAudioIsAClearError()
    {
        var mp4 = MakeWithFfmpeg("silent-film.mp4", "-f", "lavfi", "-i", "testsrc=duration=0.3:size=32x32:rate=10", "-c:v", "mpeg4", "-an");
        var error = Assert.Throws<AudioDecodingException>(() => AudioReader.Load(mp4));
        Assert.Equal($"{mp4}: the file has no audio stream", error.Message);
    }

    [FfmpegFact]
    public void DisposingAStreamStopsFfmpeg()
    {
        var flac = MakeWithFfmpeg("long.flac", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000:duration=120", "-c:a", "flac");
        var decoder = FfmpegDecoder.Open(flac);
        var process = Process.GetProcessById(decoder.ProcessId);
        decoder.Read(new float[1000]);
        Assert.False(process.HasExited);

        decoder.Dispose();
        Assert.True(process.WaitForExit(10_000), "ffmpeg still runs after Dispose");
    }

    [Fact]
    public void MissingFfmpegSaysHowToInstallIt()
    {
        var avi = _dir.Write("clip.avi", "RIFF\x04\0\0\0AVI LIST"u8.ToArray());
        var tools = FfmpegLocator.Locate(ffmpegOverride: null, searchPath: _dir.Path);
        Assert.Null(tools);

        var error = Assert.Throws<AudioDecodingException>(() => FfmpegDecoder.Open(avi, tools));
        Assert.Equal(
            $"{avi}: .avi is decoded with the ffmpeg program, which is not installed (Debian/Ubuntu: sudo apt-get install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg)",
            error.Message);
    }

    [Fact]
    public void FfmpegThatCannotRunIsAClearError()
    {
        var ogg = _dir.Write("clip.ogg", "OggS\0\u0002"u8.ToArray());
        var notAProgram = _dir.Write("ffmpeg", "just text"u8.ToArray());
        var error = Assert.Throws<AudioDecodingException>(() => FfmpegDecoder.Open(ogg, new FfmpegTools(notAProgram, notAProgram)));
        Assert.StartsWith($"{ogg}: {notAProgram} could not be started: ", error.Message);
    }

    [Fact]
    public void FfmpegOverridePathIsUsedAsIs()
    {
        Assert.Null(FfmpegLocator.Locate(_dir.File("no-such-ffmpeg"), searchPath: "/usr/bin"));

        var fake = _dir.Write("my-ffmpeg", []);
        var ffprobe = _dir.Write("ffprobe", []);
        Assert.Equal(new FfmpegTools(fake, ffprobe), FfmpegLocator.Locate(fake, searchPath: null));
    }

    [Theory]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 0, 0, 0, 0, (byte)'W', (byte)'A', (byte)'V', (byte)'E' }, "x.bin", "Wav")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 0, 0, 0, 0, (byte)'A', (byte)'V', (byte)'I', (byte)' ' }, "x.avi", "Ffmpeg")]
    [InlineData(new byte[] { (byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 0, 0, 0 }, "x", "Mp3")]
    [InlineData(new byte[] { 0xFF, 0xFB, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0 }, "x.dat", "Mp3")]
    [InlineData(new byte[] { 0xFF, 0xF1, 0x50, 0x80, 0, 0, 0, 0, 0, 0, 0, 0 }, "x.aac", "Ffmpeg")] // ADTS AAC
    [InlineData(new byte[] { (byte)'f', (byte)'L', (byte)'a', (byte)'C', 0, 0, 0, 34, 0, 0, 0, 0 }, "x.wav", "Wav")]
    [InlineData(new byte[] { (byte)'N', (byte)'I', (byte)'S', (byte)'T', (byte)'_', (byte)'1', (byte)'A', 10, 0, 0, 0, 0 }, "SA1.WAV", "Ffmpeg")]
    [InlineData(new byte[] { (byte)'O', (byte)'g', (byte)'g', (byte)'S', 0, 2, 0, 0, 0, 0, 0, 0 }, "x.ogg", "Ffmpeg")]
    [InlineData(new byte[] { (byte)'n', (byte)'o', (byte)'t', (byte)'e' }, "x.mp3", "Mp3")]
    public void DecoderIsChosenByContentThenExtension(byte[] header, string name, string expected)
        => Assert.Equal(expected, AudioFormatDetector.Detect(header, name).ToString());

    private string MakeWithFfmpeg(string name, params string[] arguments)
    {
        var output = _dir.File(name);
        var start = new ProcessStartInfo(FfmpegLocator.FromEnvironment()!.Ffmpeg) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-v", "error", "-nostdin", .. arguments, "-y", output])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg failed to make {name}: {errors}");
        return output;
    }
}
