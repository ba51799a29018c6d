using MlNetSer.Features;

namespace MlNetSer.Tests.Features;

public class MelSegmenterTests
{
    private static readonly MelSegmentOptions Defaults = new();

    [Theory]
    [InlineData(0, 1)]                       // empty: zero-padded to one window → one frame → one segment
    [InlineData(300, 1)]
    [InlineData(551 + 220 * 62, 1)]          // 63 frames: padded
    [InlineData(551 + 220 * 63, 1)]          // 64 frames: exactly one
    [InlineData(551 + 220 * 92, 1)]          // 93 frames
    [InlineData(551 + 220 * 93, 2)]          // 94 frames
    [InlineData(66150, 8)]                   // 3 s: 299 frames → 1 + (299 − 64) / 30 = 8
    public void SegmentCounts(int samples, int segments)
    {
        Assert.Equal(segments, MelSegmenter.SegmentCount(samples, Defaults));
        var tensor = MelSegmenter.Segment(FeatureTestSignals.Noise(samples, 1), Defaults);
        Assert.Equal(segments, tensor.Count);
        Assert.Equal([segments, 3, 64, 64], tensor.Shape);
    }

    [Fact]
    public void LayoutIsChannelBandFrameWithPerSegmentDeltas()
    {
        var samples = FeatureTestSignals.NoisyTones(551 + 220 * 130, 4);   // 131 frames → 3 segments
        var tensor = MelSegmenter.Segment(samples, Defaults);
        var frames = new LogMelSpectrogram(Defaults).Compute(samples, out int frameCount);
        Assert.Equal(131, frameCount);
        Assert.Equal(3, tensor.Count);

        for (int s = 0; s < 3; s++)
        {
            var segment = tensor.Data.AsSpan(s * 3 * 4096, 3 * 4096);
            for (int m = 0; m < 64; m++)
            {
                for (int t = 0; t < 64; t++)
                    Assert.Equal(frames[(s * 30 + t) * 64 + m], segment[m * 64 + t]);   // static[m][t] = frame s·30 + t, band m

                // Δ and ΔΔ are computed within the segment (edges replicate the segment's own first/last frame).
                var row = segment.Slice(m * 64, 64).ToArray().Select(v => (double)v).ToArray();
                var delta = NaiveFeatures.Delta(row, 2);
                var deltaDelta = NaiveFeatures.Delta(delta, 2);
                for (int t = 0; t < 64; t++)
                {
                    Assert.Equal(delta[t], segment[4096 + m * 64 + t], 1e-4);
                    Assert.Equal(deltaDelta[t], segment[8192 + m * 64 + t], 1e-4);
                }
            }
        }
    }

    [Fact]
    public void ShortClipIsPaddedWithEachBandsMinimum()
    {
        var samples = FeatureTestSignals.NoisyTones(551 + 220 * 19, 8);   // 20 frames
        var frames = new LogMelSpectrogram(Defaults).Compute(samples, out int frameCount);
        var tensor = MelSegmenter.Segment(samples, Defaults);
        Assert.Equal(20, frameCount);
        Assert.Equal(1, tensor.Count);
        for (int m = 0; m < 64; m++)
        {
            float minimum = Enumerable.Range(0, 20).Min(t => frames[t * 64 + m]);
            for (int t = 0; t < 20; t++)
                Assert.Equal(frames[t * 64 + m], tensor.Data[m * 64 + t]);
            for (int t = 20; t < 64; t++)
                Assert.Equal(minimum, tensor.Data[m * 64 + t]);
        }
    }

    [Fact]
    public void ClipShorterThanOneWindowIsZeroPaddedToOneFrameThenRepeated()
    {
        var samples = FeatureTestSignals.Noise(300, 12);
        var padded = samples.Concat(new float[251]).ToArray();
        var frame = new LogMelSpectrogram(Defaults).Compute(padded, out _);
        var tensor = MelSegmenter.Segment(samples, Defaults);
        for (int m = 0; m < 64; m++)
            for (int t = 0; t < 64; t++)
                Assert.Equal(frame[m], tensor.Data[m * 64 + t]);
        Assert.All(tensor.Data[4096..], v => Assert.Equal(0f, v));   // constant rows: Δ = ΔΔ = 0
    }

    [Fact]
    public void EmptyAudioIsOneSegmentAtTheLogFloor()
    {
        var tensor = MelSegmenter.Segment([], Defaults);
        Assert.Equal(1, tensor.Count);
        Assert.All(tensor.Data[..4096], v => Assert.Equal(MathF.Log(1e-10f), v, 1e-5));
    }

    [Fact]
    public void WholePipelineMatchesTheNaiveReference()
    {
        var samples = FeatureTestSignals.Noise(551 + 220 * 70, 21);   // 71 frames → 1 segment (frames 0..63)
        var tensor = MelSegmenter.Segment(samples, Defaults);
        var logMel = NaiveFeatures.LogMel(NaiveFeatures.MelPower(samples));
        for (int m = 0; m < 64; m++)
        {
            var row = Enumerable.Range(0, 64).Select(t => logMel[t][m]).ToArray();
            var delta = NaiveFeatures.Delta(row, 2);
            var deltaDelta = NaiveFeatures.Delta(delta, 2);
            for (int t = 0; t < 64; t++)
            {
                Assert.Equal(row[t], tensor.Data[m * 64 + t], 1e-3);
                Assert.Equal(delta[t], tensor.Data[4096 + m * 64 + t], 1e-3);
                Assert.Equal(deltaDelta[t], tensor.Data[8192 + m * 64 + t], 1e-3);
            }
        }
    }

    [Fact]
    public void HonoursBandsSegmentFramesHopAndDeltaWidth()
    {
        var options = new MelSegmentOptions { MelBands = 40, SegmentFrames = 32, SegmentHop = 10, DeltaWidth = 3 };
        var samples = FeatureTestSignals.NoisyTones(551 + 220 * 59, 6);   // 60 frames → 1 + (60 − 32) / 10 = 3
        var tensor = MelSegmenter.Segment(samples, options);
        var frames = new LogMelSpectrogram(options).Compute(samples, out _);
        Assert.Equal([3, 3, 40, 32], tensor.Shape);
        var second = tensor.Data.AsSpan(3 * 40 * 32, 3 * 40 * 32);
        for (int m = 0; m < 40; m++)
        {
            for (int t = 0; t < 32; t++)
                Assert.Equal(frames[(10 + t) * 40 + m], second[m * 32 + t]);
            var delta = NaiveFeatures.Delta(second.Slice(m * 32, 32).ToArray().Select(v => (double)v).ToArray(), 3);
            for (int t = 0; t < 32; t++)
                Assert.Equal(delta[t], second[1280 + m * 32 + t], 1e-4);
        }
    }

    [Fact]
    public void SegmentHopLargerThanSegmentSkipsFrames()
    {
        var options = new MelSegmentOptions { SegmentFrames = 8, SegmentHop = 20 };
        var samples = FeatureTestSignals.Noise(551 + 220 * 49, 2);   // 50 frames → segments at 0, 20, 40
        var tensor = MelSegmenter.Segment(samples, options);
        var frames = new LogMelSpectrogram(options).Compute(samples, out _);
        Assert.Equal(3, tensor.Count);
        for (int m = 0; m < 64; m++)
            for (int t = 0; t < 8; t++)
                Assert.Equal(frames[(40 + t) * 64 + m], tensor.Data[2 * 3 * 64 * 8 + m * 8 + t]);
    }
}
