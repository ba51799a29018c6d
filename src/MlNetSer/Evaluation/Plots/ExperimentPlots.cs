using System.Text;

namespace MlNetSer.Evaluation.Plots;

/// <summary>
/// The PNG plots of an <see cref="ExperimentReport"/>, written into <see cref="FolderName"/> under the report's
/// folder and linked from <c>report.md</c>: per combination the confusion matrix summed over folds (as the
/// report's tables), per fold the networks' training curves, and per fold and score-level fusion of two or three
/// networks the λ grid searched on that fold's validation data.
/// </summary>
public static class ExperimentPlots
{
    /// <summary>The plots' folder, relative to the report's folder.</summary>
    public const string FolderName = "plots";

    /// <summary>The confusion plot's file name of a combination, e.g. <c>confusion_score_1d+2d+3d.png</c>.</summary>
    /// <param name="combinationId">The combination's <see cref="CombinationSummary.Id"/>.</param>
    public static string ConfusionFileName(string combinationId) => $"confusion_{SafeName(combinationId)}.png";

    /// <summary>The training-curve plot's file name of a fold, e.g. <c>training_group1.png</c>.</summary>
    /// <param name="fold">The fold's name.</param>
    public static string TrainingFileName(string fold) => $"training_{SafeName(fold)}.png";

    /// <summary>The λ-grid plot's file name of a fold and combination, e.g. <c>lambda_group1_score_1d+2d+3d.png</c>.</summary>
    /// <param name="fold">The fold's name.</param>
    /// <param name="combinationId">The combination's id.</param>
    public static string FusionWeightsFileName(string fold, string combinationId) => $"lambda_{SafeName(fold)}_{SafeName(combinationId)}.png";

    /// <summary>Writes every plot the report has data for and returns them in report order.</summary>
    /// <param name="report">The report (training histories and λ grids are plotted where its folds carry them).</param>
    /// <param name="outputDirectory">The report's folder; the plots go into its <see cref="FolderName"/> subfolder.</param>
    /// <param name="options">Size and scale; null for the defaults.</param>
    /// <exception cref="IOException">A file cannot be written; the message names it.</exception>
    public static IReadOnlyList<ReportPlot> Write(ExperimentReport report, string outputDirectory, PlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        options ??= new PlotOptions();
        options.Validate();
        var folder = System.IO.Path.Combine(outputDirectory, FolderName);
        Directory.CreateDirectory(folder);
        var plots = new List<ReportPlot>();

        ReportPlot Add(ReportPlotKind kind, string fileName, string title, string? fold, string? id, byte[] png)
        {
            var path = System.IO.Path.Combine(folder, fileName);
            PlotTheme.Save(path, png);
            var plot = new ReportPlot(kind, path, FolderName + "/" + fileName, title, fold, id);
            plots.Add(plot);
            return plot;
        }

        var folds = report.Folds.Count;
        foreach (var summary in report.Summaries)
        {
            var title = $"{summary.DisplayName}: test confusion, {(folds > 1 ? $"summed over {folds} folds" : "one fold")}";
            Add(ReportPlotKind.Confusion, ConfusionFileName(summary.Id), title, null, summary.Id,
                ConfusionMatrixPlot.Render(summary.Summary.ConfusionMatrix, summary.Summary.ClassNames, title, options));
        }

        foreach (var fold in report.Folds)
        {
            if (fold.Training is { Count: > 0 } training && training.Values.All(h => h.Epochs.Count > 0))
            {
                var title = $"Training curves, fold {fold.Name}";
                Add(ReportPlotKind.TrainingCurves, TrainingFileName(fold.Name), title, fold.Name, null, TrainingCurvesPlot.Render(training, title, options));
            }

            foreach (var row in fold.Rows.Where(r => r.Level == FusionLevel.Score && r.ValidationGrid is { Count: > 0 } && r.Weights is not null
                         && FusionWeightGridPlot.CanPlot(r.Networks.Count)))
            {
                var title = $"{row.DisplayName}: λ grid on validation, fold {fold.Name}";
                Add(ReportPlotKind.FusionWeights, FusionWeightsFileName(fold.Name, row.Id), title, fold.Name, row.Id,
                    FusionWeightGridPlot.Render(row.ValidationGrid!, row.Weights!, row.Networks, title, options));
            }
        }

        return plots;
    }

    // Fold names come from the data (speaker-group or split names): keep file names portable.
    private static string SafeName(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+' or '.' ? c : '_');
        return safe.Length == 0 ? "_" : safe.ToString();
    }
}
