using System.Diagnostics;
using MlNetSer.Audio;
using MlNetSer.IO;

namespace MlNetSer.Tests.Audio;

/// <summary>
/// What a hostile or unlucky file system hands the decoder: FIFOs and devices (never opened), compressed files cut
/// short (an error stating the decoded and the declared length), sample rates no recording has.
/// </summary>
public sealed class HostileFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [FifoFact]
    public void AFifoIsRefusedBeforeItIsOpened()
    {
        var fifo = SpecialFiles.MakeFifo(_dir.File("x.wav"));

        var error = SpecialFiles.WithoutBlocking(() => Assert.Throws<AudioDecodingException>(() => AudioReader.Open(fifo)));

        Assert.Equal($"{fifo}: is a named pipe (FIFO), not a regular file; only regular files are read", error.Message);
        Assert.Equal(FileKind.Fifo, FileKinds.Of(fifo));
    }

    [Fact]
    public void ACharacterDeviceIsRefused()
    {
        if (!File.Exists("/dev/zero"))
            return;

        var error = Assert.Throws<AudioDecodingException>(() => AudioReader.Verify("/dev/zero"));

        Assert.Contains("is a character device, not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileKindsTellsFilesFoldersAndLinks()
    {
        var file = _dir.Write("a.wav", [1, 2, 3]);
        Assert.Equal(FileKind.Regular, FileKinds.Of(file));
        Assert.Equal(FileKind.Directory, FileKinds.Of(_dir.Path));
        Assert.Equal(FileKind.Missing, FileKinds.Of(_dir.File("none")));
        var link = _dir.File("link.wav");
        File.CreateSymbolicLink(link, file);
        Assert.Equal(FileKind.Regular, FileKinds.Of(link));
        Assert.Equal(FileKind.SymbolicLink, FileKinds.Of(link, followLinks: false));
    }

    [Fact]
    public void AnMp3CutShortIsAnErrorStatingBothLengths()
    {
        var whole = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "tone1k-stereo-44100.mp3"));
        var cut = _dir.Write("cut.mp3", whole[..(whole.Length * 2 / 5)]);

        var error = Assert.Throws<AudioDecodingException>(() => AudioReader.Load(cut));

        Assert.StartsWith($"{cut}: the file is truncated: its audio ends after 0.", error.Message, StringComparison.Ordinal);
        Assert.Contains("but its header declares 0.5", error.Message, StringComparison.Ordinal);
        Assert.Throws<AudioDecodingException>(() => AudioReader.Verify(cut));
        // The whole file is fine, and Verify reports its decoded length.
        Assert.InRange(AudioReader.Verify(Path.Combine(AppContext.BaseDirectory, "Data", "tone1k-stereo-44100.mp3")).DurationSeconds, 0.45, 0.6);
    }

    [FfmpegFact]
    public void AFlacCutAtSixtyPercentIsAnError()
    {
        var wav = TestWav.Write(_dir.Path, "tone.wav", 2.0, sampleRate: 22050);
        var flac = _dir.File("tone.flac");
        Encode(wav, flac);
        var whole = File.ReadAllBytes(flac);
        var cut = _dir.Write("cut.flac", whole[..(whole.Length * 6 / 10)]);

        var error = Assert.Throws<AudioDecodingException>(() => AudioReader.Load(cut));

        Assert.Contains("the file is truncated: its audio ends after 1.", error.Message, StringComparison.Ordinal);
        Assert.Contains("but its header declares 2 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(2.0, AudioReader.Verify(flac).DurationSeconds, 3);
    }

    [Theory]
    [InlineData(2_147_483_647)]
    [InlineData(1_000_000)]
    [InlineData(999)]
    public void ASampleRateOutsideTheRangeIsRefusedAtOnce(int rate)
    {
        var path = new WavBuilder { SampleRate = (uint)rate, Data = WavBuilder.Int16(1, 2, 3, 4) }.WriteTo(_dir.Path, "rate.wav");

        var error = Assert.Throws<AudioDecodingException>(() => AudioReader.Open(path));

        Assert.Equal($"{path}: the sample rate of {rate} Hz is outside the range read (1000 to 768000 Hz)", error.Message);
        Assert.Throws<AudioDecodingException>(() => AudioReader.FromSamples([0f, 1f], rate));
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(768_000)]
    public void TheEndsOfTheRangeAreRead(int rate)
    {
        var path = new WavBuilder { SampleRate = (uint)rate, Data = WavBuilder.Int16(1, 2, 3, 4) }.WriteTo(_dir.Path, "edge.wav");

        Assert.Equal(rate, AudioReader.Verify(path).SampleRate);
    }

    private static void Encode(string input, string output)
    {
        var start = new ProcessStartInfo(FfmpegLocator.FromEnvironment()!.Ffmpeg) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-v", "error", "-nostdin", "-i", input, "-y", output])
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg failed: {errors}");
    }
}
