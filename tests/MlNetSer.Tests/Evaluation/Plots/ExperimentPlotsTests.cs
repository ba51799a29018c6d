using System.Text.RegularExpressions;
using Microsoft.ML;
using MlNetSer.Evaluation;
using MlNetSer.Evaluation.Plots;
using MlNetSer.Training;

namespace MlNetSer.Tests.Evaluation.Plots;

public sealed partial class ExperimentPlotsTests
{
    private static ExperimentReport ReportWithHistories()
    {
        var mlContext = new MLContext(seed: 1);
        CombinationFold Fold(int index, int seed) => CombinationEvaluatorTests.Evaluate(mlContext,
            ScoredFoldData.ThreeNetworks(30, seed + 1), ScoredFoldData.ThreeNetworks(30, seed + 2), index) with
        {
            Training = new Dictionary<string, TrainingHistory>
            {
                ["1d"] = TrainingCurvesPlotTests.History(5, 3),
                ["2d"] = TrainingCurvesPlotTests.History(5, 5, 0.7),
                ["3d"] = TrainingCurvesPlotTests.History(4, 2, 1.3),
            },
        };
        return ExperimentReport.Create("generated scores", "2 groups", [Fold(0, 41), Fold(1, 51)], TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void ReportMd_LinksEveryPlot_AndEveryLinkIsAPngBesideIt()
    {
        var report = ReportWithHistories();
        using var folder = new TempDirectory();
        var output = folder.File("out");

        var written = ExperimentReportWriter.Write(report, output, new PlotOptions { Width = 400, Height = 300 });

        var markdown = File.ReadAllText(Path.Combine(output, ExperimentReportWriter.MarkdownFileName));
        var links = ImageLink().Matches(markdown).Select(m => m.Groups[1].Value).ToArray();
        var pngs = written.Where(f => f.EndsWith(".png", StringComparison.Ordinal)).ToArray();
        // Per combination one pooled confusion; per fold the training curves and the λ grids of 1d+2d, 1d+3d, 2d+3d, 1d+2d+3d.
        Assert.Equal(report.Summaries.Count + report.Folds.Count * (1 + 4), pngs.Length);
        Assert.Equal(pngs.Length, links.Distinct().Count());
        foreach (var link in links)
        {
            Assert.StartsWith(ExperimentPlots.FolderName + "/", link, StringComparison.Ordinal);
            var path = Path.Combine(output, link);
            Assert.True(File.Exists(path), $"report.md links {link}, which does not exist");
            Assert.Equal((400, 300), PngImage.Size(File.ReadAllBytes(path)));
        }

        Assert.Contains($"({ExperimentPlots.FolderName}/{ExperimentPlots.ConfusionFileName("score_1d+2d+3d")})", markdown, StringComparison.Ordinal);
        Assert.Contains($"({ExperimentPlots.FolderName}/{ExperimentPlots.TrainingFileName(report.Folds[1].Name)})", markdown, StringComparison.Ordinal);
        Assert.Contains($"({ExperimentPlots.FolderName}/{ExperimentPlots.FusionWeightsFileName(report.Folds[0].Name, "score_1d+3d")})", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("lambda_" + report.Folds[0].Name + "_single", markdown, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(output, ExperimentPlots.FolderName), "*.tmp"));
    }

    [Fact]
    public void WithoutPlots_NoFolder_AndNoLinks()
    {
        var report = ReportWithHistories();
        using var folder = new TempDirectory();
        var output = folder.File("out");

        var written = ExperimentReportWriter.Write(report, output, plots: null);

        Assert.DoesNotContain(written, f => f.EndsWith(".png", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(output, ExperimentPlots.FolderName)));
        Assert.Empty(ImageLink().Matches(File.ReadAllText(Path.Combine(output, ExperimentReportWriter.MarkdownFileName))));
    }

    [Fact]
    public void FoldsWithoutHistories_GetNoTrainingPlot()
    {
        var report = ReportWithHistories();
        report = report with { Folds = report.Folds.Select(f => f with { Training = null }).ToArray() };
        using var folder = new TempDirectory();

        var plots = ExperimentPlots.Write(report, folder.Path, new PlotOptions { Width = 300, Height = 200 });

        Assert.DoesNotContain(plots, p => p.Kind == ReportPlotKind.TrainingCurves);
        Assert.Equal(report.Folds.Count * 4, plots.Count(p => p.Kind == ReportPlotKind.FusionWeights));
    }

    [Fact]
    public void PlotsThatCannotBeWritten_LeaveTheReport_WhichSaysWhy()
    {
        var report = ReportWithHistories();
        using var folder = new TempDirectory();
        var output = folder.File("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, ExperimentPlots.FolderName), "a file where the plots folder should go");

        var written = ExperimentReportWriter.Write(report, output, new PlotOptions());

        Assert.DoesNotContain(written, f => f.EndsWith(".png", StringComparison.Ordinal));
        var markdown = File.ReadAllText(Path.Combine(output, ExperimentReportWriter.MarkdownFileName));
        Assert.Contains("The plots could not be drawn:", markdown, StringComparison.Ordinal);
        Assert.Contains("## Table 7", markdown, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, ExperimentReportWriter.JsonFileName)));
    }

    [GeneratedRegex(@"!\[[^\]]*\]\(([^)]+)\)")]
    private static partial Regex ImageLink();
}
