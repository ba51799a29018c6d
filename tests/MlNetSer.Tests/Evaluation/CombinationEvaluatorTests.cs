using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Evaluation;
using MlNetSer.Fusion;
using MlNetSer.Metrics;

namespace MlNetSer.Tests.Evaluation;

public sealed class CombinationEvaluatorTests
{
    private const int PerClass = 40;

    [Fact]
    public void SubsetsFollowThePapersTable7Order()
    {
        var subsets = CombinationEvaluator.Subsets(["1d", "2d", "3d"]).Select(s => string.Join("+", s));

        Assert.Equal(["1d", "2d", "3d", "1d+2d", "1d+3d", "2d+3d", "1d+2d+3d"], subsets);
    }

    [Fact]
    public void ThreeNetworksGiveSevenRowsPerLevelAndTheTripleFusionBeatsEverySingle()
    {
        var mlContext = new MLContext(seed: 1);
        var test = ScoredFoldData.ThreeNetworks(PerClass, seed: 3);
        var fold = Evaluate(mlContext, ScoredFoldData.ThreeNetworks(PerClass, 2), test);

        var scoreSide = fold.Rows.Where(r => r.Level is FusionLevel.Single or FusionLevel.Score).ToArray();
        var featureSide = fold.Rows.Where(r => r.Level == FusionLevel.Feature).ToArray();
        Assert.Equal(7, scoreSide.Length);
        Assert.Equal(7, featureSide.Length);
        Assert.Equal(3, scoreSide.Count(r => r.Level == FusionLevel.Single));
        Assert.Equal(ScoredFoldData.ClassNames, fold.ClassNames);
        Assert.Equal((3 * PerClass, 3 * PerClass), (fold.FusionCount, fold.TestCount));
        Assert.DoesNotContain(fold.Rows, r => r.Level == FusionLevel.Baseline); // the views carry no baseline predictions

        // A single row is the argmax of that network's own score: recompute it independently.
        var labels = ScoredFoldData.Labels(test);
        var single1d = fold.Rows.Single(r => r.Id == "single_1d");
        var expected1d = MulticlassReport.Compute(labels, test.Select(r => ScoreFusionSearch.ArgMax(r.Score1d)).ToArray(), ScoredFoldData.ClassNames);
        Assert.Equal(expected1d.ConfusionMatrix, single1d.Report.ConfusionMatrix);
        Assert.Null(single1d.Oracle);

        var bestSingle = fold.Rows.Where(r => r.Level == FusionLevel.Single).Max(r => r.Report.Accuracy);
        var triple = fold.Rows.Single(r => r.Id == "score_1d+2d+3d");
        Assert.True(triple.Report.Accuracy > bestSingle, $"score fusion {triple.Report.Accuracy} vs best single {bestSingle}");
        Assert.Equal(1.0, triple.Weights!.Sum(), 9);
        Assert.All(fold.Rows, r => Assert.Equal(3 * PerClass, r.Report.Count));
    }

