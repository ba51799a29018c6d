using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Evaluation;
using MlNetSer.Fusion;
using MlNetSer.Metrics;

namespace MlNetSer.Tests.Fusion;

public sealed class SerScoreFusionEstimatorTests : IDisposable
{
    private static readonly string[] ScoreColumns = ["S1", "S2", "S3"];

    private readonly MLContext _ml = new(seed: 1);
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetser-fusion-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // The paper's Eq. 1: raw scores, λ by accuracy.
    private static ScoreFusionOptions Paper() => new()
    {
        ScoreColumnNames = ScoreColumns,
        Calibrate = false,
        Criterion = ScoreFusionCriterion.Accuracy,
    };

    [Fact]
    public void FitSearchesTheGridAndTheOutputFollowsEquationOne()
    {
        var validation = FusionTestData.Keyed(_ml, FusionTestData.Rows(90, seed: 1));
        var rows = FusionTestData.Rows(60, seed: 2);
        var test = FusionTestData.Keyed(_ml, rows);

        var fusion = _ml.Transforms.SerScoreFusion(Paper()).Fit(validation);

        Assert.Equal(66, fusion.Search!.Grid.Count);
        Assert.False(fusion.IsOracle);
        Assert.Equal(ScoreFusionMode.Validation, fusion.Info.Mode);
        Assert.Equal(FusionTestData.ClassNames, fusion.Info.ClassNames);
        Assert.Equal(fusion.Search.Best.Weights, fusion.Weights);
        Assert.Equal(0, fusion.Info.WeightShrinkage); // the paper's accuracy rule has no prior, whatever the option says

        var output = fusion.Transform(test);
        var scores = output.GetColumn<float[]>("Score").ToArray();
        var predicted = output.GetColumn<uint>("PredictedLabel").ToArray();
        var weights = fusion.Weights.Select(w => (float)w).ToArray();
        for (var i = 0; i < rows.Length; i++)
        {
            var expected = new float[FusionRow.Classes];
            ScoreFusionSearch.Fuse([rows[i].S1, rows[i].S2, rows[i].S3], weights, expected);
            Assert.Equal(expected, scores[i]);
            Assert.Equal(ScoreFusionSearch.ArgMax(expected) + 1, (int)predicted[i]);
        }
    }

    [Fact]
    public void ByDefaultEachNetworkIsTemperatureScaledAndLambdaMinimisesTheLogLossOfTheScaledScores()
    {
        var validationRows = FusionTestData.Rows(90, seed: 1);
        var validation = FusionTestData.Keyed(_ml, validationRows);
        var rows = FusionTestData.Rows(60, seed: 2);

        var fusion = _ml.Transforms.SerScoreFusion(ScoreColumns).Fit(validation);

        // The temperatures and λ are what the two public steps give on the same data.
        var labels = validationRows.Select(r => Array.IndexOf(FusionTestData.ClassNames, r.Label)).ToArray();
        var raw = new[] { validationRows.Select(r => r.S1).ToArray(), validationRows.Select(r => r.S2).ToArray(), validationRows.Select(r => r.S3).ToArray() };
        var temperatures = raw.Select(s => ScoreCalibration.FitTemperature(s, labels)).ToArray();
        Assert.Equal(temperatures, fusion.Info.Temperatures);
        var calibratedScores = raw.Select((s, n) => ScoreCalibration.Apply(s, temperatures[n])).ToArray();
        var expectedSearch = ScoreFusionSearch.Search(calibratedScores, labels,
            FusionTestData.ClassNames, criterion: ScoreFusionCriterion.LogLoss, weightShrinkage: ScoreFusionSearch.DefaultWeightShrinkage);
        Assert.Equal(expectedSearch.Best.Weights, fusion.Weights);
        Assert.Equal(ScoreFusionCriterion.LogLoss, fusion.Info.Criterion);
        Assert.Equal(ScoreFusionSearch.DefaultWeightShrinkage, fusion.Info.WeightShrinkage);
        Assert.Equal(expectedSearch.Best.LogLoss, fusion.Info.FitLogLoss!.Value, 12);
        // Without the pull the search is free to leave equal weights further behind, never nearer.
        var free = _ml.Transforms.SerScoreFusion(new ScoreFusionOptions { ScoreColumnNames = ScoreColumns, WeightShrinkage = 0 }).Fit(validation);
        var freeSearch = ScoreFusionSearch.Search(calibratedScores, labels, FusionTestData.ClassNames, criterion: ScoreFusionCriterion.LogLoss);
        Assert.Equal(freeSearch.Best.Weights, free.Weights);
        Assert.Equal(0, free.Info.WeightShrinkage);
        Assert.True(DistanceToEqual(fusion.Weights) <= DistanceToEqual(free.Weights));
        Assert.True(free.Info.FitLogLoss <= fusion.Info.FitLogLoss);

        // The model's ONNX graph computes Σ λ·softmax(ln(s)/T), as ScoreCalibration does, also after saving and loading.
        var path = Path.Combine(_folder, "calibrated.zip");
        var test = FusionTestData.Keyed(_ml, rows);
        _ml.Model.Save(fusion, test.Schema, path);
        var loaded = _ml.Model.Load(path, out _);
        var scores = loaded.Transform(test).GetColumn<float[]>("Score").ToArray();
        Assert.Equal(temperatures, FusionInspector.FindScoreFusion(loaded)!.Temperatures);
        Assert.Equal(ScoreFusionSearch.DefaultWeightShrinkage, FusionInspector.FindScoreFusion(loaded)!.WeightShrinkage);
        for (var i = 0; i < rows.Length; i++)
        {
            var expected = new float[FusionRow.Classes];
            float[][] calibrated = [.. new[] { rows[i].S1, rows[i].S2, rows[i].S3 }.Select((s, n) => ScoreCalibration.Apply((IReadOnlyList<float>)s, temperatures[n]))];
            ScoreFusionSearch.Fuse(calibrated, fusion.Weights.Select(w => (float)w).ToArray(), expected);
            Assert.Equal(expected, scores[i], (a, b) => Math.Abs(a - b) < 1e-6f);
        }
    }

