using System.Text.Json;
using Microsoft.ML;
using MlNetSer.Features;
using MlNetSer.Platform;
using MlNetSer.Transforms;

namespace MlNetSer.Tests.Transforms;

public sealed class SerTransformsPersistenceTests : IDisposable
{
    private static readonly string[] OutputColumns = ["Samples", "W", "M", "C"];

    private readonly TempDirectory _folder = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _folder.Dispose();

    /// <summary>Every option away from its default, so that a lost option shows up as a wrong size or value.</summary>
    private IEstimator<ITransformer> NonDefaultPipeline()
    {
        var mel = new MelSegmentOptions
        {
            SampleRate = 16000, WindowLength = 400, HopLength = 160, FftSize = 512, MelBands = 40, MinFrequency = 50,
            MaxFrequency = 7000, LogFloor = 1e-8, SegmentFrames = 32, SegmentHop = 16, DeltaWidth = 3,
        };
        return _ml.Transforms.SerLoadAudio("Samples", "Path", sampleRate: 16000)
            .Append(_ml.Transforms.SerWaveformSegments("W", "Samples", new WaveformSegmentOptions { SegmentLength = 125, Hop = 100, Scale = 3.5f }))
            .Append(_ml.Transforms.SerMelSegments("M", "Samples", mel))
            .Append(_ml.Transforms.SerMelClips("C", "M", new MelClipOptions { Depth = 6 }, mel));
    }

    private string[] WriteClips() =>
    [
        TestWav.Write(_folder.Path, "one.wav", 1.7, sampleRate: 22050, seed: 4),
        TestWav.Write(_folder.Path, "two.wav", 0.9, sampleRate: 8000, channels: 2, seed: 5),
    ];

    private static float[][][] Outputs(ITransformer model, IDataView data)
    {
        var output = model.Transform(data);
        return OutputColumns.Select(name => TransformTestData.Column(output, name)).ToArray();
    }

    [Fact]
    public void SaveAndLoad_InTheSameProcess_GivesIdenticalOutputsUnderTheSameNames()
    {
        var paths = WriteClips();
        var data = TransformTestData.Paths(_ml, paths);
        var model = NonDefaultPipeline().Fit(data);
        var zip = Path.Combine(_folder.Path, "model.zip");
        _ml.Model.Save(model, data.Schema, zip);

        var loadContext = new MLContext();
        var loaded = loadContext.Model.Load(zip, out var inputSchema);

        Assert.Equal(["Path"], inputSchema.Select(c => c.Name));
        Assert.Equal(["Path", .. OutputColumns], loaded.Transform(data).Schema.Where(c => !c.IsHidden).Select(c => c.Name));
        var expected = Outputs(model, data);
        var actual = Outputs(loaded, TransformTestData.Paths(loadContext, paths));
        Assert.Equal(expected, actual);

        var engine = loadContext.Model.CreatePredictionEngine<TransformTestData.PathRow, TensorsRow>(loaded);
        var single = engine.Predict(new TransformTestData.PathRow { Path = paths[1] });
        Assert.Equal([expected[0][1], expected[1][1], expected[2][1], expected[3][1]], new[] { single.Samples, single.W, single.M, single.C });
        // 1.7 s at 16 kHz: 27 200 samples → 168 frames → 9 segments of 32 frames, hop 16 → 4 clips of depth 6.
        Assert.Equal((1 + (27200 - 125) / 100) * 125, expected[1][0].Length);
        Assert.Equal(9 * 3 * 40 * 32, expected[2][0].Length);
        Assert.Equal(4 * 3 * 6 * 40 * 32, expected[3][0].Length);
    }

    [Fact]
    public void TheInspector_ReadsTheOptionsBackFromALoadedModel()
    {
        var paths = WriteClips();
        var data = TransformTestData.Paths(_ml, paths);
        var zip = Path.Combine(_folder.Path, "model.zip");
        _ml.Model.Save(NonDefaultPipeline().Fit(data), data.Schema, zip);
        var loaded = new MLContext().Model.Load(zip, out _);

        Assert.Equal(
            ["MlNetSer.LoadAudio.v1", "MlNetSer.WaveformSegments.v1", "MlNetSer.MelSegments.v1", "MlNetSer.MelClips.v1"],
            SerModelInspector.FindTransforms(loaded).Select(t => t.Contract));
        Assert.Equal(16000, SerModelInspector.FindLoadSampleRate(loaded));
        var options = SerModelInspector.FindFeatureOptions(loaded)!;
        Assert.Equal((125, 100, 3.5f), (options.Waveform.SegmentLength, options.Waveform.Hop, options.Waveform.Scale));
        Assert.Equal((16000, 400, 160, 512, 40), (options.Mel.SampleRate, options.Mel.WindowLength, options.Mel.HopLength, options.Mel.FftSize, options.Mel.MelBands));
        Assert.Equal((50.0, 7000.0, 1e-8, 32, 16, 3), (options.Mel.MinFrequency, options.Mel.MaxFrequency, options.Mel.LogFloor, options.Mel.SegmentFrames, options.Mel.SegmentHop, options.Mel.DeltaWidth));
        Assert.Equal(6, options.Clip.Depth);

        var plain = _ml.Transforms.CopyColumns("P", "Path").Fit(data);
        Assert.Empty(SerModelInspector.FindTransforms(plain));
        Assert.Null(SerModelInspector.FindFeatureOptions(plain));
    }

