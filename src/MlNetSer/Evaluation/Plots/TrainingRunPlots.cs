using MlNetSer.Fusion;
using MlNetSer.Training;
using MlNetSer.Metrics;

namespace MlNetSer.Evaluation.Plots;

/// <summary>
/// The PNG plots of one training run (what the CLI's <c>train</c> writes beside the model zip): the networks'
/// training curves (<see cref="TrainingFileName"/>), the score-fusion λ grid searched on the validation data
/// (<see cref="FusionWeightsFileName"/>, two or three networks) and the validation confusion matrix of each
/// classifier (<c>confusion_&lt;name&gt;.png</c>).
/// </summary>
public static class TrainingRunPlots
{
    /// <summary>The training-curve plot's file name.</summary>
    public const string TrainingFileName = "training.png";

    /// <summary>The λ-grid plot's file name.</summary>
    public const string FusionWeightsFileName = "lambda_validation.png";

    /// <summary>The confusion plot's file name of a classifier, e.g. <c>confusion_2d.png</c>, <c>confusion_score_fusion.png</c>.</summary>
    /// <param name="name">The classifier's name as <c>SerPipelineEvaluation</c> reports it.</param>
    public static string ConfusionFileName(string name) => $"confusion_{string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+' ? c : '_'))}.png";

    /// <summary>Writes the plots into <paramref name="folder"/> (created when missing) and returns their paths.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="training">Each network's training result, by name (their histories are plotted).</param>
    /// <param name="search">The score fusion's λ search on the validation data; null when the weights were fixed.</param>
    /// <param name="chosen">The fusion's network names and chosen weights.</param>
    /// <param name="validation">Each classifier's report on the validation data, by name.</param>
    /// <param name="options">Size and scale; null for the defaults.</param>
    /// <exception cref="IOException">A file cannot be written; the message names it.</exception>
    public static IReadOnlyList<string> Write(string folder, IReadOnlyDictionary<string, TrainingResult> training, ScoreFusionSearchResult? search,
        ScoreFusionInfo chosen, IReadOnlyList<(string Name, MulticlassReport Report)> validation, PlotOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(validation);
        options ??= new PlotOptions();
        options.Validate();
        if (File.Exists(folder))
            throw new IOException($"Cannot write the plots into '{folder}': it is a file, not a folder.");
        Directory.CreateDirectory(folder);
        var written = new List<string>();

        void Save(string fileName, byte[] png)
        {
            var path = Path.Combine(folder, fileName);
            PlotTheme.Save(path, png);
            written.Add(path);
        }

        var histories = training.Where(t => t.Value.History.Count > 0).ToDictionary(t => t.Key, t => TrainingHistory.From(t.Value), StringComparer.Ordinal);
        if (histories.Count > 0)
            Save(TrainingFileName, TrainingCurvesPlot.Render(histories, "Training curves", options));
        if (search is not null && FusionWeightGridPlot.CanPlot(chosen.Networks.Count))
        {
            Save(FusionWeightsFileName, FusionWeightGridPlot.Render(search.Grid, chosen.Weights, chosen.Networks,
                $"Score-level fusion ({string.Join(", ", chosen.Networks)}): λ grid on {chosen.FitCount} validation utterances", options));
        }

        foreach (var (name, report) in validation)
        {
            var title = $"{name}: validation confusion ({report.ConfusionMatrix.Sum(r => r.Sum())} utterances)";
            Save(ConfusionFileName(name), ConfusionMatrixPlot.Render(report.ConfusionMatrix, report.ClassNames, title, options));
        }

        return written;
    }
}
