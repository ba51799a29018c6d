using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MlNetSer.Audio;
using MlNetSer.Evaluation;
using MlNetSer.Export;
using MlNetSer.Fusion;
using MlNetSer.Pipeline;
using MlNetSer.Platform;
using MlNetSer.Tests.TestSupport;
using MlNetSer.Tests.Training;
using Xunit.Abstractions;
using MlNetSer.Metrics;

namespace MlNetSer.Tests.Pipeline;

[Collection(TrainingCollection.Name)]
public sealed class SerPipelineTests(TrainedPipeline trained, ITestOutputHelper log) : IClassFixture<TrainedPipeline>
{
    private static readonly string[] FloatColumns = [SerColumns.Score1d, SerColumns.Score3d, SerColumns.FeatureScore, SerColumns.Score];

    [Fact]
    public void Model_TakesPathAndAnEmptyLabel_AndOutputsTheConventionalColumns_WithTextPredictions()
    {
        var scored = trained.Result.Model.Transform(trained.PathData(trained.TestPaths));

        foreach (var (column, size) in new[] { (SerColumns.Score1d, 3), (SerColumns.Features1d, 1024), (SerColumns.Score3d, 3), (SerColumns.Features3d, 256), (SerColumns.Score, 3), (SerColumns.FeatureScore, 3) })
            Assert.Equal(size, Assert.IsType<VectorDataViewType>(scored.Schema[column].Type).Size);
        Assert.IsType<TextDataViewType>(scored.Schema[SerColumns.PredictedLabel].Type);
        Assert.IsType<TextDataViewType>(scored.Schema[SerColumns.FeaturePredictedLabel].Type);
        Assert.All(scored.GetColumn<string>(SerColumns.PredictedLabel), l => Assert.Contains(l, PipelineCorpus.Labels));
        foreach (var dropped in new[] { SerColumns.Samples, SerColumns.Waveform, SerColumns.Mel, SerColumns.Clips, SerColumns.Score2d })
            Assert.Null(scored.Schema.GetColumnOrNull(dropped));
        Assert.All(scored.GetColumn<float[]>(SerColumns.Score), s => Assert.Equal(1.0, s.Sum(), 4));

        var networksOnly = trained.Result.NetworkModel.Transform(trained.PathData(trained.TestPaths)).Schema;
        Assert.NotNull(networksOnly.GetColumnOrNull(SerColumns.Score3d));
        Assert.Null(networksOnly.GetColumnOrNull(SerColumns.Score));
        Assert.Null(networksOnly.GetColumnOrNull(SerColumns.FeatureScore));
    }

    [Fact]
    public void Fit_RecordsHistoriesAndTheDevice_AndCopiesTheOnnxModels()
    {
        Assert.Equal(["1d", "3d"], trained.Result.Training.Keys.Order());
        // The default device (auto) resolved once: every network trained where the result says.
        Assert.Equal(SerDevice.Auto.Resolve(), trained.Result.Device);
        Assert.All(trained.Result.Training.Values, t => Assert.Equal(trained.Result.Device, t.Device));
        Assert.All(trained.Result.Training.Values, t => Assert.InRange(t.EpochsRun, 1, TrainedPipeline.Epochs));
        Assert.True(new FileInfo(Path.Combine(trained.OnnxDirectory, "1d.onnx")).Length > 1_000_000);
        Assert.True(File.Exists(Path.Combine(trained.OnnxDirectory, "3d.onnx")));
        Assert.False(File.Exists(Path.Combine(trained.OnnxDirectory, "2d.onnx")));
    }

