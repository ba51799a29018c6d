using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Evaluation;
using MlNetSer.Fusion;
using MlNetSer.Metrics;

namespace MlNetSer.Tests.Fusion;

public sealed class SerFeatureFusionEstimatorTests : IDisposable
{
    private static readonly string[] FeatureColumns = ["F1", "F2", "F3"];

    private readonly MLContext _ml = new(seed: 1);
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetser-ffusion-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(FeatureFusionClassifier.LinearSvm, FeatureFusionNormalization.MeanVariance)]
    [InlineData(FeatureFusionClassifier.LinearSvm, FeatureFusionNormalization.MinMax)]
    [InlineData(FeatureFusionClassifier.FastTree, FeatureFusionNormalization.MeanVariance)]
    public void SeparableFeaturesAreLearnedWellAboveChance(FeatureFusionClassifier classifier, FeatureFusionNormalization normalization)
    {
        var train = FusionTestData.Keyed(_ml, FusionTestData.Rows(150, seed: 11));
        var test = FusionTestData.Keyed(_ml, FusionTestData.Rows(60, seed: 12));
        var options = new FeatureFusionOptions { Classifier = classifier, Normalization = normalization, FastTreeTrees = 20 };

        var model = _ml.MulticlassClassification.Trainers.SerFeatureFusion(FeatureColumns, options: options).Fit(train);
        var metrics = _ml.MulticlassClassification.Evaluate(model.Transform(test));

        // Chance is 1/3; the class shows in one slot of every network's features.
        Assert.True(metrics.MicroAccuracy > 0.9, $"accuracy {metrics.MicroAccuracy}");
    }

    [Fact]
    public void RenamedOutputsLiveBesideScoreFusionAndSurviveSaveLoad()
    {
        var train = FusionTestData.Keyed(_ml, FusionTestData.Rows(150, seed: 13));
        var test = FusionTestData.Keyed(_ml, FusionTestData.Rows(60, seed: 14));
        var pipeline = _ml.Transforms.SerScoreFusion(["S1", "S2", "S3"])
            .Append(_ml.MulticlassClassification.Trainers.SerFeatureFusion(new FeatureFusionOptions
            {
                FeatureColumnNames = FeatureColumns,
                NetworkNames = ["1d", "2d", "3d"],
                ScoreColumnName = "FeatureScore",
                PredictedLabelColumnName = "FeaturePredictedLabel",
            }));

        var model = pipeline.Fit(train);
        var path = Path.Combine(_folder, "both.zip");
        _ml.Model.Save(model, train.Schema, path);
        var loaded = new MLContext().Model.Load(path, out _);
        var before = model.Transform(test);
        var after = loaded.Transform(test);

        // The score fusion's columns are still the fused scores, not the SVM's.
        var scoreFusion = model.First(t => t is ScoreFusionTransformer).Transform(test);
        Assert.Equal(scoreFusion.GetColumn<float[]>("Score"), after.GetColumn<float[]>("Score"));
        Assert.Equal(before.GetColumn<uint>("FeaturePredictedLabel"), after.GetColumn<uint>("FeaturePredictedLabel"));
        var scoreMetrics = _ml.MulticlassClassification.Evaluate(after, "Label", "Score", "PredictedLabel");
        var featureMetrics = _ml.MulticlassClassification.Evaluate(after, "Label", "FeatureScore", "FeaturePredictedLabel");
        Assert.Equal(MulticlassReport.FromDataView(after, "Label", "PredictedLabel").Accuracy, scoreMetrics.MicroAccuracy, 12);
        Assert.True(featureMetrics.MicroAccuracy > 0.9, $"accuracy {featureMetrics.MicroAccuracy}");
        Assert.DoesNotContain(after.Schema, c => c.Name.StartsWith("MlNetSer_", StringComparison.Ordinal));

        var info = FusionInspector.FindFeatureFusion(loaded);
        Assert.NotNull(info);
        Assert.Equal(["1d", "2d", "3d"], info.Networks);
        Assert.Equal(FeatureFusionClassifier.LinearSvm, info.Classifier);
        Assert.Equal(FusionTestData.ClassNames, info.ClassNames);
        Assert.Equal("FeaturePredictedLabel", info.PredictedLabelColumnName);
        Assert.NotNull(FusionInspector.FindScoreFusion(loaded));
    }

    [Fact]
    public void BadFeatureColumnIsNamed()
    {
        var data = FusionTestData.Keyed(_ml, FusionTestData.Rows(9, seed: 15));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _ml.MulticlassClassification.Trainers.SerFeatureFusion(["F1", "Speaker"]).Fit(data));

        Assert.Contains("'Speaker'", error.Message);
    }

    [Fact]
    public void TheSvmRegularisationIsChosenByCrossValidatedLogLossOverSpeakerFolds_AndRecorded()
    {
        var rows = FusionTestData.Rows(140, seed: 21);
        var train = FusionTestData.Keyed(_ml, rows);
        var candidates = new[] { 1e-4f, 1e-2f, 1f };
        var options = new FeatureFusionOptions { SvmLambdaCandidates = candidates, GroupColumnName = "Speaker", CrossValidationFolds = 3 };

        var model = _ml.MulticlassClassification.Trainers.SerFeatureFusion(FeatureColumns, options: options).Fit(train);

        var info = FusionInspector.FindFeatureFusion(model)!;
        Assert.Contains(info.SvmLambda!.Value, candidates);
        Assert.True(info.CrossValidationLogLoss is > 0 and < 1.0986, $"cross-validated log-loss {info.CrossValidationLogLoss} (chance ln 3)");

        // With one candidate there is nothing to search: that value, no cross-validation.
        options.SvmLambdaCandidates = [0.05f];
        var fixedModel = _ml.MulticlassClassification.Trainers.SerFeatureFusion(FeatureColumns, options: options).Fit(train);
        var fixedInfo = FusionInspector.FindFeatureFusion(fixedModel)!;
        Assert.Equal(0.05f, fixedInfo.SvmLambda);
        Assert.Null(fixedInfo.CrossValidationLogLoss);
    }

    [Fact]
    public void CrossValidationFoldsKeepEverySpeakerInOneFoldAndUseEveryRowOnceForTesting()
    {
        var rows = FusionTestData.Rows(70, seed: 22); // speakers spk0 … spk6
        var data = FusionTestData.Keyed(_ml, rows);

        var folds = CrossValidationFolds.Split(_ml, data, "Speaker", folds: 3, seed: 1);

        Assert.Equal(3, folds.Count);
        var tested = new List<string>();
        foreach (var (training, test) in folds)
        {
            var trainingSpeakers = training.GetColumn<string>("Speaker").ToHashSet();
            var testSpeakers = test.GetColumn<string>("Speaker").ToHashSet();
            Assert.Empty(trainingSpeakers.Intersect(testSpeakers));
            Assert.Equal(70, training.GetColumn<string>("Speaker").Count() + test.GetColumn<string>("Speaker").Count());
            tested.AddRange(test.GetColumn<string>("Speaker"));
        }

        Assert.Equal(rows.Select(r => r.Speaker).Order(), tested.Order());
        // Without a group column (or one speaker) the folds are drawn over rows.
        Assert.Equal(3, CrossValidationFolds.Split(_ml, data, null, folds: 3, seed: 1).Count);
    }
}
