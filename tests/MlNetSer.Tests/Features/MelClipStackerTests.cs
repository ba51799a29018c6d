using MlNetSer.Features;

namespace MlNetSer.Tests.Features;

public class MelClipStackerTests
{
    // Segments whose every value encodes (segment, channel, band, frame), so misplaced values are obvious.
    private static SegmentTensor Labelled(int count, int bands = 4, int frames = 5)
    {
        var data = new float[count * 3 * bands * frames];
        for (int s = 0; s < count; s++)
            for (int c = 0; c < 3; c++)
                for (int m = 0; m < bands; m++)
                    for (int t = 0; t < frames; t++)
                        data[((s * 3 + c) * bands + m) * frames + t] = s * 1000 + c * 100 + m * 10 + t;
        return new SegmentTensor(data, count, [3, bands, frames]);
    }

    [Theory]
    [InlineData(1, 4, 1)]
    [InlineData(3, 4, 1)]
    [InlineData(4, 4, 1)]
    [InlineData(8, 4, 5)]
    [InlineData(8, 6, 3)]
    [InlineData(8, 1, 8)]
    [InlineData(0, 4, 0)]
    public void ClipsSlideByOneSegment(int segments, int depth, int clips)
    {
        var options = new MelClipOptions { Depth = depth };
        var stacked = MelClipStacker.Stack(Labelled(segments), options);
        Assert.Equal(clips, stacked.Count);
        Assert.Equal(clips, MelClipStacker.ClipCount(segments, options));
        Assert.Equal([clips, 3, depth, 4, 5], stacked.Shape);
    }

    [Theory]
    [InlineData(8, 4)]
    [InlineData(9, 6)]
    public void ClipIsChannelMajor(int segments, int depth)
    {
        var stacked = MelClipStacker.Stack(Labelled(segments), new MelClipOptions { Depth = depth });
        for (int i = 0; i < stacked.Count; i++)
            for (int c = 0; c < 3; c++)
                for (int d = 0; d < depth; d++)
                    for (int m = 0; m < 4; m++)
                        for (int t = 0; t < 5; t++)
                            Assert.Equal((i + d) * 1000 + c * 100 + m * 10 + t,
                                stacked.Data[((((i * 3) + c) * depth + d) * 4 + m) * 5 + t]);   // clip[i][c][d][m][t] = segment[i+d][c][m][t]
    }

    [Fact]
    public void FewerSegmentsThanDepthRepeatTheLastOne()
    {
        var stacked = MelClipStacker.Stack(Labelled(2), new MelClipOptions());
        Assert.Equal(1, stacked.Count);
        int[] expectedSegment = [0, 1, 1, 1];
        for (int c = 0; c < 3; c++)
            for (int d = 0; d < 4; d++)
                Assert.Equal(expectedSegment[d] * 1000 + c * 100 + 23, stacked.Data[((c * 4 + d) * 4 + 2) * 5 + 3]);
    }

    [Fact]
    public void RejectsSegmentsThatAreNotThreeChannels()
        => Assert.Throws<ArgumentException>(() => MelClipStacker.Stack(new SegmentTensor(new float[10], 1, [1, 10]), new MelClipOptions()));
}