    [Fact]
    public void Fit_KeepsTheWholeLambdaGrid_ItsBestPointBeingTheChosenWeights()
    {
        var search = trained.Result.ScoreFusionSearch;

        Assert.NotNull(search);
        Assert.Equal(11, search.Grid.Count); // two networks, step 0.1
        Assert.Equal(trained.Result.ScoreFusion.Weights, search.Best.Weights);
        Assert.Equal(trained.Result.ScoreFusion.FitAccuracy, search.Best.Accuracy);
        Assert.Equal(ScoreFusionCriterion.LogLoss, trained.Result.ScoreFusion.Criterion);
        // The default criterion: the lowest log-loss of the temperature-scaled scores, pulled towards equal weights.
        Assert.Equal(ScoreFusionSearch.DefaultWeightShrinkage, trained.Result.ScoreFusion.WeightShrinkage);
        var penalised = search.Grid.Select(p => ScoreFusionSearch.PenalisedLogLoss(p, trained.Result.ScoreFusion.FitCount, ScoreFusionSearch.DefaultWeightShrinkage)).ToArray();
        Assert.Equal(penalised.Min(), ScoreFusionSearch.PenalisedLogLoss(search.Best, trained.Result.ScoreFusion.FitCount, ScoreFusionSearch.DefaultWeightShrinkage));
        Assert.Equal(2, trained.Result.ScoreFusion.Temperatures!.Count);
    }

    [Fact]
    public void Fit_FitsTheFusionsOnTheValidationSpeakersOutputs_NotOnTheSpeakersTheNetworksTrainedOn()
    {
        var fusionData = trained.Result.FusionData;

        var speakers = fusionData.GetColumn<string>(SerColumns.Speaker).ToArray();
        Assert.Equal(trained.Fold.Validation.Count, speakers.Length);
        Assert.Equal(trained.Fold.ValidationSpeakers.Order(), speakers.Distinct().Order());
        Assert.Equal(trained.Fold.Validation.Count, trained.Result.ScoreFusion.FitCount);
        // The fusion data holds the networks' own outputs for those utterances.
        var validation = trained.Result.NetworkModel.Transform(trained.PathData(trained.Fold.Validation.Select(e => e.Path)));
        Assert.Equal(validation.GetColumn<float[]>(SerColumns.Score1d), fusionData.GetColumn<float[]>(SerColumns.Score1d));
    }

    [Fact]
    public void Fit_KeepsTheLogMelBaselineInTheModel_TrainedOnTrainingAndValidationSpeakers()
    {
        var loaded = trained.Ml.Model.Load(trained.ModelPath, out _);
        var info = SerModelInfo.Read(loaded);

        var baseline = Assert.IsType<FeatureFusionInfo>(info.Baseline);
        Assert.Equal([SerColumns.MelStatistics], baseline.FeatureColumnNames);
        Assert.Equal(SerColumns.BaselineScore, baseline.ScoreColumnName);
        Assert.NotEqual(info.Baseline, info.FeatureFusion);
        var scored = loaded.Transform(trained.PathData(trained.TestPaths));
        Assert.Equal(128, Assert.IsType<VectorDataViewType>(scored.Schema[SerColumns.MelStatistics].Type).Size);
        Assert.All(scored.GetColumn<string>(SerColumns.BaselinePredictedLabel), l => Assert.Contains(l, PipelineCorpus.Labels));
    }

    [Fact]
    public void ModelInfo_ReadsLabelsNetworksAndFusions_FromTheLoadedModel()
    {
        var loaded = trained.Ml.Model.Load(trained.ModelPath, out _);

        var info = SerModelInfo.Read(loaded);

        Assert.Equal(PipelineCorpus.Labels, info.Labels);
        Assert.Equal(["1d", "3d"], info.Networks);
        var fusion = Assert.IsType<ScoreFusionInfo>(info.ScoreFusion);
        Assert.Equal(["1d", "3d"], fusion.Networks);
        Assert.Equal(trained.Result.ScoreFusion.Weights, fusion.Weights);
        Assert.Equal(1.0, fusion.Weights.Sum(), 9);
        Assert.False(fusion.IsOracle);
        Assert.Equal(trained.Fold.Validation.Count, fusion.FitCount);
        var featureFusion = Assert.IsType<FeatureFusionInfo>(info.FeatureFusion);
        Assert.Equal(FeatureFusionClassifier.LinearSvm, featureFusion.Classifier);
        Assert.Equal([SerColumns.Features1d, SerColumns.Features3d], featureFusion.FeatureColumnNames);
        Assert.Equal(TrainedPipeline.ClipFrameHop, info.Features!.Clip.FrameHop);
        Assert.Equal(30, info.Features.Mel.SegmentHop);
        Assert.Contains($"clips of 4 segments hop {TrainedPipeline.ClipFrameHop}", info.ToString());
        Assert.DoesNotContain(loaded.GetOutputSchema(SerInput.Schema(trained.Ml)), c => c.Name == SerColumns.ClipSegments);
    }

