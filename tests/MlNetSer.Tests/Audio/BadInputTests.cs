using System.Text;
using MlNetSer.Audio;

namespace MlNetSer.Tests.Audio;

/// <summary>Every bad input raises <see cref="AudioDecodingException"/> naming the file and the problem.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void MissingFile() => AssertFails(_dir.File("nowhere.wav"), "file not found");

    [Fact]
    public void Directory() => AssertFails(_dir.Path, "is a directory");

    [Fact]
    public void EmptyFile() => AssertFails(_dir.Write("empty.wav", []), "the file is empty (0 bytes)");

    [Fact]
    public void EmptyFileWithAnUnknownExtension() => AssertFails(_dir.Write("empty.ogg", []), "the file is empty (0 bytes)");

    [Fact]
    public void TruncatedRiffHeader() => AssertFails(_dir.Write("short.wav", "RIFF\x10\0"u8.ToArray()), "truncated WAV header: the file has 6 bytes");

    [Fact]
    public void HeaderEndingBeforeTheFmtChunk()
        => AssertFails(_dir.Write("bare.wav", "RIFF\x04\0\0\0WAVE"u8.ToArray()), "truncated WAV header: the file ends before the fmt chunk");

    [Fact]
    public void HeaderEndingBeforeTheDataChunk()
    {
        var full = Wav(WavBuilder.Int16(1, 2, 3));
        var withoutData = full[..(12 + 8 + 16)];
        AssertFails(_dir.Write("nodata.wav", withoutData), "truncated WAV header: the file ends before the data chunk");
    }

    [Fact]
    public void HeaderEndingInsideTheFmtChunk()
        => AssertFails(_dir.Write("cut.wav", Wav(WavBuilder.Int16(1))[..30]), "the file ends inside the fmt chunk");

    [Fact]
    public void DataChunkLargerThanTheFile()
    {
        var path = _dir.Write("promise.wav", new WavBuilder { DataSizeOverride = 1000, Data = WavBuilder.Int16(1, 2, 3, 4, 5) }.ToBytes());
        AssertFails(path, "truncated: the data chunk declares 1000 bytes but only 10 remain in the file");
    }

    [Fact]
    public void UnknownChunkLargerThanTheFile()
    {
        var bytes = Wav(WavBuilder.Int16(1));
        byte[] junk = [(byte)'J', (byte)'U', (byte)'N', (byte)'K', 0xFF, 0xFF, 0, 0];
        var path = _dir.Write("junk.wav", [.. bytes[..12], .. junk, .. "abc"u8.ToArray()]);
        AssertFails(path, "the 'JUNK' chunk declares 65535 bytes but only 3 remain");
    }

    [Fact]
    public void ZeroChannels()
        => AssertFails(Write(new WavBuilder { Channels = 0, BlockAlign = 2, Data = WavBuilder.Int16(1) }), "declares 0 channels");

    [Fact]
    public void SampleRateZero()
        => AssertFails(Write(new WavBuilder { SampleRate = 0, Data = WavBuilder.Int16(1) }), "sample rate of 0 Hz");

    [Theory]
    [InlineData(1, 12, "unsupported PCM bit depth 12")]
    [InlineData(1, 64, "unsupported PCM bit depth 64")]
    [InlineData(3, 16, "unsupported IEEE float bit depth 16")]
    [InlineData(2, 4, "unsupported WAV format tag 0x0002 (Microsoft ADPCM)")]
    [InlineData(7, 8, "unsupported WAV format tag 0x0007 (µ-law)")]
    public void UnsupportedEncodings(int tag, int bits, string problem)
        => AssertFails(Write(new WavBuilder { FormatTag = tag, BitsPerSample = bits, BlockAlign = Math.Max(1, bits / 8), Data = new byte[16] }), problem);

    [Fact]
    public void UnsupportedExtensibleSubFormat()
    {
        var adpcm = new Guid("00000002-0000-0010-8000-00aa00389b71");
        AssertFails(Write(new WavBuilder { ExtensibleSubFormat = adpcm, Data = new byte[4] }), "unsupported WAVE_FORMAT_EXTENSIBLE sub-format 00000002-");
    }

    [Fact]
    public void BlockAlignThatDoesNotMatchTheSampleSize()
        => AssertFails(Write(new WavBuilder { Channels = 2, BlockAlign = 3, Data = new byte[12] }), "block align 3 does not match 2 channels of 2 bytes");

    [Fact]
    public void FmtChunkTooShort()
    {
        var bytes = Wav(WavBuilder.Int16(1));
        bytes[16] = 14; // fmt chunk size
        AssertFails(_dir.Write("fmt14.wav", bytes), "fmt chunk is 14 bytes, at least 16 expected");
    }

    [Fact]
    public void DataBeforeFmt()
        => AssertFails(Write(new WavBuilder { DataBeforeFmt = true, Data = WavBuilder.Int16(1) }), "the data chunk comes before the fmt chunk");

    [Fact]
    public void EmptyDataChunk()
        => AssertFails(Write(new WavBuilder { Data = [] }), "the file contains no audio samples (its data chunk is empty)");

    [Theory]
    [InlineData(float.NaN, "sample 2 (at 0.000125 s) is NaN")]
    [InlineData(float.PositiveInfinity, "sample 2 (at 0.000125 s) is infinite")]
    [InlineData(float.NegativeInfinity, "sample 2 (at 0.000125 s) is infinite")]
    public void NonFiniteFloatSamples(float bad, string problem)
        => AssertFails(Write(new WavBuilder { FormatTag = 3, BitsPerSample = 32, Data = WavBuilder.Float32(0f, 0.5f, bad, 0f) }), problem);

    [Fact]
    public void NaNInAFloat64StereoFileNamesTheChannel()
        => AssertFails(Write(new WavBuilder { FormatTag = 3, BitsPerSample = 64, Channels = 2, Data = WavBuilder.Float64(0, 0, 0, double.NaN) }), "sample 1, channel 1 (at 0.000063 s) is NaN");

    [Fact]
    public void Float64BeyondTheFloatRangeIsInfinite()
        => AssertFails(Write(new WavBuilder { FormatTag = 3, BitsPerSample = 64, Data = WavBuilder.Float64(1e300) }), "is infinite");

    [Fact]
    public void NaNLateInAStreamSurfacesWhenItIsRead()
    {
        var samples = new float[50000];
        samples[40000] = float.NaN;
        var path = Write(new WavBuilder { FormatTag = 3, BitsPerSample = 32, Data = WavBuilder.Float32(samples) });
        using var stream = AudioReader.Open(path);
        var buffer = new float[4096];
        var error = Assert.Throws<AudioDecodingException>(() =>
        {
            while (stream.Read(buffer) > 0)
            {
            }
        });
        Assert.Contains(path, error.Message);
        Assert.Contains("sample 40000 (at 2.5 s) is NaN", error.Message);
    }

    [Fact]
    public void RandomBytesNamedWav()
    {
        var random = new byte[3000];
        new Random(7).NextBytes(random);
        random[0] = 0x12; // not 'R', not an MPEG sync byte
        AssertFails(_dir.Write("noise.wav", random), "not a WAV file: it does not start with a RIFF/WAVE header");
    }

    [Fact]
    public void TextNamedWav()
        => AssertFails(_dir.Write("notes.wav", Encoding.UTF8.GetBytes("These are my notes, not a recording.\n")), "not a WAV file");

    [Fact]
    public void RiffThatIsNotWaveNamedWav()
        => AssertFails(_dir.Write("movie.wav", "RIFF\x04\0\0\0AVI LIST"u8.ToArray()), "not a WAV file: its RIFF form type is 'AVI ', not 'WAVE'");

    [Fact]
    public void TextNamedMp3()
        => AssertFails(_dir.Write("song.mp3", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("not an mp3 at all. ", 200)))), "not an MP3 file");

    [Fact]
    public void Id3TagFollowedByNoAudio()
    {
        byte[] tag = [(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 10, .. "0123456789"u8.ToArray()];
        var silence = new byte[2000]; // zeros hold no frame sync
        AssertFails(_dir.Write("tagged", [.. tag, .. silence]), "not an MP3 file: no MPEG audio frame was found");
    }

    [FfmpegFact]
    public void RandomBytesWithAnUnknownExtensionReportFfmpegsError()
    {
        var random = new byte[3000];
        new Random(3).NextBytes(random);
        random[0] = 0x12;
        var error = AssertFails(_dir.Write("noise.xyz", random), "not an audio or video file that ffmpeg can read");
        Assert.Contains("Invalid data", error.Message);
    }

    [Fact]
    public void FromSamplesRejectsNonFiniteSamplesAndBadRates()
    {
        var nan = Assert.Throws<AudioDecodingException>(() => AudioReader.FromSamples([0f, float.NaN], 16000, name: "mic"));
        Assert.Equal("mic: sample 1 (at 0.000063 s) is NaN; audio samples must be finite numbers", nan.Message);

        var rate = Assert.Throws<AudioDecodingException>(() => AudioReader.FromSamples([0f], 0, name: "mic"));
        Assert.Equal("mic: the sample rate must be positive, not 0 Hz", rate.Message);

        var empty = Assert.Throws<AudioDecodingException>(() => AudioReader.FromSamples([], 16000, name: "mic"));
        Assert.Equal("mic: there are no audio samples", empty.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => AudioReader.FromSamples([0f], 16000, targetSampleRate: 0));
    }

    private static byte[] Wav(byte[] data) => new WavBuilder { Data = data }.ToBytes();

    private string Write(WavBuilder builder) => builder.WriteTo(_dir.Path, Guid.NewGuid().ToString("N")[..8] + ".wav");

    private static AudioDecodingException AssertFails(string path, string problem)
    {
        var loaded = Assert.Throws<AudioDecodingException>(() => AudioReader.Load(path));
        Assert.StartsWith(path + ": ", loaded.Message);
        Assert.Contains(problem, loaded.Message);
        Assert.Equal(path, loaded.Path);
        return loaded;
    }
}
