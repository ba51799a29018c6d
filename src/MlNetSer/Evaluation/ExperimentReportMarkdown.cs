using System.Globalization;
using System.Text;
using MlNetSer.Evaluation.Plots;

namespace MlNetSer.Evaluation;

/// <summary>Lays an <see cref="ExperimentReport"/> out as markdown, in the paper's table order.</summary>
internal static class ExperimentReportMarkdown
{
    private const string Dash = "—";

    public static string Build(ExperimentReport report, string oracleLabel) => Build(report, oracleLabel, [], null);

    /// <summary>The report with links to the <paramref name="plots"/> written beside it (relative paths).</summary>
    /// <param name="report">The report.</param>
    /// <param name="oracleLabel">How oracle figures are labelled.</param>
    /// <param name="plots">The plots that exist beside the report; only these are linked.</param>
    /// <param name="plotProblem">Why the plots could not be drawn, stated in the report; null when they were.</param>
    public static string Build(ExperimentReport report, string oracleLabel, IReadOnlyList<ReportPlot> plots, string? plotProblem)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(plots);
        var md = new StringBuilder();
        Header(md, report);
        Table7(md, report, oracleLabel);
        ScoreVersusFeature(md, report);
        Tables8And9(md, report);
        PerFold(md, report);
        FoldPlots(md, report, plots, plotProblem);
        Confusions(md, report, plots);
        return md.ToString();
    }

    /// <summary>A fraction as a percentage with two decimals, as the paper prints it.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("F2", CultureInfo.InvariantCulture);

    private static string PercentOf(MetricSummary summary, int folds)
        => folds > 1 ? $"{Percent(summary.Mean)} ± {Percent(summary.StdDev)}" : Percent(summary.Mean);

    // A class or fold name inside a table cell: a '|' would split the cell.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');

    private static string Paper(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    private static string Weights(IReadOnlyList<double>? weights)
        => weights is null ? Dash : "(" + string.Join(", ", weights.Select(w => w.ToString("0.0#", CultureInfo.InvariantCulture))) + ")";

    private static string WeightsPerFold(IEnumerable<IReadOnlyList<double>?>? perFold)
        => perFold is null ? Dash : string.Join("; ", perFold.Select(Weights));

    private static void Header(StringBuilder md, ExperimentReport report)
    {
        md.Append("# MlNetSer experiment\n\n");
        md.Append($"- Data: {report.Dataset}\n");
        md.Append($"- Protocol: {report.Protocol}\n");
        md.Append($"- Classes ({report.ClassNames.Count}): {string.Join(", ", report.ClassNames.Select(Cell))}\n");
        foreach (var (name, count) in report.DatasetCounts)
            md.Append($"- {name}: {count.ToString(CultureInfo.InvariantCulture)}\n");
        md.Append($"- Wall time: {report.WallTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s\n");
        if (report.Device is { } device)
            md.Append($"- Device: {device}\n");
        md.Append("- The fusions are fitted on network outputs for utterances the networks did not train on (the fusion data: ");
        md.Append("no speaker shared with the test data): score-level λ and the feature-level one-versus-all linear SVM alike. ");
        md.Append("Every figure is on the test data.\n");
        md.Append($"- Figures are percent, mean ± sample standard deviation over {report.Folds.Count} fold(s).\n\n");
        Verdict(md, report);

        md.Append("| Fold | Training | Validation | Fusion data | Test |\n|---|---:|---:|---:|---:|\n");
        foreach (var fold in report.Folds)
            md.Append($"| {Cell(fold.Name)} | {fold.TrainingCount} | {fold.ValidationCount} | {fold.FusionCount} | {fold.TestCount} |\n");
        md.Append('\n');
    }

    // The paper's claim, checked on this run: do the model's fusions beat the best single network and the baseline?
    // The best of Table 7's fusions is named too, but as what it is: a choice made on these test figures.
    private static void Verdict(StringBuilder md, ExperimentReport report)
    {
        var folds = report.Folds.Count;
        var singles = report.Summaries.Where(s => s.Level == FusionLevel.Single).ToArray();
        if (singles.Length == 0)
            return;
        var bestSingle = singles.MaxBy(s => s.Summary.Accuracy.Mean)!;
        var baseline = report.Baseline;
        md.Append($"**Best single network:** {bestSingle.DisplayName}, {PercentOf(bestSingle.Summary.Accuracy, folds)} %. ");
        if (report.ModelFusions is { Count: > 0 } own)
        {
            md.Append("**The model's fusions** (every network, as the fitted model outputs them; nothing chosen on the test data): ");
            md.Append(string.Join("; ", own.Select(s =>
                $"{(s.Level == FusionLevel.Score ? "score level" : "feature level")} {PercentOf(s.Summary.Accuracy, folds)} % "
                + $"({Points(s.Summary.Accuracy.Mean - bestSingle.Summary.Accuracy.Mean)} against the best single network"
                + (baseline is null ? "" : $", {Points(s.Summary.Accuracy.Mean - baseline.Summary.Accuracy.Mean)} against the baseline") + ")")));
            md.Append(". ");
            var best = report.Best;
            md.Append($"**Best of the {report.Fusions.Count} fusions in Table 7:** {best.DisplayName}, {PercentOf(best.Summary.Accuracy, folds)} % ");
            md.Append($"({Points(best.Summary.Accuracy.Mean - bestSingle.Summary.Accuracy.Mean)} against the best single network; chosen on these test figures, so optimistic). ");
        }

        if (baseline is not null)
            md.Append($"**Baseline** (log-Mel statistics + linear SVM, no network): {PercentOf(baseline.Summary.Accuracy, folds)} % "
                + $"({Points(bestSingle.Summary.Accuracy.Mean - baseline.Summary.Accuracy.Mean)} for the best single network).");
        md.Append("\n\n");
    }

    private static string Points(double difference)
        => (difference >= 0 ? "+" : "−") + Math.Abs(difference * 100).ToString("F2", CultureInfo.InvariantCulture) + " points";

    private static void Table7(StringBuilder md, ExperimentReport report, string oracleLabel)
    {
        var folds = report.Folds.Count;
        md.Append("## Table 7: recognition accuracy (%) of the single networks and their fusions\n\n");
        md.Append($"The two right-hand columns are the figures of the {PaperFigures.Source} on the paper's own corpora, ");
        md.Append("NOT ours: they are laid beside ours for reference only (and the paper tuned λ on the data it reports).\n");
        md.Append($"Oracle columns — {oracleLabel}.\n\n");
        md.Append("| Method | Accuracy (ours) | UAR (ours) | λ per fold (fusion data) | Oracle accuracy | Oracle λ per fold | AFEW5.0 (paper) | BAUM-1s (paper) |\n");
        md.Append("|---|---:|---:|---|---:|---|---:|---:|\n");
        foreach (var s in PaperOrder(report.Summaries))
        {
            var paper = PaperFigures.Find(s.Networks, s.Level);
            md.Append($"| {s.DisplayName} | {PercentOf(s.Summary.Accuracy, folds)} | {PercentOf(s.Summary.Uar, folds)} | ");
            md.Append(s.Level == FusionLevel.Score ? WeightsPerFold(s.WeightsPerFold) : Dash).Append(" | ");
            md.Append(s.Oracle is null ? Dash : PercentOf(s.Oracle.Accuracy, folds)).Append(" | ");
            md.Append(WeightsPerFold(s.OracleWeightsPerFold)).Append(" | ");
            md.Append(paper is null ? Dash : Paper(paper.Afew)).Append(" | ");
            md.Append(paper is null ? Dash : Paper(paper.Baum)).Append(" |\n");
        }

        md.Append($"\nPaper λ (1D, 2D, 3D), tuned on the reported data: AFEW5.0 {Weights(PaperFigures.WeightsAfew)}, BAUM-1s {Weights(PaperFigures.WeightsBaum)}.\n\n");
    }

    private static void ScoreVersusFeature(StringBuilder md, ExperimentReport report)
    {
        var folds = report.Folds.Count;
        var fusions = report.Summaries.Where(s => s.Level == FusionLevel.Score).ToArray();
        if (fusions.Length == 0)
            return;
        md.Append("### Score- vs feature-level accuracy (%)\n\n");
        md.Append("| Networks | Score-level (ours) | Feature-level (ours) | Score-level (paper AFEW5.0 / BAUM-1s) | Feature-level (paper AFEW5.0 / BAUM-1s) |\n");
        md.Append("|---|---:|---:|---:|---:|\n");
        foreach (var score in fusions)
        {
            var feature = report.Summaries.FirstOrDefault(s => s.Level == FusionLevel.Feature && s.Networks.SequenceEqual(score.Networks));
            md.Append($"| {string.Join(" + ", score.Networks.Select(n => n.ToUpperInvariant()))} | {PercentOf(score.Summary.Accuracy, folds)} | ");
            md.Append(feature is null ? Dash : PercentOf(feature.Summary.Accuracy, folds)).Append(" | ");
            md.Append(PaperPair(PaperFigures.Find(score.Networks, FusionLevel.Score))).Append(" | ");
            md.Append(PaperPair(PaperFigures.Find(score.Networks, FusionLevel.Feature))).Append(" |\n");
        }

        md.Append('\n');
    }

    private static string PaperPair(PaperAccuracy? paper) => paper is null ? Dash : $"{Paper(paper.Afew)} / {Paper(paper.Baum)}";

    private static void Tables8And9(StringBuilder md, ExperimentReport report)
    {
        var best = report.Best;
        var summary = best.Summary;
        var folds = report.Folds.Count;
        md.Append($"## Tables 8–9: per-class figures (%) of the best fusion, {best.DisplayName} (accuracy {PercentOf(summary.Accuracy, folds)})\n\n");
        md.Append("As in the paper, the fusion shown is the most accurate one on these test figures, a choice made on the test data.\n\n");
        md.Append("| Emotion | Test utterances | Recall | Precision | F1 |\n|---|---:|---:|---:|---:|\n");
        for (var c = 0; c < summary.ClassNames.Count; c++)
        {
            var support = summary.ConfusionMatrix[c].Sum();
            md.Append($"| {Cell(summary.ClassNames[c])} | {support} | {PercentOf(summary.Recall[c], folds)} | {PercentOf(summary.Precision[c], folds)} | {PercentOf(summary.F1[c], folds)} |\n");
        }

        md.Append($"\nFor reference, the {PaperFigures.Source}: score-level 1D+2D+3D fusion on the paper's corpora, NOT ours (the paper gives recall and F1 only).\n\n");
        md.Append("| Emotion | Recall (paper, Table 8, AFEW5.0, acc. 35.77) | F1 (paper, Table 8, AFEW5.0) |\n|---|---:|---:|\n");
        foreach (var row in PaperFigures.Table8Afew)
            md.Append($"| {row.Emotion} | {Paper(row.Recall)} | {Paper(row.F1)} |\n");
        md.Append("\n| Emotion | Recall (paper, Table 9, BAUM-1s, acc. 44.06) | F1 (paper, Table 9, BAUM-1s) |\n|---|---:|---:|\n");
        foreach (var row in PaperFigures.Table9Baum)
            md.Append($"| {row.Emotion} | {Paper(row.Recall)} | {Paper(row.F1)} |\n");
        md.Append('\n');
    }

    private static void PerFold(StringBuilder md, ExperimentReport report)
    {
        md.Append("## Accuracy (%) per fold\n\n| Method | ");
        md.Append(string.Join(" | ", report.Folds.Select(f => Cell(f.Name)))).Append(" |\n|---|");
        md.Append(string.Concat(report.Folds.Select(_ => "---:|"))).Append('\n');
        foreach (var s in PaperOrder(report.Summaries))
            md.Append($"| {s.DisplayName} | {string.Join(" | ", s.Summary.Folds.Select(r => Percent(r.Accuracy)))} |\n");
        md.Append('\n');
    }

    private static void FoldPlots(StringBuilder md, ExperimentReport report, IReadOnlyList<ReportPlot> plots, string? plotProblem)
    {
        if (plotProblem is not null)
        {
            md.Append($"## Plots\n\nThe plots could not be drawn: {plotProblem}\n\n");
            return;
        }

        var perFold = plots.Where(p => p.Kind != ReportPlotKind.Confusion).ToArray();
        if (perFold.Length == 0)
            return;
        md.Append("## Training curves and score-fusion λ grids per fold\n\n");
        md.Append("Training curves: training loss (solid) and validation accuracy (dashed) per epoch of each network, the kept epoch marked. ");
        md.Append("λ grids: the accuracy of every weighting on the fold's fusion data, the chosen λ marked.\n\n");
        foreach (var fold in report.Folds)
        {
            var ofFold = perFold.Where(p => p.Fold == fold.Name).ToArray();
            if (ofFold.Length == 0)
                continue;
            md.Append($"### Fold {Cell(fold.Name)}\n\n");
            foreach (var plot in ofFold)
                md.Append(Image(plot)).Append("\n\n");
        }
    }

    // Markdown image with a relative link (ExperimentPlots keeps file names to characters a link can hold);
    // brackets in the alt text would end it early.
    private static string Image(ReportPlot plot)
        => $"![{plot.Title.Replace("[", "(", StringComparison.Ordinal).Replace("]", ")", StringComparison.Ordinal)}]({plot.RelativePath})";

    private static void Confusions(StringBuilder md, ExperimentReport report, IReadOnlyList<ReportPlot> plots)
    {
        md.Append("## Confusion matrices (counts summed over folds; rows true class, columns predicted)\n\n");
        foreach (var s in PaperOrder(report.Summaries))
        {
            var summary = s.Summary;
            md.Append($"### {s.DisplayName} (`{ExperimentReportWriter.ConfusionFileName(s.Id)}`)\n\n");
            if (plots.FirstOrDefault(p => p.Kind == ReportPlotKind.Confusion && p.CombinationId == s.Id) is { } plot)
                md.Append(Image(plot)).Append("\n\n");
            md.Append("| true \\ predicted | ").Append(string.Join(" | ", summary.ClassNames.Select(Cell))).Append(" |\n|---|");
            md.Append(string.Concat(summary.ClassNames.Select(_ => "---:|"))).Append('\n');
            for (var t = 0; t < summary.ClassNames.Count; t++)
                md.Append($"| {Cell(summary.ClassNames[t])} | {string.Join(" | ", summary.ConfusionMatrix[t])} |\n");
            md.Append('\n');
        }
    }

    // The paper lists single networks, then feature-level, then score-level fusions; the baseline goes first.
    private static IEnumerable<CombinationSummary> PaperOrder(IEnumerable<CombinationSummary> summaries)
        => summaries.Select((s, i) => (s, i)).OrderBy(p => p.s.Level switch
        {
            FusionLevel.Baseline => -1,
            FusionLevel.Single => 0,
            FusionLevel.Feature => p.s.Networks.Count == 1 ? 1 : 2,
            _ => 3,
        }).ThenBy(p => p.i).Select(p => p.s);
}