    [Fact]
    public void FitFindsTheKnownBestWeightsThroughTheDataView()
    {
        var (scores, labels) = ScoreFusionSearchTests.UniqueOptimum([0.2, 0.5, 0.3]);
        string[] names = ["a", "b"];
        var rows = labels.Select((label, i) => new TwoClassRow { Label = names[label], S1 = scores[0][i], S2 = scores[1][i], S3 = scores[2][i] });
        var raw = _ml.Data.LoadFromEnumerable(rows);
        var keyData = _ml.Data.LoadFromEnumerable(names.Select(n => new TwoClassRow { Label = n }));
        var data = _ml.Transforms.Conversion.MapValueToKey("Label", keyData: _ml.Transforms.SelectColumns("Label").Fit(keyData).Transform(keyData))
            .Fit(raw).Transform(raw);

        var fusion = _ml.Transforms.SerScoreFusion(Paper()).Fit(data);
        var metrics = _ml.MulticlassClassification.Evaluate(fusion.Transform(data));

        Assert.Equal([0.2, 0.5, 0.3], fusion.Weights.Select(w => Math.Round(w, 12)));
        Assert.Equal(1.0, fusion.Info.FitAccuracy);
        Assert.Equal(1.0, metrics.MicroAccuracy);
    }

    [Fact]
    public void EvaluateWorksInProcessAndAfterSaveLoadAndAgreesWithTheReport()
    {
        var validation = FusionTestData.Keyed(_ml, FusionTestData.Rows(90, seed: 3));
        var test = FusionTestData.Keyed(_ml, FusionTestData.Rows(60, seed: 4));
        var model = _ml.Transforms.SerScoreFusion(new ScoreFusionOptions { ScoreColumnNames = ScoreColumns, NetworkNames = ["1d", "2d", "3d"] }).Fit(validation);
        var path = Path.Combine(_folder, "fusion.zip");
        _ml.Model.Save(model, validation.Schema, path);
        var loaded = new MLContext().Model.Load(path, out _);

        var before = model.Transform(test);
        var after = loaded.Transform(test);

        Assert.Equal(before.GetColumn<float[]>("Score"), after.GetColumn<float[]>("Score"));
        Assert.Equal(before.GetColumn<uint>("PredictedLabel"), after.GetColumn<uint>("PredictedLabel"));
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, FusionRow.Classes), after.Schema["Score"].Type);
        foreach (var scored in new[] { before, after })
        {
            var metrics = _ml.MulticlassClassification.Evaluate(scored, "Label", "Score", "PredictedLabel");
            var report = MulticlassReport.FromDataView(scored, "Label", "PredictedLabel");
            Assert.Equal(report.Accuracy, metrics.MicroAccuracy, 12);
            Assert.Equal(report.Uar, metrics.MacroAccuracy, 12);
            Assert.Equal(FusionTestData.ClassNames, report.ClassNames);
            for (var t = 0; t < FusionRow.Classes; t++)
            {
                for (var p = 0; p < FusionRow.Classes; p++)
                    Assert.Equal(report.ConfusionMatrix[t][p], metrics.ConfusionMatrix.Counts[t][p]);
            }
        }

        var info = FusionInspector.FindScoreFusion(loaded);
        Assert.NotNull(info);
        Assert.Equal(model.Weights, info.Weights);
        Assert.Equal(["1d", "2d", "3d"], info.Networks);
        Assert.Equal(FusionTestData.ClassNames, info.ClassNames);
        Assert.Equal(ScoreFusionMode.Validation, info.Mode);
        // The internal columns do not leak.
        Assert.DoesNotContain(after.Schema, c => c.Name.StartsWith("MlNetSer_", StringComparison.Ordinal) || c.Name.StartsWith("__MlNetSer", StringComparison.Ordinal));
    }

    [Fact]
    public void PredictionEngineOnTheLoadedModelGivesTheClassName()
    {
        var data = FusionTestData.Keyed(_ml, FusionTestData.Rows(30, seed: 5));
        var model = _ml.Transforms.SerScoreFusion(["S1", "S2"]).Fit(data);
        var path = Path.Combine(_folder, "two.zip");
        _ml.Model.Save(model, data.Schema, path);
        var ml = new MLContext();
        var loaded = ml.Model.Load(path, out _);
        var named = loaded.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedName", "PredictedLabel").Fit(loaded.Transform(data)));

        var row = FusionTestData.Rows(1, seed: 6)[0];
        row.S1 = [0.1f, 0.7f, 0.2f];
        row.S2 = [0.2f, 0.6f, 0.2f];
        var engine = ml.Model.CreatePredictionEngine<FusionRow, NamedPrediction>(named);

        Assert.Equal(11, model.Search!.Grid.Count);
        Assert.Equal("happy", engine.Predict(row).PredictedName);
    }

    [Fact]
    public void OracleModeAndFixedWeightsAreRecorded()
    {
        var data = FusionTestData.Keyed(_ml, FusionTestData.Rows(30, seed: 7));

        var oracle = _ml.Transforms.SerScoreFusion(new ScoreFusionOptions { ScoreColumnNames = ScoreColumns, Mode = ScoreFusionMode.Oracle }).Fit(data);
        var fixedFusion = _ml.Transforms.SerScoreFusion(new ScoreFusionOptions { ScoreColumnNames = ScoreColumns, Weights = [0.2, 0.5, 0.3] }).Fit(data);

        Assert.True(oracle.IsOracle);
        Assert.True(FusionInspector.FindScoreFusion(oracle)!.IsOracle);
        Assert.Null(fixedFusion.Search);
        Assert.Equal([0.2, 0.5, 0.3], fixedFusion.Weights);
        Assert.Equal(ScoreFusionMode.Fixed, FusionInspector.FindScoreFusion(fixedFusion)!.Mode);
    }

    [Fact]
    public void BadColumnsAreNamed()
    {
        var data = FusionTestData.Keyed(_ml, FusionTestData.Rows(9, seed: 8));
        var raw = _ml.Data.LoadFromEnumerable(FusionTestData.Rows(9, seed: 8));

        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => _ml.Transforms.SerScoreFusion(["S1", "Nope"]).Fit(data));
        var wrongSize = Assert.Throws<ArgumentOutOfRangeException>(() => _ml.Transforms.SerScoreFusion(["S1", "F1"]).Fit(data));
        var notKey = Assert.Throws<ArgumentOutOfRangeException>(() => _ml.Transforms.SerScoreFusion(ScoreColumns).Fit(raw));
        Assert.Throws<ArgumentException>(() => _ml.Transforms.SerScoreFusion(new ScoreFusionOptions { ScoreColumnNames = ScoreColumns, Weights = [0.5, 0.6, 0] }));

        Assert.Contains("'Nope'", missing.Message);
        Assert.Contains("'F1'", wrongSize.Message);
        Assert.Contains("'Label'", notKey.Message);
    }

    [Fact]
    public void GetOutputSchemaAddsScoreAndKeyPrediction()
    {
        var input = _ml.Transforms.Conversion.MapValueToKey("Label")
            .GetOutputSchema(MlNetSer.Tests.Transforms.TransformTestData.Shape<FusionRow>(_ml));
        var shape = _ml.Transforms.SerScoreFusion(ScoreColumns, scoreColumnName: "Fused", predictedLabelColumnName: "FusedLabel")
            .GetOutputSchema(input);

        Assert.Contains(shape, c => c.Name == "Fused" && c.ItemType == NumberDataViewType.Single);
        Assert.Contains(shape, c => c.Name == "FusedLabel" && c.IsKey);
    }

    public sealed class TwoClassRow
    {
        public string Label { get; set; } = "";

        [VectorType(2)]
        public float[] S1 { get; set; } = [0, 0];

        [VectorType(2)]
        public float[] S2 { get; set; } = [0, 0];

        [VectorType(2)]
        public float[] S3 { get; set; } = [0, 0];
    }

    public sealed class NamedPrediction
    {
        public string PredictedName { get; set; } = "";
    }

    private static double DistanceToEqual(IReadOnlyList<double> weights) => weights.Sum(w => (w - 1.0 / weights.Count) * (w - 1.0 / weights.Count));
}
