using MlNetSer.Features;
using MlNetSer.IO;

namespace MlNetSer.Tests.IO;

public class NpyFeatureSinkTests
{
    private static readonly FeatureOptions Small = new()
    {
        Waveform = new WaveformSegmentOptions { SegmentLength = 5, Hop = 5 },
        Mel = new MelSegmentOptions { MelBands = 2, SegmentFrames = 3 },
        Clip = new MelClipOptions { Depth = 2 },
    };

    [Fact]
    public void WritesEachStreamToItsFileWithShapesFromTheOptions()
    {
        using var dir = new TempDirectory();
        var outDir = Path.Combine(dir.Path, "nested", "out");
        float[] wave = [1, 2, 3, 4, 5];
        var mel = Enumerable.Range(0, 3 * 2 * 3).Select(i => (float)i).ToArray();
        var clip = Enumerable.Range(0, 3 * 2 * 2 * 3).Select(i => -(float)i).ToArray();
        using (var sink = new NpyFeatureSink(outDir, Small))
        {
            sink.OnWaveformSegment(wave);
            sink.OnWaveformSegment(wave);
            sink.OnMelSegment(mel);
            sink.OnClip(clip);
            sink.Complete();
        }

        var w = NpyReader.Read(Path.Combine(outDir, NpyFeatureSink.WaveformFileName));
        Assert.Equal(new long[] { 2, 1, 5 }, w.Shape);
        Assert.Equal(wave.Concat(wave), w.Data);
        var m = NpyReader.Read(Path.Combine(outDir, NpyFeatureSink.MelFileName));
        Assert.Equal(new long[] { 1, 3, 2, 3 }, m.Shape);
        Assert.Equal(mel, m.Data);
        var c = NpyReader.Read(Path.Combine(outDir, NpyFeatureSink.ClipFileName));
        Assert.Equal(new long[] { 1, 3, 2, 2, 3 }, c.Shape);
        Assert.Equal(clip, c.Data);
    }

    [Fact]
    public void AbandonedSinkLeavesNoFiles()
    {
        using var dir = new TempDirectory();
        using (var sink = new NpyFeatureSink(dir.Path, Small))
            sink.OnWaveformSegment([1, 2, 3, 4, 5]);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void RejectsASegmentOfTheWrongSize()
    {
        using var dir = new TempDirectory();
        using var sink = new NpyFeatureSink(dir.Path, Small);
        Assert.Throws<ArgumentException>(() => sink.OnMelSegment(new float[17]));
    }
}
