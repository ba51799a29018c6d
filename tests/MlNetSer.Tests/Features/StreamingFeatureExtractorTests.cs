using MlNetSer.Features;

namespace MlNetSer.Tests.Features;

public class StreamingFeatureExtractorTests
{
    public static TheoryData<int, int> LengthsAndSeeds => new()
    {
        { 0, 1 }, { 200, 2 }, { 551, 3 }, { 5000, 4 }, { 551 + 220 * 63, 5 }, { 33075, 6 }, { 66150, 7 },
    };

    [Theory]
    [MemberData(nameof(LengthsAndSeeds))]
    public void RandomChunksGiveExactlyTheWholeSignalTensors(int length, int seed)
    {
        var options = new FeatureOptions();
        var samples = FeatureTestSignals.NoisyTones(length, seed);
        var expected = Whole(samples, options);

        var random = new Random(seed);
        var sink = new FeatureTensorSink(options);
        var extractor = new StreamingFeatureExtractor(options, sink);
        for (int at = 0; at < samples.Length;)
        {
            // Mix empty, tiny and multi-window pieces.
            int size = Math.Min(samples.Length - at, random.Next(4) switch { 0 => 0, 1 => random.Next(1, 8), 2 => random.Next(200, 700), _ => random.Next(1000, 9000) });
            extractor.Push(samples.AsSpan(at, size));
            at += size;
        }

        extractor.Complete();
        AssertSame(expected, sink.ToFeatures());
    }

    [Fact]
    public void NonDefaultOptionsStreamIdentically()
    {
        var options = new FeatureOptions
        {
            Waveform = new WaveformSegmentOptions { SegmentLength = 125, Hop = 300, Scale = 100 },
            Mel = new MelSegmentOptions { MelBands = 40, SegmentFrames = 32, SegmentHop = 40, FftSize = 2048, WindowLength = 1100, HopLength = 441 },
            Clip = new MelClipOptions { Depth = 6 },
        };
        var samples = FeatureTestSignals.NoisyTones(150000, 9);
        var expected = Whole(samples, options);
        var sink = new FeatureTensorSink(options);
        var extractor = new StreamingFeatureExtractor(options, sink);
        foreach (var chunk in samples.Chunk(777))
            extractor.Push(chunk);
        extractor.Complete();

        var actual = sink.ToFeatures();
        AssertSame(expected, actual);
        Assert.Equal([1 + (150000 - 125) / 300, 1, 125], actual.Waveform.Shape);
        int frames = 1 + (150000 - 1100) / 441;
        int segments = 1 + (frames - 32) / 40;   // 338 frames → 8 segments → 3 clips of depth 6
        Assert.Equal([segments, 3, 40, 32], actual.Mel.Shape);
        Assert.Equal([segments - 5, 3, 6, 40, 32], actual.Clips.Shape);
    }

    [Fact]
    public void ExtractorIsReusableAcrossSignals()
    {
        var options = new FeatureOptions();
        var first = FeatureTestSignals.Noise(20000, 1);
        var second = FeatureTestSignals.NoisyTones(30000, 2);
        var extractor = new StreamingFeatureExtractor(options, new FeatureTensorSink(options));
        extractor.Push(first.AsSpan(0, 12345));   // abandoned half-way: Reset must forget it

        AssertSame(Whole(second, options), FeatureExtractor.Extract(second, extractor));
        AssertSame(Whole(first, options), FeatureExtractor.Extract(first, extractor));
    }

    [Fact]
    public void ExtractAgreesWithTheSeparateFunctionsAndDefaultShapes()
    {
        var samples = FeatureTestSignals.NoisyTones(66150, 3);
        var features = FeatureExtractor.Extract(samples, new FeatureOptions());
        Assert.Equal([105, 1, 625], features.Waveform.Shape);
        Assert.Equal([8, 3, 64, 64], features.Mel.Shape);
        Assert.Equal([5, 3, 4, 64, 64], features.Clips.Shape);
        AssertSame(Whole(samples, new FeatureOptions()), features);
    }

