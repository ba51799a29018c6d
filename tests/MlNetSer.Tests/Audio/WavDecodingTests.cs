using MlNetSer.Audio;

namespace MlNetSer.Tests.Audio;

public sealed class WavDecodingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Unsigned8BitMapsByRemovingTheOffset()
    {
        var clip = Load(new WavBuilder { BitsPerSample = 8, Data = WavBuilder.UInt8(0, 64, 128, 192, 255) });
        Assert.Equal([-1f, -0.5f, 0f, 0.5f, 127f / 128], clip.Samples);
        Assert.Equal("wav/pcm8", clip.Source.Format);
    }

    [Fact]
    public void Signed16BitDividesBy32768()
    {
        var clip = Load(new WavBuilder { BitsPerSample = 16, Data = WavBuilder.Int16(-32768, -16384, 0, 1, 32767) });
        Assert.Equal([-1f, -0.5f, 0f, 1f / 32768, 32767f / 32768], clip.Samples);
        Assert.Equal("wav/pcm16", clip.Source.Format);
    }

    [Fact]
    public void Signed16BitBlocksLongerThanAVectorAreExact()
    {
        var values = Enumerable.Range(0, 1001).Select(i => (short)(-32768 + (i * 65)))
            .Concat(new short[] { short.MinValue, short.MaxValue, -1, 1 }).ToArray();
        var clip = Load(new WavBuilder { BitsPerSample = 16, Data = WavBuilder.Int16(values) });
        Assert.Equal(values.Select(v => v / 32768f), clip.Samples);
    }

    [Fact]
    public void Signed24BitSignExtendsAndDividesBy2To23()
    {
        var clip = Load(new WavBuilder { BitsPerSample = 24, Data = WavBuilder.Int24(-8388608, -4194304, -1, 0, 1, 8388607) });
        Assert.Equal([-1f, -0.5f, -1f / 8388608, 0f, 1f / 8388608, 8388607f / 8388608], clip.Samples);
        Assert.Equal("wav/pcm24", clip.Source.Format);
    }

    [Fact]
    public void Signed32BitDividesBy2To31()
    {
        var clip = Load(new WavBuilder { BitsPerSample = 32, Data = WavBuilder.Int32(int.MinValue, -1073741824, 0, 536870912) });
        Assert.Equal([-1f, -0.5f, 0f, 0.25f], clip.Samples);
        Assert.Equal("wav/pcm32", clip.Source.Format);
    }

    [Fact]
    public void Float32IsCopiedAndValuesBeyondFullScaleAreKept()
    {
        var clip = Load(new WavBuilder { FormatTag = 3, BitsPerSample = 32, Data = WavBuilder.Float32(-1f, 0.25f, 1.5f, -2f, 1e-7f) });
        Assert.Equal([-1f, 0.25f, 1.5f, -2f, 1e-7f], clip.Samples);
        Assert.Equal("wav/float32", clip.Source.Format);
    }

    [Fact]
    public void Float64IsNarrowedToFloat()
    {
        var clip = Load(new WavBuilder { FormatTag = 3, BitsPerSample = 64, Data = WavBuilder.Float64(0.125, -0.75, 3.0, 0.1) });
        Assert.Equal([0.125f, -0.75f, 3f, 0.1f], clip.Samples);
        Assert.Equal("wav/float64", clip.Source.Format);
    }

    [Fact]
    public void ExtensiblePcmAndFloatSubFormatsAreRead()
    {
        var pcm = Load(new WavBuilder { ExtensibleSubFormat = WavBuilder.PcmSubFormat, BitsPerSample = 24, Data = WavBuilder.Int24(4194304, -8388608) });
        Assert.Equal([0.5f, -1f], pcm.Samples);
        Assert.Equal("wav/pcm24", pcm.Source.Format);

        var ieee = Load(new WavBuilder { ExtensibleSubFormat = WavBuilder.FloatSubFormat, BitsPerSample = 32, Data = WavBuilder.Float32(0.75f, -0.125f) });
        Assert.Equal([0.75f, -0.125f], ieee.Samples);
        Assert.Equal("wav/float32", ieee.Source.Format);
    }

    [Fact]
    public void StereoIsAveragedToMono()
    {
        // Frames (L, R): (0.5, -0.25), (1, 1), (-1, 0).
        var clip = Load(new WavBuilder { FormatTag = 3, BitsPerSample = 32, Channels = 2, Data = WavBuilder.Float32(0.5f, -0.25f, 1f, 1f, -1f, 0f) });
        Assert.Equal([0.125f, 1f, -0.5f], clip.Samples);
        Assert.Equal(2, clip.Source.Channels);
    }

    [Fact]
    public void ManyChannelsAreAveragedToMono()
    {
        // Six channels (5.1 layout), two frames; integer PCM 16 with an extensible header.
        var clip = Load(new WavBuilder
        {
            ExtensibleSubFormat = WavBuilder.PcmSubFormat,
            Channels = 6,
            BitsPerSample = 16,
            Data = WavBuilder.Int16(6144, 0, 0, 0, 0, 0, 16384, 16384, 16384, -16384, -16384, -16384),
        });
        Assert.Equal([6144f / 32768 / 6, 0f], clip.Samples);
        Assert.Equal(6, clip.Source.Channels);
    }

    [Fact]
    public void ThreeChannelsAreAveragedToMono()
    {
        var clip = Load(new WavBuilder { Channels = 3, BitsPerSample = 8, Data = WavBuilder.UInt8(128, 192, 255, 0, 0, 0) });
        Assert.Equal([(0f + 0.5f + (127f / 128)) / 3, -1f], clip.Samples, new FloatTolerance(1e-7f));
    }

    [Fact]
    public void UnknownAndOddSizedChunksAreSkipped()
    {
        var builder = new WavBuilder { Data = WavBuilder.Int16(100, -200, 300) };
        builder.ChunksBeforeFmt.Add(("JUNK", [1, 2, 3]));
        builder.ChunksBeforeData.Add(("LIST", "INFOISFT\x05\0\0\0abcd\0"u8.ToArray()));
        builder.ChunksBeforeData.Add(("fact", [3, 0, 0, 0, 9]));
        builder.ChunksAfterData.Add(("id3 ", [7, 7, 7]));

        // An odd data chunk (3 samples of 16-bit is even, so add a one-byte 8-bit file too).
        Assert.Equal([100f / 32768, -200f / 32768, 300f / 32768], Load(builder).Samples);

        var odd = new WavBuilder { BitsPerSample = 8, Data = WavBuilder.UInt8(128, 255, 0) };
        odd.ChunksAfterData.Add(("LIST", [1]));
        Assert.Equal([0f, 127f / 128, -1f], Load(odd).Samples);
    }

    [Fact]
    public void Rf64TakesTheDataSizeFromDs64()
    {
        var data = WavBuilder.Int16(1000, 2000, 3000, 4000);
        var clip = Load(new WavBuilder { Riff = "RF64", Ds64DataSize = data.Length, DataSizeOverride = 0xFFFFFFFF, Data = data });
        Assert.Equal([1000f / 32768, 2000f / 32768, 3000f / 32768, 4000f / 32768], clip.Samples);
    }

    [Fact]
    public void UnknownDataSizeFromAStreamingWriterReadsToTheEnd()
    {
        var clip = Load(new WavBuilder { DataSizeOverride = 0xFFFFFFFF, Data = WavBuilder.Int16(16384, -16384) });
        Assert.Equal([0.5f, -0.5f], clip.Samples);
    }

    [Fact]
    public void SingleSampleAndSilenceAreValid()
    {
        Assert.Equal([0.5f], Load(new WavBuilder { Data = WavBuilder.Int16(16384) }).Samples);
        Assert.All(Load(new WavBuilder { Data = new byte[2 * 1600] }).Samples, s => Assert.Equal(0f, s));

        // One sample at 16 kHz is 1.378 samples at 22 050 Hz, which rounds to 1.
        var resampled = AudioReader.Load(new WavBuilder { Data = WavBuilder.Int16(16384) }.WriteTo(_dir.Path, "one.wav"));
        Assert.Single(resampled.Samples);
    }

    [Fact]
    public void SourceInfoDescribesTheFile()
    {
        var path = new WavBuilder { Channels = 2, SampleRate = 8000, Data = new byte[2 * 2 * 4000] }.WriteTo(_dir.Path);
        var clip = AudioReader.Load(path);
        Assert.Equal(new AudioInfo(path, "wav/pcm16", 8000, 2, 0.5), clip.Source);
        Assert.Equal(22050, clip.SampleRate);
        Assert.Equal(11025, clip.Samples.Length);

        using var stream = AudioReader.Open(path, 16000);
        Assert.Equal(new AudioInfo(path, "wav/pcm16", 8000, 2, 0.5), stream.Source);
        Assert.Equal(16000, stream.SampleRate);
    }

    [Fact]
    public void StreamingInOddPiecesEqualsLoadingAndResamplingOnce()
    {
        var tone = Signals.Sine(440, 48000, 20000);
        var path = new WavBuilder { SampleRate = 48000, FormatTag = 3, BitsPerSample = 32, Data = WavBuilder.Float32(tone) }.WriteTo(_dir.Path);

        var loaded = AudioReader.Load(path);
        Assert.Equal(Resampler.Resample(tone, 48000, 22050), loaded.Samples);

        using var stream = AudioReader.Open(path);
        var pieces = new List<float>();
        var buffer = new float[997];
        var sizes = new[] { 1, 7, 997, 13, 500 };
        for (var i = 0; ; i++)
        {
            var got = stream.Read(buffer.AsSpan(0, sizes[i % sizes.Length]));
            if (got == 0)
            {
                break;
            }

            pieces.AddRange(buffer.AsSpan(0, got));
        }

        Assert.Equal(loaded.Samples, pieces);
        Assert.Equal(0, stream.Read(buffer));
    }

    [Fact]
    public void AnHourLongFileStreamsInBoundedMemory()
    {
        // One hour of 16-bit mono at 8 kHz is 58 MB; it is generated on the fly, never held.
        const int rate = 8000;
        const long frames = 3600L * rate;
        using var source = new SyntheticWavStream(frames, rate);
        using var stream = new DecodedMonoAudioStream(WavDecoder.Open(source, "hour.wav"), "hour.wav", rate);
        var buffer = new float[65536];
        var total = 0L;
        var checksumOk = true;
        var before = GC.GetAllocatedBytesForCurrentThread();
        int got;
        while ((got = stream.Read(buffer)) > 0)
        {
            // Spot-check the content: sample n is (n mod 65536) − 32768 over 32768.
            checksumOk &= buffer[0] == SyntheticWavStream.Expected(total);
            total += got;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(frames, total);
        Assert.True(checksumOk);
        Assert.True(allocated < 16 << 20, $"streaming an hour allocated {allocated / 1e6:F1} MB");
        Assert.Equal(3600.0, stream.Source.DurationSeconds);
    }

    private AudioClip Load(WavBuilder builder)
    {
        var path = builder.WriteTo(_dir.Path, Guid.NewGuid().ToString("N") + ".wav");
        return AudioReader.Load(path, (int)builder.SampleRate);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
