using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Evaluation;
using MlNetSer.Metrics;

namespace MlNetSer.Tests.Evaluation;

public sealed class MulticlassReportTests
{
    private static readonly string[] Names = ["neutral", "angry", "sad"];

    // truth:     0 0 0 0 1 1 1 2 2 2
    // predicted: 0 0 1 2 1 1 0 2 2 1
    private static readonly int[] Truth = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    private static readonly int[] Predicted = [0, 0, 1, 2, 1, 1, 0, 2, 2, 1];

    [Fact]
    public void FiguresMatchHandComputedValues()
    {
        var report = MulticlassReport.Compute(Truth, Predicted, Names);

        int[][] expected = [[2, 1, 1], [1, 2, 0], [0, 1, 2]];
        Assert.Equal(expected, report.ConfusionMatrix);
        Assert.Equal(0.6, report.Accuracy, 12);
        Assert.Equal((2.0 / 4 + 2.0 / 3 + 2.0 / 3) / 3, report.Uar, 12);
        Assert.Equal([4, 3, 3], report.PerClass.Select(c => c.Support));
        Assert.Equal(2.0 / 3, report.PerClass[0].Precision, 12); // column 0: 2 of 3
        Assert.Equal(0.5, report.PerClass[1].Precision, 12);     // column 1: 2 of 4
        Assert.Equal(2.0 / 3, report.PerClass[2].Precision, 12); // column 2: 2 of 3
        Assert.Equal(2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3), report.PerClass[0].F1, 12);
        Assert.Equal(Names, report.PerClass.Select(c => c.Name));
    }

    [Fact]
    public void NeverPredictedClassHasZeroPrecisionAndAbsentClassIsLeftOutOfUar()
    {
        var report = MulticlassReport.Compute([0, 0, 1], [0, 0, 0], Names);

        Assert.Equal(0, report.PerClass[1].Precision);
        Assert.Equal(0, report.PerClass[1].F1);
        Assert.Equal(0, report.PerClass[2].Support);
        Assert.Equal((1.0 + 0.0) / 2, report.Uar, 12);
    }

    [Fact]
    public void BadInputIsRefused()
    {
        Assert.Throws<ArgumentException>(() => MulticlassReport.Compute([0, 1], [0], Names));
        Assert.Throws<ArgumentException>(() => MulticlassReport.Compute([0, 3], [0, 0], Names));
        Assert.Throws<ArgumentException>(() => MulticlassReport.Compute([], [], Names));
    }

    [Fact]
    public void AgreesWithMlNetEvaluate()
    {
        var ml = new MLContext(seed: 1);
        var rows = Truth.Select((t, i) => new Row { Label = Names[t], Predicted = Names[Predicted[i]], Score = OneHot(Predicted[i]) });
        var keyData = ml.Data.LoadFromEnumerable(Names.Select(n => new NameRow { Label = n }));
        var data = ml.Data.LoadFromEnumerable(rows);
        var scored = ml.Transforms.Conversion.MapValueToKey("Label", keyData: keyData)
            .Append(ml.Transforms.Conversion.MapValueToKey("PredictedLabel", "Predicted", keyData: keyData))
            .Fit(data).Transform(data);

        var metrics = ml.MulticlassClassification.Evaluate(scored);
        var report = MulticlassReport.FromDataView(scored);

        Assert.Equal(metrics.MicroAccuracy, report.Accuracy, 12);
        Assert.Equal(metrics.MacroAccuracy, report.Uar, 12);
        Assert.Equal(Names, report.ClassNames);
        for (var t = 0; t < Names.Length; t++)
        {
            Assert.Equal(metrics.ConfusionMatrix.PerClassRecall[t], report.PerClass[t].Recall, 12);
            Assert.Equal(metrics.ConfusionMatrix.PerClassPrecision[t], report.PerClass[t].Precision, 12);
            for (var p = 0; p < Names.Length; p++)
                Assert.Equal(metrics.ConfusionMatrix.Counts[t][p], report.ConfusionMatrix[t][p]);
        }
    }

    [Fact]
    public void FoldSummaryGivesMeanSampleStdAndSummedMatrixAndRoundTripsThroughJson()
    {
        var first = MulticlassReport.Compute(Truth, Predicted, Names);   // accuracy 0.6
        var second = MulticlassReport.Compute(Truth, Truth, Names);      // accuracy 1.0

        var summary = FoldSummary.Of([first, second]);

        Assert.Equal(0.8, summary.Accuracy.Mean, 12);
        Assert.Equal(Math.Sqrt(((0.6 - 0.8) * (0.6 - 0.8) + (1 - 0.8) * (1 - 0.8)) / 1), summary.Accuracy.StdDev, 12);
        Assert.Equal(6, summary.ConfusionMatrix[0][0]);
        Assert.Equal(20, summary.ConfusionMatrix.Sum(r => r.Sum()));
        Assert.Equal((0.5 + 1) / 2, summary.Recall[0].Mean, 12);
        Assert.Equal(0, FoldSummary.Of([first]).Accuracy.StdDev);

        var json = JsonSerializer.Serialize(summary);
        var back = JsonSerializer.Deserialize<FoldSummary>(json)!;
        Assert.Equal(summary.Accuracy, back.Accuracy);
        Assert.Equal(summary.ConfusionMatrix, back.ConfusionMatrix);
        Assert.Equal(summary.Folds[0].PerClass, back.Folds[0].PerClass);
    }

    [Fact]
    public void FoldsOverDifferentClassesAreRefused()
    {
        var a = MulticlassReport.Compute([0], [0], ["x", "y"]);
        var b = MulticlassReport.Compute([0], [0], ["x", "z"]);

        Assert.Throws<ArgumentException>(() => FoldSummary.Of([a, b]));
        Assert.Throws<ArgumentException>(() => FoldSummary.Of([]));
    }

    private static float[] OneHot(int index) => Enumerable.Range(0, Names.Length).Select(i => i == index ? 1f : 0f).ToArray();

    private sealed class Row
    {
        public string Label { get; set; } = "";

        public string Predicted { get; set; } = "";

        [VectorType(3)]
        public float[] Score { get; set; } = [];
    }

    private sealed class NameRow
    {
        public string Label { get; set; } = "";
    }
}