    [Fact]
    public void TheFusedOnnxGraph_OfAModelWhoseClipsHaveTheirOwnHop_MatchesThePipeline()
    {
        var onnxPath = trained.Corpus.Folder.File("fused-clip-hop.onnx");
        SerFusedOnnx.Export(trained.Ml, trained.ModelPath, onnxPath);
        var predictor = new SerPredictor(trained.Ml, trained.Ml.Model.Load(trained.ModelPath, out _));
        using var session = new InferenceSession(onnxPath);

        foreach (var path in trained.TestPaths)
        {
            var expected = predictor.Predict(path);
            var outputs = FusedOnnxRun.Run(session, AudioReader.Load(path).Samples).Floats;
            log.WriteLine($"{Path.GetFileName(path)}: {string.Join(" ", expected.Scores)} vs {string.Join(" ", outputs[SerFusedOnnx.Probabilities])}");
            Assert.Equal(expected.Scores, outputs[SerFusedOnnx.Probabilities], (a, b) => Math.Abs(a - b) <= 1e-4);
            Assert.Equal(["1d", "3d"], expected.Networks.Select(n => n.Name));
            foreach (var (name, scores) in expected.Networks)
                Assert.Equal(scores, outputs[SerFusedOnnx.UtteranceProbabilities(name)], (a, b) => Math.Abs(a - b) <= 1e-4);
        }
    }

    [Fact]
    public void FreshProcess_TransformOfTheZip_GivesTheInProcessScores()
    {
        var paths = trained.TestPaths.Take(4).ToArray();
        var inProcess = trained.Result.Model.Transform(trained.PathData(paths));
        var expected = FloatColumns.ToDictionary(c => c, c => inProcess.GetColumn<float[]>(c).ToArray());

        var result = CliRunner.FreshProcess(["transform", "--model", trained.ModelPath, .. paths]);

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(paths.Length, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            Assert.Equal(paths[i], json.RootElement.GetProperty("path").GetString());
            var columns = json.RootElement.GetProperty("columns");
            foreach (var column in FloatColumns)
                Assert.Equal(expected[column][i], columns.GetProperty(column).EnumerateArray().Select(v => v.GetSingle()).ToArray());
        }
    }

    [Fact]
    public void PredictionEngine_OnTheLoadedModel_PredictsLikeTheFittedModel()
    {
        var loaded = trained.Ml.Model.Load(trained.ModelPath, out _);
        var engine = trained.Ml.Model.CreatePredictionEngine<SerInput, SerPrediction>(loaded);
        var fitted = trained.Result.Model.Transform(trained.PathData(trained.TestPaths));
        var scores = fitted.GetColumn<float[]>(SerColumns.Score).ToArray();
        var labels = fitted.GetColumn<string>(SerColumns.PredictedLabel).ToArray();

        for (var i = 0; i < trained.TestPaths.Length; i++)
        {
            var prediction = engine.Predict(new SerInput { Path = trained.TestPaths[i] });
            Assert.Equal(scores[i], prediction.Score);
            Assert.Equal(labels[i], prediction.PredictedLabel);
        }
    }

