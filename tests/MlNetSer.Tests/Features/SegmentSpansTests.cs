using MlNetSer.Features;

namespace MlNetSer.Tests.Features;

public sealed class SegmentSpansTests
{
    [Theory]
    [InlineData(22050)]
    [InlineData(3000)]
    [InlineData(400)]
    public void WaveformSpans_HoldExactlyTheSamplesOfEachSegment(int length)
    {
        var samples = FeatureTestSignals.Noise(length, seed: 4);
        var options = new WaveformSegmentOptions { SegmentLength = 625, Hop = 500 };

        var segments = WaveformSegmenter.Segment(samples, options);
        var spans = SegmentSpans.Waveform(length, options);

        Assert.Equal(segments.Count, spans.Length);
        for (var i = 0; i < spans.Length; i++)
        {
            Assert.InRange(spans[i].End, spans[i].Start, length);
            var segment = segments.Data.AsSpan(i * 625, 625);
            // The span's samples, scaled, are the segment; whatever lies beyond the span is padding (zeros).
            for (var n = 0; n < 625; n++)
                Assert.Equal(n < spans[i].Length ? samples[spans[i].Start + n] * options.Scale : 0f, segment[n]);
        }
    }

    [Fact]
    public void MelSpans_RecomputedAlone_GiveTheSameSegment()
    {
        // 1.5 s: 148 frames, 1 + (148 − 64) / 30 = 3 segments.
        var samples = FeatureTestSignals.NoisyTones(33075, seed: 2);
        var options = new MelSegmentOptions();

        var segments = MelSegmenter.Segment(samples, options);
        var spans = SegmentSpans.Mel(samples.Length, options);

        Assert.Equal(3, spans.Length);
        Assert.Equal(segments.Count, spans.Length);
        var size = segments.SegmentSize;
        for (var j = 0; j < spans.Length; j++)
        {
            Assert.Equal(j * 30L * 220, spans[j].Start);
            var alone = MelSegmenter.Segment(samples.AsSpan((int)spans[j].Start, (int)spans[j].Length), options);
            Assert.Equal(1, alone.Count);
            var expected = segments.Data.AsSpan(j * size, size).ToArray();
            Assert.Equal(expected, alone.Data.Take(size), (a, b) => Math.Abs(a - b) <= 1e-4f);
        }
    }

    [Fact]
    public void ShortSignals_GiveOneSpanOverTheirFramesOrSamples()
    {
        // 5 000 samples: 21 frames (< 64, one padded segment); the last frame ends at 20·220 + 551 = 4 951.
        Assert.Equal([new SampleSpan(0, 4951)], SegmentSpans.Mel(5000, new MelSegmentOptions()));
        // Shorter than one window: one zero-padded frame, which covers the whole signal.
        Assert.Equal([new SampleSpan(0, 300)], SegmentSpans.Mel(300, new MelSegmentOptions()));
        Assert.Equal([new SampleSpan(0, 300)], SegmentSpans.Waveform(300, new WaveformSegmentOptions()));
    }

    // Frames 1 + (L − 551) / 220; segments 1 + (frames − 64) / 30; clip k = segments k…k+3, segment j ends at
    // (30j + 63)·220 + 551. 3 s: 299 frames, 8 segments, 5 clips; clip 0 ends with segment 3 (34 211), clip 4 runs
    // from segment 4 (26 400) to segment 7 (60 611). 1 s: 98 frames, 2 segments, 1 clip ending with segment 1 (21 011).
    [Theory]
    [InlineData(66150, 5, 34211, 26400, 60611)]
    [InlineData(22050, 1, 21011, 0, 21011)]
    public void ClipSpans_RunFromTheFirstStackedSegmentToTheLast(int length, int clips, long firstEnd, long lastStart, long lastEnd)
    {
        var spans = SegmentSpans.Clips(length, new MelSegmentOptions(), new MelClipOptions { Depth = 4 });

        Assert.Equal(clips, spans.Length);
        Assert.Equal(new SampleSpan(0, firstEnd), spans[0]);
        Assert.Equal(new SampleSpan(lastStart, lastEnd), spans[^1]);
        Assert.Equal(clips, MelClipStacker.ClipCount(SegmentSpans.Mel(length, new MelSegmentOptions()).Length, new MelClipOptions { Depth = 4 }));
    }

    // With clips' own frame hop of 10, 3 s gives 24 segments 10 frames apart and 21 clips: clip 0 ends with segment 3
    // ((10·3 + 63)·220 + 551 = 21 011), clip 20 runs from segment 20 (200·220 = 44 000) to 23 ((230 + 63)·220 + 551 = 65 011).
    [Fact]
    public void ClipSpans_FollowTheClipsOwnFrameHop()
    {
        var clip = new MelClipOptions { FrameHop = 10 };
        var spans = SegmentSpans.Clips(66150, new MelSegmentOptions(), clip);

        Assert.Equal(21, spans.Length);
        Assert.Equal(new SampleSpan(0, 21011), spans[0]);
        Assert.Equal(new SampleSpan(44000, 65011), spans[^1]);
        Assert.Equal(spans.Length, MelClipStacker.ClipCount(66150, new MelSegmentOptions(), clip));
    }
}
