using MlNetSer.Metrics;
namespace MlNetSer.Evaluation;

/// <summary>
/// The per-fold reports of one classifier under a protocol and their mean and standard deviation
/// (the paper reports the mean over the five BAUM-1s speaker groups). Serialisable with System.Text.Json.
/// </summary>
/// <param name="ClassNames">Class names in class-index order (the same in every fold).</param>
/// <param name="Folds">The report of each fold, in fold order.</param>
/// <param name="Accuracy">Accuracy across folds.</param>
/// <param name="Uar">Unweighted average recall across folds.</param>
/// <param name="Recall">Per-class recall across folds, in class-index order.</param>
/// <param name="Precision">Per-class precision across folds, in class-index order.</param>
/// <param name="F1">Per-class F1 across folds, in class-index order.</param>
/// <param name="ConfusionMatrix">The fold matrices summed (every example is tested once under k-fold), rows true, columns predicted.</param>
public sealed record FoldSummary(
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<MulticlassReport> Folds,
    MetricSummary Accuracy,
    MetricSummary Uar,
    IReadOnlyList<MetricSummary> Recall,
    IReadOnlyList<MetricSummary> Precision,
    IReadOnlyList<MetricSummary> F1,
    int[][] ConfusionMatrix)
{
    /// <summary>Summarises the reports of the folds (means are unweighted: each fold counts once).</summary>
    /// <param name="folds">At least one report; all with the same class names.</param>
    /// <exception cref="ArgumentException">No reports, or reports over different classes.</exception>
    public static FoldSummary Of(IReadOnlyList<MulticlassReport> folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        if (folds.Count == 0)
            throw new ArgumentException("A summary needs at least one fold.", nameof(folds));
        var names = folds[0].ClassNames;
        for (var f = 1; f < folds.Count; f++)
        {
            if (!folds[f].ClassNames.SequenceEqual(names))
                throw new ArgumentException($"Fold {f} has classes [{string.Join(", ", folds[f].ClassNames)}] but fold 0 has [{string.Join(", ", names)}].", nameof(folds));
        }

        MetricSummary PerClass(int c, Func<ClassMetrics, double> figure) => MetricSummary.Of(folds.Select(r => figure(r.PerClass[c])).ToArray());
        var classes = Enumerable.Range(0, names.Count).ToArray();
        var confusion = classes.Select(t => classes.Select(p => folds.Sum(r => r.ConfusionMatrix[t][p])).ToArray()).ToArray();
        return new FoldSummary(
            names,
            folds.ToArray(),
            MetricSummary.Of(folds.Select(r => r.Accuracy).ToArray()),
            MetricSummary.Of(folds.Select(r => r.Uar).ToArray()),
            classes.Select(c => PerClass(c, m => m.Recall)).ToArray(),
            classes.Select(c => PerClass(c, m => m.Precision)).ToArray(),
            classes.Select(c => PerClass(c, m => m.F1)).ToArray(),
            confusion);
    }
}
