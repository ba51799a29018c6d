using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Models;
using MlNetSer.Tests.Training;
using MlNetSer.Tests.Transforms;
using MlNetSer.Training;
using MlNetSer.Transforms;

namespace MlNetSer.Tests.Scoring;

/// <summary>A 1D CNN trained once on the tone corpus through the ML.NET pipeline, shared by the tests below.</summary>
public sealed class TrainedCnn1d : IDisposable
{
    public TrainedCnn1d()
    {
        Data = Corpus.Load(Ml);
        Features = Ml.Transforms.SerLoadAudio("Samples", "Path").Append(Ml.Transforms.SerWaveformSegments("Waveform", "Samples")).Fit(Data);
        var features = Features.Transform(Data);
        Keyed = Ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label").Fit(features).Transform(features);
        Network = Ml.MulticlassClassification.Trainers.SerNetwork(new SerNetworkOptions
        {
            Network = NetworkKind.Cnn1d,
            SegmentColumnName = "Waveform",
            LabelColumnName = "LabelKey",
            SpeakerColumnName = "Speaker",
            Trainer = new TrainerOptions { Epochs = 6, Seed = 3 },
        }).Fit(Keyed);
    }

    internal ToneCorpus Corpus { get; } = new(utterancesPerClass: 8, seconds: 0.4);

    public MLContext Ml { get; } = new(seed: 1);

    public IDataView Data { get; }

    public ITransformer Features { get; }

    public IDataView Keyed { get; }

    public SerNetworkTransformer Network { get; }

    public void Dispose()
    {
        Network.Dispose();
        Corpus.Dispose();
    }
}

[Collection(TrainingCollection.Name)]
public sealed class SerNetworkScoringTests : IClassFixture<TrainedCnn1d>, IDisposable
{
    private readonly TrainedCnn1d _trained;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlnetser-scoring-" + Guid.NewGuid().ToString("N"));

    public SerNetworkScoringTests(TrainedCnn1d trained)
    {
        _trained = trained;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Fit_AddsFixedSizeScoresThatSumToOne_AndFeatures()
    {
        var scored = _trained.Network.Transform(_trained.Keyed);

        var scoreType = Assert.IsType<VectorDataViewType>(scored.Schema["Score"].Type);
        var featureType = Assert.IsType<VectorDataViewType>(scored.Schema["Features"].Type);
        Assert.Equal(NumberDataViewType.Single, scoreType.ItemType);
        Assert.True(scoreType.IsKnownSize);
        Assert.Equal(2, scoreType.Size);
        Assert.Equal(1024, featureType.Size);
        foreach (var score in scored.GetColumn<float[]>("Score"))
        {
            Assert.Equal(2, score.Length);
            Assert.All(score, p => Assert.InRange(p, 0f, 1f));
            Assert.Equal(1.0, score.Sum(), 5);
        }

        Assert.DoesNotContain(scored.Schema, c => !c.IsHidden && c.Name is "input" or "utt_probs" or "utt_features");
    }

    [Fact]
    public void TheNetwork_BeatsChanceOnItsToyData_AndTheScoresFollowTheKeyOrder()
    {
        var scored = _trained.Network.Transform(_trained.Keyed);
        var keys = scored.GetColumn<uint>("LabelKey").ToArray();
        var scores = scored.GetColumn<float[]>("Score").ToArray();
        var correct = keys.Zip(scores).Count(p => Array.IndexOf(p.Second, p.Second.Max()) == p.First - 1);

        // Two classes: chance is 0.5.
        Assert.True(correct >= 0.85 * keys.Length, $"{correct} of {keys.Length} right; history: " +
            string.Join("; ", _trained.Network.Training.History.Select(h => $"{h.Epoch}: loss {h.TrainLoss:F3} val {h.ValidationAccuracy:F2}")));

        var keyValues = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["LabelKey"].GetKeyValues(ref keyValues);
        Assert.Equal(keyValues.DenseValues().Select(v => v.ToString()), _trained.Network.Labels);
        Assert.Equal(["low", "high"], _trained.Network.Labels);
        var onnx = global::Onnx.ModelProto.Parser.ParseFrom(_trained.Network.GetOnnxModel());
        Assert.Equal("[\"low\",\"high\"]", onnx.MetadataProps.Single(p => p.Key == "labels").Value);
        Assert.True(_trained.Network.Training.EpochsRun >= 1);
    }

    [Fact]
    public void SaveAndLoad_InTheSameProcess_GivesIdenticalOutputs_AndTheLabelsBack()
    {
        var zip = Path.Combine(_folder, "network.zip");
        _trained.Ml.Model.Save(_trained.Network, _trained.Keyed.Schema, zip);
        var loaded = new MLContext().Model.Load(zip, out _);

        var expected = _trained.Network.Transform(_trained.Keyed);
        var actual = loaded.Transform(_trained.Keyed);
        Assert.Equal(expected.GetColumn<float[]>("Score"), actual.GetColumn<float[]>("Score"));
        Assert.Equal(expected.GetColumn<float[]>("Features"), actual.GetColumn<float[]>("Features"));
        Assert.Equal(2, Assert.IsType<VectorDataViewType>(actual.Schema["Score"].Type).Size);
        Assert.Equal(["low", "high"], SerNetworkInspector.FindLabels(loaded));
        var info = Assert.Single(SerNetworkInspector.FindNetworks(loaded));
        Assert.Equal(("cnn1d", 1024, "Waveform"), (info.Network, info.FeatureSize, info.SegmentColumnName));
    }

    [Fact]
    public void SaveAndLoad_InAFreshProcess_TheCliGivesBitIdenticalScoresAndFeatures()
    {
        // The scoring model starts from file paths: the feature transforms, then the network (the label key is only needed to train).
        var model = new TransformerChain<ITransformer>(_trained.Features, _trained.Network);
        var paths = _trained.Corpus.Paths.Take(3).ToArray();
        var pathData = _trained.Ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { Path = p }));
        var zip = Path.Combine(_folder, "model.zip");
        _trained.Ml.Model.Save(model, pathData.Schema, zip);
        var expected = model.Transform(pathData);
        var expectedScores = expected.GetColumn<float[]>("Score").ToArray();
        var expectedFeatures = expected.GetColumn<float[]>("Features").ToArray();