    [Fact]
    public void Evaluate_OnTheLoadedModel_AgreesWithMulticlassReport_AndBeatsChanceOnTheHeldOutSpeaker()
    {
        var loaded = trained.Ml.Model.Load(trained.ModelPath, out _);
        var test = MlNetSer.Data.ManifestDataView.Load(trained.Ml, trained.Fold.Test);
        var scored = loaded.Transform(test);   // raw manifest rows: the model keys the text labels itself

        var metrics = trained.Ml.MulticlassClassification.Evaluate(scored);
        var report = MulticlassReport.FromDataView(scored);   // text predictions, named by the label key's classes

        Assert.Equal(metrics.MicroAccuracy, report.Accuracy, 9);
        Assert.Equal(metrics.MacroAccuracy, report.Uar, 9);
        for (var t = 0; t < 3; t++)
        {
            for (var p = 0; p < 3; p++)
                Assert.Equal(metrics.ConfusionMatrix.Counts[t][p], report.ConfusionMatrix[t][p]);
        }

        var all = SerPipelineEvaluation.Evaluate(trained.Ml, loaded, test, out var skipped);
        Assert.Equal(0, skipped);
        Assert.Equal(["1d", "3d", SerPipelineEvaluation.FeatureFusion, SerPipelineEvaluation.ScoreFusion, SerPipelineEvaluation.Baseline], all.Select(r => r.Name));
        Assert.Equal(report.Accuracy, all[3].Report.Accuracy);
        foreach (var (name, r) in all)
            log.WriteLine($"{name}: accuracy {r.Accuracy:0.000}, UAR {r.Uar:0.000} on {r.Count} utterances of the held-out speaker");
        Assert.Equal(trained.Fold.Test.Count, report.Count);
        Assert.True(report.Accuracy > 0.6, $"score fusion accuracy {report.Accuracy} on the held-out speaker (chance 1/3)");
        Assert.True(all[2].Report.Accuracy > 0.6, $"feature fusion accuracy {all[2].Report.Accuracy} on the held-out speaker (chance 1/3)");
    }

