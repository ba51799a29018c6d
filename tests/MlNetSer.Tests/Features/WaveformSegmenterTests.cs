using MlNetSer.Features;

namespace MlNetSer.Tests.Features;

public class WaveformSegmenterTests
{
    [Theory]
    [InlineData(0, 1)]        // empty audio: one segment of zeros
    [InlineData(1, 1)]
    [InlineData(624, 1)]
    [InlineData(625, 1)]
    [InlineData(1249, 1)]
    [InlineData(1250, 2)]
    [InlineData(66150, 105)]  // 3 s at 22 050 Hz
    public void CountsFollowFloorRuleWithOnePaddedSegmentForShortClips(int samples, int segments)
    {
        var options = new WaveformSegmentOptions();
        var tensor = WaveformSegmenter.Segment(FeatureTestSignals.Noise(samples, samples), options);
        Assert.Equal(segments, tensor.Count);
        Assert.Equal(segments, WaveformSegmenter.SegmentCount(samples, options));
        Assert.Equal([segments, 1, 625], tensor.Shape);
        Assert.Equal(segments * 625, tensor.Data.Length);
    }

    [Fact]
    public void SegmentsAreScaledConsecutiveSlicesAndTheTailIsDropped()
    {
        var samples = FeatureTestSignals.Noise(2000, 1);
        var tensor = WaveformSegmenter.Segment(samples, new WaveformSegmentOptions());
        Assert.Equal(3, tensor.Count);
        for (int s = 0; s < 3; s++)
            for (int i = 0; i < 625; i++)
                Assert.Equal(samples[s * 625 + i] * 256f, tensor.Data[s * 625 + i]);
    }

    [Fact]
    public void ShortClipIsZeroPadded()
    {
        float[] samples = [0.5f, -0.25f, 1f];
        var tensor = WaveformSegmenter.Segment(samples, new WaveformSegmentOptions());
        Assert.Equal([128f, -64f, 256f], tensor.Data[..3]);
        Assert.All(tensor.Data[3..], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void HonoursLengthHopAndScale()
    {
        var options = new WaveformSegmentOptions { SegmentLength = 125, Hop = 100, Scale = 2f };
        var samples = FeatureTestSignals.Noise(1000, 2);
        var tensor = WaveformSegmenter.Segment(samples, options);
        Assert.Equal(1 + (1000 - 125) / 100, tensor.Count);
        Assert.Equal([9, 1, 125], tensor.Shape);
        Assert.Equal(samples[800 + 124] * 2f, tensor.Data[8 * 125 + 124]);
        Assert.Equal(samples[100] * 2f, tensor.Data[125]);
    }
}