    [Fact]
    public void ScoreWeightsComeFromTheFusionDataAndTheOracleIsSeparateAndNotWorseOnTest()
    {
        var mlContext = new MLContext(seed: 1);
        // Fusion data: only 2d is informative; test: only 1d is. The honest λ must favour 2d, the oracle 1d.
        var validation = ScoredFoldData.TwoNetworks(PerClass, 2, 0.0, 2.5);
        var test = ScoredFoldData.TwoNetworks(PerClass, 3, 2.5, 0.0);
        // The paper's Eq. 1 (raw scores, λ by accuracy), so that the search can be redone here with ScoreFusionSearch alone.
        var evaluator = new CombinationEvaluator(mlContext, new CombinationEvaluatorOptions { Calibrate = false, Criterion = ScoreFusionCriterion.Accuracy });
        var fold = evaluator.EvaluateFold(ScoredFoldData.Keyed(mlContext, validation), ScoredFoldData.Keyed(mlContext, test), index: 0, name: "split");

        Assert.Equal(3, fold.Rows.Count(r => r.Level != FusionLevel.Feature));
        Assert.Equal(3, fold.Rows.Count(r => r.Level == FusionLevel.Feature));

        var pair = fold.Rows.Single(r => r.Id == "score_1d+2d");
        var fromValidation = ScoreFusionSearch.Search([ScoredFoldData.Scores(validation, r => r.Score1d), ScoredFoldData.Scores(validation, r => r.Score2d)],
            ScoredFoldData.Labels(validation), ScoredFoldData.ClassNames).Best;
        var testScores = new[] { ScoredFoldData.Scores(test, r => r.Score1d), ScoredFoldData.Scores(test, r => r.Score2d) };
        // The oracle is the paper's procedure: the most accurate λ on the test data itself.
        var fromTest = ScoreFusionSearch.Search(testScores, ScoredFoldData.Labels(test), ScoredFoldData.ClassNames, criterion: ScoreFusionCriterion.Accuracy).Best;
        Assert.True(fromValidation.Weights[1] > fromValidation.Weights[0], "validation should favour 2d");
        Assert.True(fromTest.Weights[0] > fromTest.Weights[1], "test should favour 1d");

        Assert.Equal(fromValidation.Weights, pair.Weights);
        Assert.NotNull(pair.Oracle);
        Assert.Equal(fromTest.Weights, pair.Oracle!.Weights);
        Assert.Equal(ScoreFusionSearch.Score(testScores, ScoredFoldData.Labels(test), ScoredFoldData.ClassNames, fromValidation.Weights).Accuracy,
            pair.Report.Accuracy, 12);
        Assert.Equal(fromTest.Accuracy, pair.Oracle.Report.Accuracy, 12);
        Assert.True(pair.Oracle.Report.Accuracy > pair.Report.Accuracy, $"oracle {pair.Oracle.Report.Accuracy} vs honest {pair.Report.Accuracy}");
    }

    [Fact]
    public void OracleCanBeSwitchedOffAndFeatureLevelBeatsChance()
    {
        var mlContext = new MLContext(seed: 1);
        var evaluator = new CombinationEvaluator(mlContext, new CombinationEvaluatorOptions { IncludeOracle = false });
        var fold = evaluator.EvaluateFold(
            ScoredFoldData.Keyed(mlContext, ScoredFoldData.ThreeNetworks(PerClass, 12)),
            ScoredFoldData.Keyed(mlContext, ScoredFoldData.ThreeNetworks(PerClass, 13)));

        Assert.All(fold.Rows, r => Assert.Null(r.Oracle));
        var feature = fold.Rows.Single(r => r.Id == "feature_1d+2d+3d");
        Assert.Null(feature.Weights);
        Assert.True(feature.Report.Accuracy > 0.6, $"feature-level fusion accuracy {feature.Report.Accuracy} (chance 0.33)");
        Assert.Equal(3 * PerClass, feature.Report.ConfusionMatrix.Sum(row => row.Sum()));
    }

    [Fact]
    public void FoldSummaryAveragesTwoFoldsPerRow()
    {
        var mlContext = new MLContext(seed: 1);
        var folds = new[]
        {
            Evaluate(mlContext, ScoredFoldData.ThreeNetworks(PerClass, 22), ScoredFoldData.ThreeNetworks(PerClass, 23), 0),
            Evaluate(mlContext, ScoredFoldData.ThreeNetworks(PerClass, 32), ScoredFoldData.ThreeNetworks(30, 33), 1),
        };

        var summaries = CombinationSummary.Of(folds);

        Assert.Equal(14, summaries.Count);
        foreach (var summary in summaries)
        {
            var rows = folds.Select(f => f.Rows.Single(r => r.Id == summary.Id)).ToArray();
            Assert.Equal(2, summary.Summary.Folds.Count);
            Assert.Equal(rows.Average(r => r.Report.Accuracy), summary.Summary.Accuracy.Mean, 12);
            Assert.Equal(Math.Abs(rows[0].Report.Accuracy - rows[1].Report.Accuracy) / Math.Sqrt(2), summary.Summary.Accuracy.StdDev, 12);
            Assert.Equal(3 * PerClass + 3 * 30, summary.Summary.ConfusionMatrix.Sum(row => row.Sum()));
            Assert.Equal(rows.Select(r => r.Weights), summary.WeightsPerFold);
            Assert.Equal(summary.Level == FusionLevel.Score, summary.Oracle is not null);
        }
    }