    [Fact]
    public void Predictor_GoesOnPastABadFile_NamingIt_AndPredictsTheOthersAsTheModelDoes()
    {
        using var folder = new MlNetSer.Tests.TestSupport.TempDirectory();
        var bad = folder.Write("broken.wav", "RIFF but not a wave file"u8.ToArray());
        var good = trained.TestPaths.Take(2).ToArray();
        var expected = trained.Result.Model.Transform(trained.PathData(good));

        var results = new SerPredictor(trained.Ml, trained.Result.Model).PredictAll([good[0], bad, good[1]]).ToArray();

        Assert.Equal([good[0], bad, good[1]], results.Select(r => r.File));
        Assert.Null(results[1].Prediction);
        Assert.Contains("broken.wav", results[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(expected.GetColumn<string>(SerColumns.PredictedLabel), [results[0].Prediction!.Label, results[2].Prediction!.Label]);
        Assert.Equal(expected.GetColumn<float[]>(SerColumns.Score), [results[0].Prediction!.Scores, results[2].Prediction!.Scores]);
        Assert.Equal(["1d", "3d"], results[0].Prediction!.Networks.Select(n => n.Name));
    }

    [Fact]
    public void Model_KeysTextLabelsInItsClassOrder_AndUnknownLabelsAsMissing()
    {
        var paths = trained.TestPaths;
        var data = trained.Ml.Data.LoadFromEnumerable(new[]
        {
            new SerInput { Path = paths[0], Label = "sad" }, new SerInput { Path = paths[1], Label = "anger" }, new SerInput { Path = paths[2], Label = "bored" },
        });

        var keyed = trained.Result.Model.Transform(data);

        Assert.Equal([3u, 1u, 0u], keyed.GetColumn<uint>(SerColumns.Label));
        Assert.Equal(PipelineCorpus.Labels, MulticlassReport.ClassNamesOf(keyed.Schema, SerColumns.Label));
        Assert.Equal(PipelineCorpus.Labels, SerModelInfo.Read(trained.Result.Model).Labels);
    }

    [Fact]
    public void Options_WarnOnlyWhenThe2dNetworkStartsFromRandomWeights()
    {
        Assert.Null(new SerPipelineOptions().RandomInitialisationWarning());
        var alexNet = new SerPipelineOptions { Backbone = MlNetSer.Models.NetworkKind.AlexNet2d };
        Assert.Contains("alexnet", alexNet.RandomInitialisationWarning());
        Assert.Equal("alexnet, random initialisation", alexNet.BackboneDescription());
        alexNet.Networks = ["1d", "3d"];
        Assert.Null(alexNet.RandomInitialisationWarning());
        Assert.NotNull(new SerPipelineOptions { PretrainedResnet18 = false }.RandomInitialisationWarning());
        var given = new SerPipelineOptions { Backbone = MlNetSer.Models.NetworkKind.Vgg16, BackboneWeights = "/data/vgg16-397923af.pth" };
        Assert.Null(given.RandomInitialisationWarning());
        Assert.Equal("vgg16, initialised from vgg16-397923af.pth", given.BackboneDescription());
    }

    [Fact]
    public void Options_RejectUnknownNetworksAndBackbones()
    {
        Assert.Throws<ArgumentException>(() => new SerPipelineTrainer(new SerPipelineOptions { Networks = ["4d"] }));
        Assert.Throws<ArgumentException>(() => new SerPipelineTrainer(new SerPipelineOptions { Networks = ["1d", "1d"] }));
        Assert.Throws<ArgumentException>(() => new SerPipelineTrainer(new SerPipelineOptions { Backbone = MlNetSer.Models.NetworkKind.Cnn3d }));
        var fast = new SerPipelineOptions { Preset = SerPipelinePreset.Fast };
        static int InputSize(SerPipelineOptions options) => options.NetworkOptions("2d").Backbone2d.InputSizeFor(options.Backbone);
        Assert.Equal(64, InputSize(new SerPipelineOptions { Preset = SerPipelinePreset.Fast, Backbone = MlNetSer.Models.NetworkKind.Resnet18 }));
        Assert.Equal(64, InputSize(new SerPipelineOptions { Preset = SerPipelinePreset.Fast, Backbone = MlNetSer.Models.NetworkKind.AlexNet2d }));
        Assert.Equal(227, InputSize(new SerPipelineOptions { Backbone = MlNetSer.Models.NetworkKind.AlexNet2d }));
        Assert.Equal(224, InputSize(new SerPipelineOptions { Backbone = MlNetSer.Models.NetworkKind.Resnet18 }));
        Assert.Equal(224, InputSize(new SerPipelineOptions { Backbone = MlNetSer.Models.NetworkKind.Vgg16 }));
        Assert.Equal((SerPipelineOptions.FastEpochs, SerPipelineOptions.FastPatience), (fast.TrainerOptions().Epochs, fast.TrainerOptions().Patience));
        Assert.Equal((SerPipelineOptions.FastEpochs, SerPipelineOptions.FastPatience), (fast.NetworkOptions("1d").Trainer.Epochs, fast.NetworkOptions("1d").Trainer.Patience));
        Assert.Equal((SerPipelineOptions.Fast3dEpochs, SerPipelineOptions.Fast3dPatience), (fast.NetworkOptions("3d").Trainer.Epochs, fast.NetworkOptions("3d").Trainer.Patience));
        Assert.Equal(7, new SerPipelineOptions { Preset = SerPipelinePreset.Fast, Epochs = 7 }.NetworkOptions("3d").Trainer.Epochs);
        Assert.Equal("up to 15 epochs (3d: 60)", fast.EpochLimits());
        Assert.Equal("up to 15 epochs", new SerPipelineOptions { Preset = SerPipelinePreset.Fast, Networks = ["1d", "2d"] }.EpochLimits());
        Assert.Equal("up to 300 epochs", new SerPipelineOptions().EpochLimits());
        Assert.Equal(300, new SerPipelineOptions().TrainerOptions().Epochs);
    }

    [Fact]
    public void Fit_RefusesSharedSpeakers_AndLabelsMissingFromTheGivenClassList_BeforeTraining()
    {
        var trainer = new SerPipelineTrainer(new SerPipelineOptions { Networks = ["1d"] });
        var sharedSpeaker = trained.Fold.Training.Where(e => e.Speaker == trained.Fold.Training[0].Speaker).ToArray();

        var shared = Assert.Throws<ArgumentException>(() => new SerPipelineTrainer().Fit(trained.Fold.Training, sharedSpeaker));
        var labels = Assert.Throws<ArgumentException>(() => trainer.Fit(trained.Fold.Training, trained.Fold.Validation, ["anger", "joy"]));

        Assert.Contains(trained.Fold.Training[0].Speaker, shared.Message, StringComparison.Ordinal);
        Assert.Contains("sad", labels.Message, StringComparison.Ordinal);
    }
}