    [Fact]
    public void SaveAndLoad_InAFreshProcess_TheCliGivesBitIdenticalTensors_AndReportsABadFile()
    {
        var paths = WriteClips();
        var data = TransformTestData.Paths(_ml, paths);
        var model = NonDefaultPipeline().Fit(data);
        var zip = Path.Combine(_folder.Path, "model.zip");
        _ml.Model.Save(model, data.Schema, zip);
        var missing = Path.Combine(_folder.Path, "missing.wav");
        var jsonl = Path.Combine(_folder.Path, "out.jsonl");

        var (exitCode, _, stderr) = CliRunner.FreshProcess("transform", "--model", zip, "--out", jsonl, paths[0], missing, paths[1]);

        Assert.True(exitCode == 2, $"exit code {exitCode}, stderr: {stderr}");
        Assert.Contains(missing, stderr);
        var lines = File.ReadAllLines(jsonl);
        Assert.Equal(3, lines.Length);

        using var bad = JsonDocument.Parse(lines[1]);
        Assert.Equal(missing, bad.RootElement.GetProperty("path").GetString());
        Assert.StartsWith(missing + ": ", bad.RootElement.GetProperty("error").GetString());

        var expected = Outputs(model, data);
        foreach (var (line, row) in new[] { (lines[0], 0), (lines[2], 1) })
        {
            using var good = JsonDocument.Parse(line);
            Assert.Equal(paths[row], good.RootElement.GetProperty("path").GetString());
            var columns = good.RootElement.GetProperty("columns");
            Assert.Equal(OutputColumns, columns.EnumerateObject().Select(p => p.Name));
            for (var c = 0; c < OutputColumns.Length; c++)
            {
                var values = columns.GetProperty(OutputColumns[c]).EnumerateArray().Select(v => v.GetSingle()).ToArray();
                Assert.Equal(Bits(expected[c][row]), Bits(values));
            }
        }
    }

    [Fact]
    public void Cli_WithAModelLackingAPathInput_FailsWithAClearMessage()
    {
        var samples = TransformTestData.Samples(_ml, new float[4000]);
        var model = _ml.Transforms.SerWaveformSegments().Fit(samples);
        var zip = Path.Combine(_folder.Path, "samples-model.zip");
        _ml.Model.Save(model, samples.Schema, zip);

        var (exitCode, _, stderr) = CliRunner.FreshProcess("transform", "--model", zip, WriteClips()[0]);

        Assert.Equal(3, exitCode);
        Assert.Contains("no 'Path' column", stderr);
    }

    [Fact]
    public void Cli_WithoutOut_WritesTheLinesToStandardOutput()
    {
        var path = TestWav.Write(_folder.Path, "a.wav", 0.3);
        var data = TransformTestData.Paths(_ml, path);
        var model = _ml.Transforms.SerLoadAudio().Append(_ml.Transforms.SerWaveformSegments()).Fit(data);
        var zip = Path.Combine(_folder.Path, "model.zip");
        _ml.Model.Save(model, data.Schema, zip);

        var (exitCode, stdout, stderr) = CliRunner.FreshProcess("transform", "--model", zip, path);

        Assert.True(exitCode == 0, stderr);
        using var line = JsonDocument.Parse(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(SerDevice.Auto.Resolve().ToString(), line.RootElement.GetProperty("device").GetString());
        var waveform = line.RootElement.GetProperty("columns").GetProperty("Waveform").EnumerateArray().Select(v => v.GetSingle());
        Assert.Equal(TransformTestData.Column(model.Transform(data), "Waveform")[0], waveform);
    }

    private sealed class TensorsRow
    {
        public float[] Samples { get; set; } = [];

        public float[] W { get; set; } = [];

        public float[] M { get; set; } = [];

        public float[] C { get; set; } = [];
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
