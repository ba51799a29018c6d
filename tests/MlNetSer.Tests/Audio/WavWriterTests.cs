using MlNetSer.Audio;

namespace MlNetSer.Tests.Audio;

public sealed class WavWriterTests
{
    [Fact]
    public void WrittenFilesDecodeBackToTheSamplesWithinTheQuantisationError()
    {
        using var dir = new TempDirectory();
        var samples = Enumerable.Range(0, 4410).Select(i => (float)(0.7 * Math.Sin(2 * Math.PI * 440 * i / 22050.0))).ToArray();
        var path = dir.File("tone.wav");

        WavWriter.WritePcm16(path, samples, 22050);

        Assert.Equal(WavWriter.HeaderSize + 2 * samples.Length, new FileInfo(path).Length);
        var clip = AudioReader.Load(path, 22050);
        Assert.Equal(22050, clip.Source.SampleRate);
        Assert.Equal(1, clip.Source.Channels);
        Assert.Equal(samples.Length, clip.Samples.Length);
        // Half a step of rounding plus the scales' difference (the writer maps 1 to 32767, the reader divides by 32768).
        Assert.All(samples.Zip(clip.Samples), p => Assert.InRange(p.Second - p.First, -1.5f / 32767, 1.5f / 32767));
    }

    [Fact]
    public void OutOfRangeSamplesAreClippedAndNaNIsSilence()
    {
        var bytes = WavWriter.ToPcm16Bytes([2f, -3f, float.NaN, 0.5f], 8000);
        var values = Enumerable.Range(0, 4).Select(i => BitConverter.ToInt16(bytes, WavWriter.HeaderSize + 2 * i)).ToArray();
        Assert.Equal(new short[] { 32767, -32767, 0, 16384 }, values);
    }

    [Fact]
    public void StereoFramesAreInterleavedAndAPartialFrameIsRejected()
    {
        using var dir = new TempDirectory();
        var path = dir.File("stereo.wav");
        WavWriter.WritePcm16(path, [0.5f, -0.5f, 0.5f, -0.5f], 16000, channels: 2);

        var clip = AudioReader.Load(path, 16000);
        Assert.Equal(2, clip.Source.Channels);
        // The reader averages the channels to mono: the two opposite channels cancel.
        Assert.All(clip.Samples, v => Assert.Equal(0f, v, 1e-4f));
        Assert.Throws<ArgumentException>(() => WavWriter.ToPcm16Bytes([0.1f, 0.2f, 0.3f], 16000, channels: 2));
    }
}