    [Fact]
    public void ShortSignalGivesOneOfEach()
    {
        var features = FeatureExtractor.Extract(FeatureTestSignals.Noise(100, 5), new FeatureOptions());
        Assert.Equal(1, features.Waveform.Count);
        Assert.Equal(1, features.Mel.Count);
        Assert.Equal(1, features.Clips.Count);
        // The one clip repeats the one segment four times.
        for (int c = 0; c < 3; c++)
            for (int d = 0; d < 4; d++)
                Assert.Equal(features.Mel.Data.AsSpan(c * 4096, 4096).ToArray(), features.Clips.Data.AsSpan((c * 4 + d) * 4096, 4096).ToArray());
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(5000, 2)]
    [InlineData(33075, 3)]
    [InlineData(66150, 4)]
    public void ClipsWithTheirOwnFrameHop_StackSegmentsCutAtThatHop_AndLeaveTheMelSegmentsAsTheyWere(int length, int seed)
    {
        var options = new FeatureOptions { Clip = new MelClipOptions { FrameHop = 10 } };
        var samples = FeatureTestSignals.NoisyTones(length, seed);
        var sink = new FeatureTensorSink(options, samples.Length);
        var extractor = new StreamingFeatureExtractor(options, sink);
        foreach (var chunk in samples.Chunk(1234))
            extractor.Push(chunk);
        extractor.Complete();
        var actual = sink.ToFeatures();

        AssertSame(Whole(samples, options), actual);
        // The 2D network's segments are those of the default options; the clips stack every 10th frame's segment.
        var paper = FeatureExtractor.Extract(samples, new FeatureOptions());
        Assert.Equal(paper.Mel.Data, actual.Mel.Data);
        var fine = MelSegmenter.Segment(samples, new MelSegmentOptions { SegmentHop = 10 });
        Assert.Equal(MelClipStacker.ClipCount(fine.Count, options.Clip), actual.Clips.Count);
        Assert.Equal(MelClipStacker.ClipCount(samples.Length, options.Mel, options.Clip), actual.Clips.Count);
        if (length == 66150)
        {
            // 3 s at 22 050 Hz: 299 frames → 24 segments 10 frames apart → 21 clips, against 5 at the paper's hop.
            Assert.Equal(21, actual.Clips.Count);
            Assert.Equal(5, paper.Clips.Count);
            int plane = 64 * 64;
            for (int c = 0; c < 3; c++)
                for (int d = 0; d < 4; d++)
                    Assert.Equal(fine.Data.AsSpan(((7 + d) * 3 + c) * plane, plane).ToArray(), actual.Clips.Data.AsSpan((((7 * 3) + c) * 4 + d) * plane, plane).ToArray());
        }
    }

    [Theory]
    [InlineData(20, true)]
    [InlineData(45, true)]
    [InlineData(10, false)]
    [InlineData(45, false)]
    public void ClipsAtAnyOwnHop_FromTheSharedFrames_AreTheStackedSegmentsOfThatHop_WithOrWithoutTheMelSegments(int frameHop, bool mel)
    {
        var options = new FeatureOptions { Clip = new MelClipOptions { FrameHop = frameHop } };
        var samples = FeatureTestSignals.NoisyTones(66150, 5);
        var sink = new FeatureTensorSink(options, samples.Length);
        var extractor = new StreamingFeatureExtractor(options, sink, waveform: false, mel, clips: true);
        foreach (var chunk in samples.Chunk(777))
            extractor.Push(chunk);
        extractor.Complete();

        var ownSegments = MelSegmenter.Segment(samples, new MelSegmentOptions { SegmentHop = frameHop });
        Assert.Equal(MelClipStacker.Stack(ownSegments, options.Clip).Data, sink.Clips.Data);
        Assert.Equal(mel ? MelSegmenter.Segment(samples, new MelSegmentOptions()).Data : [], sink.Mel.Data);
    }

    [Fact]
    public void AFrameHopEqualToTheMelHop_IsThePaperClip()
    {
        var samples = FeatureTestSignals.NoisyTones(40000, 8);
        var paper = FeatureExtractor.Extract(samples, new FeatureOptions());
        var same = FeatureExtractor.Extract(samples, new FeatureOptions { Clip = new MelClipOptions { FrameHop = 30 } });
        AssertSame(paper, same);
        Assert.False(new MelClipOptions { FrameHop = 30 }.HasOwnSegments(new MelSegmentOptions()));
        Assert.Throws<ArgumentException>(() => new FeatureOptions { Clip = new MelClipOptions { FrameHop = 0 } }.Validate());
    }

    private static UtteranceFeatures Whole(float[] samples, FeatureOptions options)
    {
        var mel = MelSegmenter.Segment(samples, options.Mel);
        var clipSegments = MelSegmenter.Segment(samples, options.Clip.SegmentOptions(options.Mel));
        return new UtteranceFeatures(WaveformSegmenter.Segment(samples, options.Waveform), mel, MelClipStacker.Stack(clipSegments, options.Clip));
    }

    private static void AssertSame(UtteranceFeatures expected, UtteranceFeatures actual)
    {
        foreach (var (e, a) in new[] { (expected.Waveform, actual.Waveform), (expected.Mel, actual.Mel), (expected.Clips, actual.Clips) })
        {
            Assert.Equal(e.Shape, a.Shape);
            Assert.True(e.Data.AsSpan().SequenceEqual(a.Data), "tensors differ");
        }
    }
}
