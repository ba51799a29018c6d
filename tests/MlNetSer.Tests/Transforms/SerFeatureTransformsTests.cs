using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Audio;
using MlNetSer.Features;
using MlNetSer.Transforms;

namespace MlNetSer.Tests.Transforms;

public sealed class SerFeatureTransformsTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void SerFeatures_WithDefaults_GivesExactlyWhatTheFeatureFunctionsGive()
    {
        // 2.5 s gives several segments and clips; 0.025 s (551 samples, one frame) is shorter than one segment of each kind.
        var paths = new[] { TestWav.Write(_folder.Path, "long.wav", 2.5), TestWav.Write(_folder.Path, "short.wav", 0.025, seed: 3) };
        var data = TransformTestData.Paths(_ml, paths);
        var output = _ml.Transforms.SerLoadAudio().Append(_ml.Transforms.SerFeatures()).Fit(data).Transform(data);

        var options = new FeatureOptions();
        var waveform = TransformTestData.Column(output, "Waveform");
        var mel = TransformTestData.Column(output, "Mel");
        var clips = TransformTestData.Column(output, "Clips");
        for (var i = 0; i < paths.Length; i++)
        {
            var samples = AudioReader.Load(paths[i]).Samples;
            var melSegments = MelSegmenter.Segment(samples, options.Mel);
            Assert.Equal(WaveformSegmenter.Segment(samples, options.Waveform).Data, waveform[i]);
            Assert.Equal(melSegments.Data, mel[i]);
            Assert.Equal(MelClipStacker.Stack(melSegments, options.Clip).Data, clips[i]);
        }

        // The paper's sizes: 2.5 s = 55 125 samples → 88 1D segments; 249 frames → 7 Mel segments → 4 clips.
        Assert.Equal(88 * 625, waveform[0].Length);
        Assert.Equal(7 * 3 * 64 * 64, mel[0].Length);
        Assert.Equal(4 * 3 * 4 * 64 * 64, clips[0].Length);
        Assert.Equal([625, 3 * 64 * 64, 3 * 4 * 64 * 64], new[] { waveform[1].Length, mel[1].Length, clips[1].Length });
    }

    [Fact]
    public void MelStatistics_AreTheMeanAndDeviationOfEveryStaticFramePerBand_AndStayFixedSizeAfterLoading()
    {
        var paths = new[] { TestWav.Write(_folder.Path, "a.wav", 2.0), TestWav.Write(_folder.Path, "b.wav", 0.3, seed: 5) };
        var data = TransformTestData.Paths(_ml, paths);
        var mel = new MelSegmentOptions { MelBands = 40 };
        var model = _ml.Transforms.SerLoadAudio()
            .Append(_ml.Transforms.SerMelSegments("Mel", "Samples", mel))
            .Append(_ml.Transforms.SerMelStatistics("Stats", "Mel", mel))
            .Fit(data);
        var zip = Path.Combine(_folder.Path, "stats.zip");
        _ml.Model.Save(model, data.Schema, zip);
        var loaded = _ml.Model.Load(zip, out _).Transform(data);

        // A fixed-size vector (as ML.NET's trainers need), also after loading.
        Assert.Equal(80, Assert.IsType<VectorDataViewType>(loaded.Schema["Stats"].Type).Size);
        var statistics = TransformTestData.Column(loaded, "Stats");
        for (var i = 0; i < paths.Length; i++)
        {
            var segments = MelSegmenter.Segment(AudioReader.Load(paths[i]).Samples, mel);
            for (var band = 0; band < 40; band++)
            {
                // Static channel (0) of every segment, band `band`, every frame.
                var values = Enumerable.Range(0, segments.Count)
                    .SelectMany(n => segments.Data.Skip(n * 3 * 40 * 64 + band * 64).Take(64))
                    .Select(v => (double)v).ToArray();
                var mean = values.Average();
                Assert.Equal(mean, statistics[i][band], 3);
                Assert.Equal(Math.Sqrt(values.Average(v => (v - mean) * (v - mean))), statistics[i][40 + band], 2);
            }
        }
    }

    [Fact]
    public void SerFeatures_WithAClipFrameHop_StacksSegmentsCutAtIt_AndLeavesNoTemporaryColumn()
    {
        var path = TestWav.Write(_folder.Path, "long.wav", 2.5);
        var data = TransformTestData.Paths(_ml, path);
        var options = new FeatureOptions { Clip = new MelClipOptions { FrameHop = 10 } };
        var output = _ml.Transforms.SerLoadAudio().Append(_ml.Transforms.SerFeatures(options: options)).Fit(data).Transform(data);

        var samples = AudioReader.Load(path).Samples;
        Assert.Equal(MelSegmenter.Segment(samples, options.Mel).Data, TransformTestData.Column(output, "Mel")[0]);
        var clipSegments = MelSegmenter.Segment(samples, new MelSegmentOptions { SegmentHop = 10 });
        var clips = TransformTestData.Column(output, "Clips")[0];
        Assert.Equal(MelClipStacker.Stack(clipSegments, options.Clip).Data, clips);
        // 249 frames → 19 segments 10 frames apart → 16 clips (4 at the Mel segments' hop of 30).
        Assert.Equal(16 * 3 * 4 * 64 * 64, clips.Length);
        Assert.Equal(["Path", "Samples", "Waveform", "Mel", "Clips"], output.Schema.Where(c => !c.IsHidden).Select(c => c.Name));

        // Clips that claim a frame hop must be given segments cut at it.
        var error = Assert.Throws<ArgumentException>(() => _ml.Transforms.SerMelClips("C", "Mel", options.Clip, options.Mel));
        Assert.Contains("FrameHop is 10 frames, but the segments of 'Mel' are cut every 30", error.Message);
    }

    [Fact]
    public void NonDefaultOptions_GiveTheRightSizes_AndTheFeatureFunctionsValues()
    {
        const int rate = 16000;
        var path = TestWav.Write(_folder.Path, "a.wav", 2.0, sampleRate: 44100);
        var data = TransformTestData.Paths(_ml, path);
        var pipeline = _ml.Transforms.SerLoadAudio("Samples", "Path", sampleRate: rate)
            .Append(_ml.Transforms.SerWaveformSegments("W", "Samples", segmentLength: 125, hop: 125))
            .Append(_ml.Transforms.SerMelSegments("M", "Samples", melBands: 40, segmentFrames: 32, segmentHop: 16, sampleRate: rate))
            .Append(_ml.Transforms.SerMelClips("C", "M", depth: 6, melBands: 40, segmentFrames: 32));
        var output = pipeline.Fit(data).Transform(data);

        // 32 000 samples; 25 ms / 10 ms at 16 kHz = 400 / 160 samples → 198 frames → 11 segments → 6 clips.
        var samples = TransformTestData.Column(output, "Samples")[0];
        Assert.Equal(32000, samples.Length);
        Assert.Equal(256 * 125, TransformTestData.Column(output, "W")[0].Length);
        var mel = TransformTestData.Column(output, "M")[0];
        Assert.Equal(11 * 3 * 40 * 32, mel.Length);
        Assert.Equal(6 * 3 * 6 * 40 * 32, TransformTestData.Column(output, "C")[0].Length);

        var melOptions = new MelSegmentOptions
        {
            SampleRate = rate, WindowLength = 400, HopLength = 160, MelBands = 40, SegmentFrames = 32, SegmentHop = 16,
        };
        var expectedMel = MelSegmenter.Segment(samples, melOptions);
        Assert.Equal(expectedMel.Data, mel);
        Assert.Equal(MelClipStacker.Stack(expectedMel, new MelClipOptions { Depth = 6 }).Data, TransformTestData.Column(output, "C")[0]);
    }

    [Fact]
    public void ManyRows_ReadInParallel_AndTwoTransformsWithDifferentOptions_EachKeepTheirOwn()
    {
        var rng = new Random(7);
        var clips = Enumerable.Range(0, 16)
            .Select(i => Enumerable.Range(0, 8000 + 997 * i).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray())
            .ToArray();
        var small = new MelSegmentOptions { MelBands = 24, SegmentFrames = 16, SegmentHop = 8 };
        var data = TransformTestData.Samples(_ml, clips);
        var output = _ml.Transforms.SerMelSegments("Big", "Samples")
            .Append(_ml.Transforms.SerMelSegments("Small", "Samples", small))
            .Append(_ml.Transforms.SerWaveformSegments("W", "Samples", segmentLength: 3125, hop: 1000, scale: 1))
            .Fit(data).Transform(data);

        var big = TransformTestData.Column(output, "Big");
        var smallSegments = TransformTestData.Column(output, "Small");
        var waveform = TransformTestData.Column(output, "W");
        for (var i = 0; i < clips.Length; i++)
        {
            Assert.Equal(MelSegmenter.Segment(clips[i], new MelSegmentOptions()).Data, big[i]);
            Assert.Equal(MelSegmenter.Segment(clips[i], small).Data, smallSegments[i]);
            Assert.Equal(WaveformSegmenter.Segment(clips[i], new WaveformSegmentOptions { SegmentLength = 3125, Hop = 1000, Scale = 1 }).Data, waveform[i]);
        }
    }

    [Fact]
    public void Outputs_AreVariableLengthSingleVectors_AndOnlyTheNamedColumnsAreAdded()
    {
        var data = TransformTestData.Samples(_ml, new float[30000], new float[5000]);
        var output = _ml.Transforms.SerFeatures().Fit(data).Transform(data);

        Assert.Equal(["Samples", "Waveform", "Mel", "Clips"], output.Schema.Where(c => !c.IsHidden).Select(c => c.Name));
        foreach (var name in new[] { "Waveform", "Mel", "Clips" })
            Assert.Equal(new VectorDataViewType(NumberDataViewType.Single), output.Schema[name].Type);
    }

    [Fact]
    public void AFixedSizeSamplesColumn_IsAccepted()
    {
        var samples = Enumerable.Range(0, 3000).Select(i => MathF.Sin(i * 0.1f)).ToArray();
        var data = _ml.Data.LoadFromEnumerable(new[] { new FixedRow { Samples = samples } });
        var output = _ml.Transforms.SerWaveformSegments().Fit(data).Transform(data);

        Assert.Equal(WaveformSegmenter.Segment(samples, new WaveformSegmentOptions()).Data, TransformTestData.Column(output, "Waveform")[0]);
    }

    [Fact]
    public void RowsWithoutSamples_GetNoSegments()
    {
        var data = TransformTestData.Samples(_ml, [], new float[3000]);
        var output = _ml.Transforms.SerFeatures().Fit(data).Transform(data);

        Assert.Empty(TransformTestData.Column(output, "Waveform")[0]);
        Assert.Empty(TransformTestData.Column(output, "Mel")[0]);
        Assert.Empty(TransformTestData.Column(output, "Clips")[0]);
        Assert.NotEmpty(TransformTestData.Column(output, "Clips")[1]);
    }

    [Fact]
    public void MelClips_OnSegmentsOfAnotherShape_IsAnErrorNamingTheColumn()
    {
        var data = TransformTestData.Samples(_ml, new float[3 * 40 * 32]);
        var output = _ml.Transforms.SerMelClips("Clips", "Samples").Fit(data).Transform(data);

        var error = Assert.ThrowsAny<Exception>(() => TransformTestData.Column(output, "Clips"));
        var message = error.InnerException?.Message ?? error.Message;
        Assert.Contains("SerMelClips: column 'Samples' holds 3840 floats", message);
        Assert.Contains("[3, 64, 64]", message);
    }

    [Fact]
    public void SchemaErrors_NameTheMissingOrMistypedColumn()
    {
        var paths = TransformTestData.Paths(_ml, "x.wav");

        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => _ml.Transforms.SerMelSegments("Mel", "Audio").Fit(paths));
        Assert.Contains("SerMelSegments: input column 'Audio' not found", missing.Message);

        var mistyped = Assert.Throws<ArgumentOutOfRangeException>(() => _ml.Transforms.SerFeatures(inputColumnName: "Path").Fit(paths));
        Assert.Contains("SerFeatures: input column 'Path' is a scalar String", mistyped.Message);

        var shape = TransformTestData.Shape<TransformTestData.PathRow>(_ml);
        var inChain = Assert.Throws<ArgumentOutOfRangeException>(
            () => _ml.Transforms.SerLoadAudio().Append(_ml.Transforms.SerMelClips("Clips", "Mel")).GetOutputSchema(shape));
        Assert.Contains("SerMelClips: input column 'Mel' not found", inChain.Message);

        var wrongItem = Assert.Throws<ArgumentOutOfRangeException>(
            () => _ml.Transforms.SerWaveformSegments("W", "D").GetOutputSchema(TransformTestData.Shape<DoubleRow>(_ml)));
        Assert.Contains("'D' is a vector of Double", wrongItem.Message);
    }

    [Fact]
    public void GetOutputSchema_AddsTheOutputColumns()
    {
        var shape = TransformTestData.Shape<TransformTestData.PathRow>(_ml);
        var output = _ml.Transforms.SerLoadAudio().Append(_ml.Transforms.SerFeatures()).GetOutputSchema(shape);

        Assert.Equal(["Path", "Samples", "Waveform", "Mel", "Clips"], output.Select(c => c.Name));
        Assert.All(output.Skip(1), c => Assert.Equal(SchemaShape.Column.VectorKind.VariableVector, c.Kind));
    }

    [Fact]
    public void InvalidOptions_AreRejectedWhenTheEstimatorIsMade()
    {
        Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.SerWaveformSegments(segmentLength: 0));
        Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.SerMelSegments(melBands: 0));
        Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.SerMelClips(depth: 0));
        Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.SerFeatures(melColumnName: "Samples"));
    }

    private sealed class FixedRow
    {
        [VectorType(3000)]
        public float[] Samples { get; set; } = [];
    }

    private sealed class DoubleRow
    {
        public double[] D { get; set; } = [];
    }
}