        var (exitCode, stdout, stderr) = RunCli(["transform", "--model", zip, .. paths]);

        Assert.True(exitCode == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(paths.Length, lines.Length);
        for (var row = 0; row < paths.Length; row++)
        {
            using var line = JsonDocument.Parse(lines[row]);
            var columns = line.RootElement.GetProperty("columns");
            Assert.Equal(Bits(expectedScores[row]), Bits(Floats(columns.GetProperty("Score"))));
            Assert.Equal(Bits(expectedFeatures[row]), Bits(Floats(columns.GetProperty("Features"))));
        }
    }

    [Fact]
    public void ARowWithoutSegments_GetsAllZeroScoresAndFeatures()
    {
        var empty = _trained.Ml.Data.LoadFromEnumerable(new[] { new WaveformRow() });

        var scored = _trained.Network.Transform(empty);

        Assert.Equal([0f, 0f], scored.GetColumn<float[]>("Score").Single());
        Assert.All(scored.GetColumn<float[]>("Features").Single(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Fit_WithoutTheLabelColumn_NamesIt()
    {
        var estimator = _trained.Ml.MulticlassClassification.Trainers.SerNetwork(labelColumnName: "Emotion");

        var fit = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(_trained.Keyed));
        var shape = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(TransformTestData.Shape<ShapeRow>(_trained.Ml)));

        Assert.Contains("input column 'Emotion' not found", fit.Message);
        Assert.Equal(fit.Message, shape.Message);
    }

    [Fact]
    public void Fit_WithATextLabel_AsksForAKey()
    {
        var estimator = _trained.Ml.MulticlassClassification.Trainers.SerNetwork(labelColumnName: "Label");

        var fit = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(_trained.Keyed));

        Assert.Contains("'Label' is String", fit.Message);
        Assert.Contains("MapValueToKey", fit.Message);
    }

    [Fact]
    public void GetOutputSchema_AddsTheTwoVectorColumns()
    {
        var estimator = _trained.Ml.MulticlassClassification.Trainers.SerNetwork(labelColumnName: "LabelKey", scoreColumnName: "S", featuresColumnName: "F");

        var shape = estimator.GetOutputSchema(TransformTestData.Shape<ShapeRow>(_trained.Ml));

        Assert.Equal(SchemaShape.Column.VectorKind.Vector, shape.Single(c => c.Name == "S").Kind);
        Assert.Equal(SchemaShape.Column.VectorKind.Vector, shape.Single(c => c.Name == "F").Kind);
    }

    internal static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    internal static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    private static (int ExitCode, string Stdout, string Stderr) RunCli(string[] arguments)
    {
        // The CLI assembly sits beside the tests (project reference); run it with the host running the tests.
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(MlNetSer.Cli.Program).Assembly.Location);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }

    /// <summary>The columns the estimator reads, as a pipeline sees them before any data.</summary>
    public sealed class ShapeRow
    {
        public float[] Waveform { get; set; } = [];

        [KeyType(2)]
        public uint LabelKey { get; set; }

        public string Label { get; set; } = "";
    }

    private sealed class WaveformRow
    {
        public float[] Waveform { get; set; } = [];
    }

    private sealed class PathRow
    {
        public string Path { get; set; } = "";
    }
}
