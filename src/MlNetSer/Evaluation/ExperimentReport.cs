using MlNetSer.Platform;

namespace MlNetSer.Evaluation;

/// <summary>
/// Everything an experiment reports (what <see cref="ExperimentReportWriter"/> writes): the protocol, the
/// dataset, every fold's combinations (<see cref="CombinationFold"/>) and their mean ± sd across folds.
/// </summary>
/// <param name="Dataset">A short description of the data (e.g. the manifest's path).</param>
/// <param name="Protocol">The protocol in words (e.g. <c>leave-one-speaker-group-out, 5 groups</c>).</param>
/// <param name="DatasetCounts">Named counts of the data (e.g. utterances, speakers, per class); may be empty.</param>
/// <param name="ClassNames">Class names in class-index order.</param>
/// <param name="Folds">Per-fold results in fold order.</param>
/// <param name="Summaries">Per combination, the figures across folds, in the folds' row order.</param>
/// <param name="WallTime">How long the whole experiment took (training included), as measured by the caller.</param>
public sealed record ExperimentReport(
    string Dataset,
    string Protocol,
    IReadOnlyDictionary<string, int> DatasetCounts,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<CombinationFold> Folds,
    IReadOnlyList<CombinationSummary> Summaries,
    TimeSpan WallTime)
{
    /// <summary>Builds the report and its summaries from the folds.</summary>
    /// <param name="dataset">A short description of the data.</param>
    /// <param name="protocol">The protocol in words.</param>
    /// <param name="folds">At least one fold, all with the same classes and combinations.</param>
    /// <param name="wallTime">The experiment's wall time.</param>
    /// <param name="datasetCounts">Named counts of the data; null for none.</param>
    /// <exception cref="ArgumentException">No folds, or folds that disagree on classes or combinations.</exception>
    public static ExperimentReport Create(string dataset, string protocol, IReadOnlyList<CombinationFold> folds, TimeSpan wallTime,
        IReadOnlyDictionary<string, int>? datasetCounts = null)
    {
        ArgumentNullException.ThrowIfNull(folds);
        var summaries = CombinationSummary.Of(folds);
        return new ExperimentReport(dataset ?? "", protocol ?? "", datasetCounts ?? new Dictionary<string, int>(),
            folds[0].ClassNames, folds.ToArray(), summaries, wallTime);
    }

    /// <summary>The device the networks trained and scored on (the CPU or a CUDA device), or null when not recorded.</summary>
    public SerDevice? Device { get; init; }

    /// <summary>
    /// The fusion (two or more networks, score or feature level) with the highest mean test accuracy
    /// (λ from validation, never the oracle), the subject of the paper's Tables 8–9. Ties go to the earlier
    /// row (score level before feature level). With a single network, its own row.
    /// </summary>
    public CombinationSummary Best
    {
        get
        {
            var fusions = Fusions;
            var candidates = fusions.Count > 0 ? fusions : Summaries.Where(s => s.Level != FusionLevel.Baseline).ToArray();
            var best = candidates[0];
            foreach (var candidate in candidates.Skip(1))
            {
                if (candidate.Summary.Accuracy.Mean > best.Summary.Accuracy.Mean)
                    best = candidate;
            }

            return best;
        }
    }

    /// <summary>
    /// The fitted model's own fusions: score level, then feature level, over every network the experiment trained (the
    /// model's <c>Score</c>/<c>PredictedLabel</c> and <c>FeatureScore</c>/<c>FeaturePredictedLabel</c> columns); empty with
    /// one network. Unlike <see cref="Best"/>, which is the most accurate of many fusions on the test figures themselves,
    /// nothing here is chosen on the test data, so these are the figures a user of the model can expect.
    /// </summary>
    public IReadOnlyList<CombinationSummary> ModelFusions
    {
        get
        {
            var fusions = Fusions;
            var networks = fusions.Select(s => s.Networks.Count).DefaultIfEmpty(0).Max();
            return fusions.Where(s => s.Networks.Count == networks).OrderBy(s => s.Level == FusionLevel.Score ? 0 : 1).ToArray();
        }
    }

    /// <summary>The rows that fuse two or more networks, at score or feature level (Table 7's fusions).</summary>
    public IReadOnlyList<CombinationSummary> Fusions
        => Summaries.Where(s => s.Networks.Count > 1 && s.Level is FusionLevel.Score or FusionLevel.Feature).ToArray();

    /// <summary>The shallow baseline's row (log-Mel statistics + linear SVM), or null when it was not fitted.</summary>
    public CombinationSummary? Baseline => Summaries.FirstOrDefault(s => s.Level == FusionLevel.Baseline);
}
