using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Fusion;
using MlNetSer.Pipeline;
using MlNetSer.Metrics;

namespace MlNetSer.Evaluation;

/// <summary>
/// Paper Table 7 for one fold: every non-empty subset of the networks, alone (argmax of its own score),
/// fused at score level (λ searched on the FUSION view with <see cref="ScoreFusionSearch"/>, never on test; the
/// oracle λ searched on test optionally beside) and at feature level (the OVA linear SVM of
/// <see cref="SerFeatureFusionEstimator"/> trained on the FUSION view), each reported on the TEST view, plus the
/// shallow baseline when the test view carries its predictions. The fusion view holds network outputs for utterances
/// the networks did not train on (<see cref="Pipeline.SerPipelineResult.FusionData"/>). The views carry the columns
/// of <see cref="SerColumns"/> and <see cref="SerNetworkId"/>.
/// </summary>
public sealed class CombinationEvaluator
{
    private readonly MLContext _mlContext;
    private readonly CombinationEvaluatorOptions _options;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="mlContext">The ML.NET context that trains the feature-level classifiers.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public CombinationEvaluator(MLContext mlContext, CombinationEvaluatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        _mlContext = mlContext;
        _options = options ?? new CombinationEvaluatorOptions();
        _options.Validate();
    }

    /// <summary>
    /// The non-empty subsets of <paramref name="networks"/> in the paper's order: singles, then pairs, …,
    /// each subset keeping the networks' order (for 1d, 2d, 3d: 1d; 2d; 3d; 1d+2d; 1d+3d; 2d+3d; 1d+2d+3d).
    /// </summary>
    /// <param name="networks">The networks (at most 16).</param>
    public static IReadOnlyList<string[]> Subsets(IReadOnlyList<string> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        if (networks.Count > 16)
            throw new ArgumentOutOfRangeException(nameof(networks), networks.Count, "At most 16 networks can be combined exhaustively.");
        return Enumerable.Range(1, (1 << networks.Count) - 1)
            .Select(mask => Enumerable.Range(0, networks.Count).Where(i => (mask & (1 << i)) != 0).ToArray())
            .OrderBy(indices => indices.Length)
            .ThenBy(indices => string.Join(",", indices.Select(i => i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))), StringComparer.Ordinal)
            .Select(indices => indices.Select(i => networks[i]).ToArray())
            .ToArray();
    }

    /// <summary>Evaluates every combination on one fold.</summary>
    /// <param name="fusion">Network outputs for utterances the networks did not train on, speaker-disjoint from test (chooses λ, trains the feature-level classifiers).</param>
    /// <param name="test">Scored test utterances (reported on).</param>
    /// <param name="index">The fold's index.</param>
    /// <param name="name">The fold's name; default <c>fold{index}</c>.</param>
    /// <param name="featureFusion">
    /// The outputs the feature-level classifiers learn from, when not <paramref name="fusion"/> (default null): with
    /// refit networks, their own outputs (<see cref="Pipeline.SerPipelineResult.FeatureFusionData"/>).
    /// </param>
    /// <exception cref="ArgumentException">
    /// A column is missing or mistyped, the views' classes differ, a view is empty, or a feature-level
    /// classifier cannot be trained or applied; the message names the view or combination and the column.
    /// </exception>
    public CombinationFold EvaluateFold(IDataView fusion, IDataView test, int index = 0, string? name = null, IDataView? featureFusion = null)
    {
        ArgumentNullException.ThrowIfNull(fusion);
        ArgumentNullException.ThrowIfNull(test);
        var networks = NetworksOf(fusion, test);
        // Without a refit the two are one view: cached once.
        var separateFeatureFusion = featureFusion is not null && !ReferenceEquals(featureFusion, fusion);
        fusion = Cached(fusion, networks);
        featureFusion = separateFeatureFusion ? Cached(featureFusion!, networks) : fusion;
        var baseline = test.Schema.GetColumnOrNull(SerColumns.BaselinePredictedLabel) is not null;
        test = Cached(test, networks, baseline ? [SerColumns.BaselinePredictedLabel] : []);
        var classNames = ScoredView.ClassNames(test, "test");
        ScoredView.RequireSameClasses(classNames, ScoredView.ClassNames(fusion, "fusion"), "fusion");

        var scoreColumns = networks.Select(n => SerNetworkId.Parse(n).ScoreColumnName).ToArray();
        var fusionScores = ScoredView.Read(fusion, "fusion", scoreColumns, classNames.Count);
        var testScores = ScoredView.Read(test, "test", scoreColumns, classNames.Count);

        if (_options.Calibrate)
        {
            // Each network's temperature from the fusion data, as the fitted model's score fusion does.
            for (var n = 0; n < networks.Length; n++)
            {
                var temperature = ScoreCalibration.FitTemperature(fusionScores.Scores[n], fusionScores.Labels);
                fusionScores.Scores[n] = ScoreCalibration.Apply(fusionScores.Scores[n], temperature);
                testScores.Scores[n] = ScoreCalibration.Apply(testScores.Scores[n], temperature);
            }
        }

        var rows = new List<CombinationRow>();
        var subsets = Subsets(networks);
        foreach (var subset in subsets)
            rows.Add(ScoreRow(subset, networks, fusionScores, testScores, classNames));
        if (_options.IncludeFeatureLevel)
        {
            foreach (var subset in subsets.Where(s => s.All(n => HasFeatures(n, featureFusion, test))))
                rows.Add(FeatureRow(subset, featureFusion, test));
        }

        if (baseline)
            rows.Add(new CombinationRow([], FusionLevel.Baseline, null, null, MulticlassReport.FromDataView(test, SerColumns.Label, SerColumns.BaselinePredictedLabel)));
        return new CombinationFold(index, name ?? $"fold{index}", classNames, fusionScores.Labels.Length, testScores.Labels.Length, rows);
    }

    private CombinationRow ScoreRow(string[] subset, string[] networks, ScoredView fusion, ScoredView test, IReadOnlyList<string> classNames)
    {
        var positions = subset.Select(n => Array.IndexOf(networks, n)).ToArray();
        var testScores = positions.Select(p => test.Scores[p]).ToArray();
        if (subset.Length == 1)
            return new CombinationRow(subset, FusionLevel.Single, [1.0], null, Fused(testScores, [1.0], test.Labels, classNames));

        var search = ScoreFusionSearch.Search(positions.Select(p => fusion.Scores[p]).ToArray(), fusion.Labels, classNames, _options.Step, _options.Criterion, _options.WeightShrinkage);
        var chosen = search.Best.Weights;
        OracleFigures? oracle = null;
        if (_options.IncludeOracle)
        {
            // The paper's own procedure: the most accurate weights on the data reported.
            var oracleWeights = ScoreFusionSearch.Search(testScores, test.Labels, classNames, _options.Step, ScoreFusionCriterion.Accuracy).Best.Weights;
            oracle = new OracleFigures(oracleWeights, Fused(testScores, oracleWeights, test.Labels, classNames));
        }

        return new CombinationRow(subset, FusionLevel.Score, chosen, oracle, Fused(testScores, chosen, test.Labels, classNames))
        {
            ValidationGrid = search.Grid,
        };
    }

    private CombinationRow FeatureRow(string[] subset, IDataView fusion, IDataView test)
    {
        var options = _options.FeatureFusion.Clone();
        options.FeatureColumnNames = subset.Select(n => SerNetworkId.Parse(n).FeaturesColumnName).ToArray();
        options.NetworkNames = subset;
        options.LabelColumnName = SerColumns.Label;
        options.ScoreColumnName = "Score";
        options.PredictedLabelColumnName = "PredictedLabel";
        options.GroupColumnName ??= SerColumns.Speaker;
        try
        {
            var model = _mlContext.MulticlassClassification.Trainers.SerFeatureFusion(options).Fit(fusion);
            var report = MulticlassReport.FromDataView(model.Transform(test), SerColumns.Label, options.PredictedLabelColumnName);
            return new CombinationRow(subset, FusionLevel.Feature, null, null, report);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // ML.NET's messages name a column but not which view or combination it came from.
            throw new ArgumentException($"Feature-level fusion of {string.Join("+", subset)} (trained on the fusion view, applied to the test view): {e.Message}", e);
        }
    }

    // Predictions as the fitted score-fusion model makes them: single-precision Σλs, first maximum wins.
    private static MulticlassReport Fused(IReadOnlyList<float[][]> scores, IReadOnlyList<double> weights, int[] labels, IReadOnlyList<string> classNames)
    {
        var single = weights.Select(w => (float)w).ToArray();
        var fused = new float[classNames.Count];
        var predicted = new int[labels.Length];
        for (var u = 0; u < labels.Length; u++)
        {
            ScoreFusionSearch.Fuse(scores.Select(s => s[u]).ToArray(), single, fused);
            predicted[u] = ScoreFusionSearch.ArgMax(fused);
        }

        return MulticlassReport.Compute(labels, predicted, classNames);
    }

    private string[] NetworksOf(IDataView fusion, IDataView test)
    {
        if (_options.Networks is { } asked)
        {
            foreach (var (view, part) in new[] { (fusion, "fusion"), (test, "test") })
            {
                foreach (var network in asked.Where(n => view.Schema.GetColumnOrNull(SerNetworkId.Parse(n).ScoreColumnName) is null))
                    throw new ArgumentException($"The {part} view has no score column '{SerNetworkId.Parse(network).ScoreColumnName}' for network '{network}'.", nameof(test));
            }

            return asked;
        }

        var present = SerNetworkId.Names
            .Where(n => new[] { fusion, test }.All(v => v.Schema.GetColumnOrNull(SerNetworkId.Parse(n).ScoreColumnName) is not null))
            .ToArray();
        if (present.Length == 0)
            throw new ArgumentException($"Neither the fusion nor the test view has all of a network's score column ({string.Join(", ", SerNetworkId.Names.Select(n => SerNetworkId.Parse(n).ScoreColumnName))}).", nameof(test));
        return present;
    }

    // The views may be lazy (the networks scoring audio on every pass), and each feature-level fit and
    // transform passes over them again: keep only the columns used here and compute them once.
    private IDataView Cached(IDataView view, IReadOnlyList<string> networks, IEnumerable<string>? extra = null)
    {
        var used = networks.SelectMany(n => new[] { SerNetworkId.Parse(n).ScoreColumnName, SerNetworkId.Parse(n).FeaturesColumnName })
            .Prepend(SerColumns.Label)
            .Append(SerColumns.Speaker)
            .Concat(extra ?? [])
            .Where(name => view.Schema.GetColumnOrNull(name) is not null)
            .ToArray();
        return _mlContext.Data.Cache(_mlContext.Transforms.SelectColumns(used).Fit(view).Transform(view), used);
    }

    private static bool HasFeatures(string network, IDataView fusion, IDataView test)
        => fusion.Schema.GetColumnOrNull(SerNetworkId.Parse(network).FeaturesColumnName) is not null
           && test.Schema.GetColumnOrNull(SerNetworkId.Parse(network).FeaturesColumnName) is not null;
}
