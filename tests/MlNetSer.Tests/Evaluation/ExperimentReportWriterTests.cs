using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using MlNetSer.Evaluation;
using MlNetSer.Tests.TestSupport;

namespace MlNetSer.Tests.Evaluation;

public sealed class ExperimentReportWriterTests
{
    private static ExperimentReport TwoFoldReport()
    {
        var mlContext = new MLContext(seed: 1);
        var folds = new[]
        {
            CombinationEvaluatorTests.Evaluate(mlContext, ScoredFoldData.ThreeNetworks(30, 42), ScoredFoldData.ThreeNetworks(30, 43), 0),
            CombinationEvaluatorTests.Evaluate(mlContext, ScoredFoldData.ThreeNetworks(30, 52), ScoredFoldData.ThreeNetworks(20, 53), 1),
        };
        return ExperimentReport.Create("generated scores", "leave-one-speaker-group-out, 2 groups", folds, TimeSpan.FromSeconds(12.5),
            new Dictionary<string, int> { ["utterances"] = 150, ["speakers"] = 10 });
    }

    [Fact]
    public void WritesMarkdownJsonAndConfusionCsvsThatAgreeWithTheFigures()
    {
        var report = TwoFoldReport();
        using var folder = new TempDirectory();
        var output = folder.File("out");

        var written = ExperimentReportWriter.Write(report, output);

        Assert.Equal(2 + 14, written.Count(f => !f.EndsWith(".png", StringComparison.Ordinal)));
        Assert.Empty(Directory.GetFiles(output, "*.tmp"));
        Assert.Empty(Directory.GetFiles(output, ".*"));

        var markdown = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("## Table 7", markdown);
        Assert.Contains("## Tables 8–9", markdown);
        Assert.Contains(PaperFigures.Source, markdown);
        Assert.Contains("NOT ours", markdown);
        Assert.Contains("AFEW5.0 (paper)", markdown);
        Assert.Contains("| Score-level (1D, 2D, 3D) |", markdown);
        Assert.Contains("| 35.77 | 44.06 |", markdown); // the paper's triple score fusion, in its own columns
        Assert.Contains("| Anger | 56.25 | 50.17 |", markdown); // paper Table 8
        Assert.Contains("| Fear | 5.41 | 9.65 |", markdown); // paper Table 9
        var triple = report.Summaries.Single(s => s.Id == "score_1d+2d+3d");
        var ours = $"{Percent(triple.Summary.Accuracy.Mean)} ± {Percent(triple.Summary.Accuracy.StdDev)}";
        Assert.Contains($"| Score-level (1D, 2D, 3D) | {ours} |", markdown);
        Assert.Contains("oracle", markdown);
        Assert.Contains("### 1D CNN (`confusion_single_1d.csv`)", markdown);

        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json"))))
        {
            var root = json.RootElement;
            Assert.Equal("leave-one-speaker-group-out, 2 groups", root.GetProperty("protocol").GetString());
            Assert.Equal(12.5, root.GetProperty("wallTimeSeconds").GetDouble());
            Assert.Equal(150, root.GetProperty("datasetCounts").GetProperty("utterances").GetInt32());
            Assert.Equal(2, root.GetProperty("folds").GetArrayLength());
            var foldRow = root.GetProperty("folds")[1].GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "score_1d+2d+3d");
            Assert.Equal(report.Folds[1].Rows.Single(r => r.Id == "score_1d+2d+3d").Weights, foldRow.GetProperty("weights").EnumerateArray().Select(w => w.GetDouble()));
            Assert.Contains("oracle", foldRow.GetProperty("oracle").GetProperty("label").GetString());
            var summary = root.GetProperty("summary").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "score_1d+2d+3d");
            Assert.Equal(triple.Summary.Accuracy.Mean, summary.GetProperty("accuracy").GetProperty("mean").GetDouble(), 12);
            Assert.Equal("score", summary.GetProperty("level").GetString());
            Assert.Equal(2, summary.GetProperty("weightsPerFold").GetArrayLength());
            Assert.Equal(2, summary.GetProperty("oracle").GetProperty("weightsPerFold").GetArrayLength());
            Assert.Equal(report.Best.Id, root.GetProperty("bestFusion").GetString());
            Assert.Equal(11, root.GetProperty("paper").GetProperty("table7").GetArrayLength());
        }

        var testUtterances = report.Folds.Sum(f => f.TestCount);
        Assert.Equal(150, testUtterances);
        foreach (var s in report.Summaries)
        {
            var lines = File.ReadAllLines(Path.Combine(output, ExperimentReportWriter.ConfusionFileName(s.Id)));
            Assert.Equal("true\\predicted,anger,joy,sad", lines[0]);
            Assert.Equal(ScoredFoldData.ClassNames, lines.Skip(1).Select(l => l.Split(',')[0]));
            var counts = lines.Skip(1).Select(l => l.Split(',').Skip(1).Select(int.Parse).ToArray()).ToArray();
            Assert.Equal(testUtterances, counts.Sum(row => row.Sum()));
            Assert.Equal(s.Summary.ConfusionMatrix, counts);
            Assert.Equal([50, 50, 50], counts.Select(row => row.Sum()));
        }
    }

    [Fact]
    public void RewritingReplacesTheFilesAndAFileInTheWayIsAClearError()
    {
        var report = TwoFoldReport();
        using var folder = new TempDirectory();
        var output = folder.File("out");
        ExperimentReportWriter.Write(report, output);
        File.WriteAllText(Path.Combine(output, "report.md"), "stale");

        ExperimentReportWriter.Write(report, output);

        Assert.StartsWith("# MlNetSer experiment", File.ReadAllText(Path.Combine(output, "report.md")));
        var blocked = folder.Write("a-file", [1]);
        var error = Assert.Throws<IOException>(() => ExperimentReportWriter.Write(report, blocked));
        Assert.Contains(blocked, error.Message);
    }

    [Fact]
    public void BestFusionIsTheFusedRowWithTheHighestMeanAccuracy()
    {
        var report = TwoFoldReport();

        var fusions = report.Summaries.Where(s => s.Networks.Count > 1).ToArray();
        Assert.Equal(fusions.Max(s => s.Summary.Accuracy.Mean), report.Best.Summary.Accuracy.Mean);
        Assert.True(report.Best.Networks.Count > 1);
    }

    [Fact]
    public void TheVerdictJudgesTheModelsOwnFusionsAndLabelsTheBestOfTable7AsChosenOnTheTestFigures()
    {
        var report = TwoFoldReport();
        using var folder = new TempDirectory();
        var output = folder.File("out");

        ExperimentReportWriter.Write(report, output);

        Assert.Equal(["score_1d+2d+3d", "feature_1d+2d+3d"], report.ModelFusions.Select(s => s.Id));
        var markdown = File.ReadAllText(Path.Combine(output, "report.md"));
        var verdict = markdown.Split('\n').Single(l => l.StartsWith("**Best single network:**", StringComparison.Ordinal));
        var single = report.Summaries.Where(s => s.Level == FusionLevel.Single).MaxBy(s => s.Summary.Accuracy.Mean)!;
        foreach (var (fusion, level) in report.ModelFusions.Zip(new[] { "score level", "feature level" }))
        {
            var difference = (fusion.Summary.Accuracy.Mean - single.Summary.Accuracy.Mean) * 100;
            var points = (difference >= 0 ? "+" : "−") + Math.Abs(difference).ToString("F2", CultureInfo.InvariantCulture);
            Assert.Contains($"{level} {Percent(fusion.Summary.Accuracy.Mean)} ± {Percent(fusion.Summary.Accuracy.StdDev)} % ({points} points against the best single network", verdict);
        }

        Assert.Contains($"**Best of the 8 fusions in Table 7:** {report.Best.DisplayName}", verdict);
        Assert.Contains("chosen on these test figures, so optimistic", verdict);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        Assert.Equal(["score_1d+2d+3d", "feature_1d+2d+3d"], json.RootElement.GetProperty("modelFusions").EnumerateArray().Select(e => e.GetString()));
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("F2", CultureInfo.InvariantCulture);
}