    [Fact]
    public void AMissingScoreColumnOrDifferentClassesIsAClearError()
    {
        var mlContext = new MLContext(seed: 1);
        var evaluator = new CombinationEvaluator(mlContext, new CombinationEvaluatorOptions { Networks = ["1d", "3d"] });
        var two = ScoredFoldData.Keyed(mlContext, ScoredFoldData.TwoNetworks(5, 1, 1, 1));

        var missing = Assert.Throws<ArgumentException>(() => evaluator.EvaluateFold(two, two));
        Assert.Contains("Score3d", missing.Message);
        Assert.Contains("fusion", missing.Message);

        var rows = ScoredFoldData.TwoNetworks(5, 1, 1, 1);
        var plain = mlContext.Data.LoadFromEnumerable(rows.Reverse()); // "sad" seen first
        var otherKeys = mlContext.Transforms.Conversion.MapValueToKey("Label").Fit(plain).Transform(plain);
        var otherOrder = Assert.Throws<ArgumentException>(() => new CombinationEvaluator(mlContext).EvaluateFold(otherKeys, two));
        Assert.Contains("fusion", otherOrder.Message);

        var narrowTest = mlContext.Transforms.Concatenate("Features1d", "Score1d").Fit(two).Transform(two); // 3 features, training has 4
        var featureMismatch = Assert.Throws<ArgumentException>(() => new CombinationEvaluator(mlContext).EvaluateFold(two, narrowTest));
        Assert.Contains("Feature-level fusion of 1d", featureMismatch.Message);

        var unkeyed = Assert.Throws<ArgumentException>(() => new CombinationEvaluator(mlContext).EvaluateFold(two, plain));
        Assert.Contains("key", unkeyed.Message);
    }

    [Fact]
    public void ALazyUpstreamIsComputedOncePerRowOfEachView()
    {
        // A CustomMapping stands in for the networks: it runs on every pass a cursor makes over the view.
        var mlContext = new MLContext(seed: 1);
        var passes = new int[2];
        IDataView Counted(IEnumerable<ThreeNetworkRow> rows, int view)
        {
            var data = ScoredFoldData.Keyed(mlContext, rows);
            return mlContext.Transforms.CustomMapping((OneScore input, OneScore output) =>
                {
                    Interlocked.Increment(ref passes[view]);
                    output.Score1d = input.Score1d;
                    output.Features1d = input.Features1d;
                }, contractName: null)
                .Fit(data).Transform(data);
        }

        var fold = new CombinationEvaluator(mlContext).EvaluateFold(
            Counted(ScoredFoldData.ThreeNetworks(10, 62), 0), Counted(ScoredFoldData.ThreeNetworks(10, 63), 1));

        Assert.Equal(14, fold.Rows.Count);
        Assert.Equal([30, 30], passes);
    }

    public sealed class OneScore
    {
        [VectorType(ThreeNetworkRow.Classes)]
        public float[] Score1d { get; set; } = [];

        [VectorType(ThreeNetworkRow.FeatureSize)]
        public float[] Features1d { get; set; } = [];
    }

    internal static CombinationFold Evaluate(MLContext mlContext, IEnumerable<ThreeNetworkRow> fusion, IEnumerable<ThreeNetworkRow> test, int index = 0)
        => new CombinationEvaluator(mlContext).EvaluateFold(ScoredFoldData.Keyed(mlContext, fusion), ScoredFoldData.Keyed(mlContext, test), index, $"group{index + 1}");
}
