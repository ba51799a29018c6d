using MlNetSer.Platform;

namespace MlNetSer.Fusion;

/// <summary>Options of <see cref="SerScoreFusionEstimator"/>.</summary>
public sealed class ScoreFusionOptions
{
    /// <summary>
    /// The per-network utterance score columns (fixed-size Single vectors of the class count, e.g. the
    /// softmax mean of each network), in the order of the weights. Required; at least one.
    /// </summary>
    public string[] ScoreColumnNames { get; set; } = [];

    /// <summary>
    /// Names of the networks in <see cref="ScoreColumnNames"/> order (e.g. "1d", "2d", "3d"), recorded in
    /// the model for <see cref="FusionInspector"/>. Default: null, the column names.
    /// </summary>
    public string[]? NetworkNames { get; set; }

    /// <summary>The key-typed label column that <c>Fit</c> searches the weights against. Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The fused score column produced (fixed-size Single vector of the class count). Default "Score".</summary>
    public string ScoreColumnName { get; set; } = "Score";

    /// <summary>The predicted label column produced (key type with the label's key count and class names). Default "PredictedLabel".</summary>
    public string PredictedLabelColumnName { get; set; } = "PredictedLabel";

    /// <summary>
    /// Which data <c>Fit</c> is given: <see cref="ScoreFusionMode.Validation"/> (default; speaker-disjoint
    /// validation data) or <see cref="ScoreFusionMode.Oracle"/> (the test data, as the paper did; the
    /// model is then labelled oracle). Ignored when <see cref="Weights"/> is set (the mode is then Fixed).
    /// </summary>
    public ScoreFusionMode Mode { get; set; } = ScoreFusionMode.Validation;

    /// <summary>
    /// Fixed weights, one per score column, non-negative and summing to 1: no search is made and
    /// <c>Fit</c> only checks the columns. Default: null (search).
    /// </summary>
    public double[]? Weights { get; set; }

    /// <summary>
    /// What the search optimises on the data <c>Fit</c> is given (default <see cref="ScoreFusionCriterion.LogLoss"/>;
    /// <see cref="ScoreFusionCriterion.Accuracy"/> is the paper's).
    /// </summary>
    public ScoreFusionCriterion Criterion { get; set; } = ScoreFusionCriterion.LogLoss;

    /// <summary>
    /// Whether each network's scores are temperature-scaled (<see cref="ScoreCalibration"/>, fitted on the data <c>Fit</c> is
    /// given) before they are weighted (default true; false is the paper's Eq. 1 on the raw scores).
    /// </summary>
    public bool Calibrate { get; set; } = true;

    /// <summary>
    /// With the log-loss criterion, how strongly λ is pulled towards equal weights (<see cref="ScoreFusionSearch.PenalisedLogLoss"/>):
    /// a Gaussian prior on λ around equal weights with standard deviation 1/√(2·strength). Default
    /// <see cref="ScoreFusionSearch.DefaultWeightShrinkage"/> (50: one grid step); 0 fits λ by the log-loss alone. Ignored
    /// by the accuracy criterion (the paper's rule stays as the paper has it).
    /// </summary>
    public double WeightShrinkage { get; set; } = ScoreFusionSearch.DefaultWeightShrinkage;

    /// <summary>The grid step of the search; 1/step must be whole. Default 0.1 (the paper's grid).</summary>
    public double Step { get; set; } = ScoreFusionSearch.DefaultStep;

    /// <summary>
    /// Where ONNX Runtime applies the fitted weights (default <see cref="SerDevice.Auto"/>; see <see cref="SerDevice"/>).
    /// Resolved in <c>Fit</c>; not saved in the model (a loaded model scores where its <c>MLContext</c> says).
    /// </summary>
    public SerDevice Device { get; set; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">The message names the bad option.</exception>
    public void Validate()
    {
        if (ScoreColumnNames is not { Length: > 0 } || ScoreColumnNames.Any(string.IsNullOrEmpty))
            throw new ArgumentException("ScoreColumnNames must name at least one score column, none empty.", nameof(ScoreColumnNames));
        if (ScoreColumnNames.Distinct(StringComparer.Ordinal).Count() != ScoreColumnNames.Length)
            throw new ArgumentException($"ScoreColumnNames has a duplicate: {string.Join(", ", ScoreColumnNames)}.", nameof(ScoreColumnNames));
        if (NetworkNames is not null && NetworkNames.Length != ScoreColumnNames.Length)
            throw new ArgumentException($"NetworkNames has {NetworkNames.Length} names for {ScoreColumnNames.Length} score columns.", nameof(NetworkNames));
        ArgumentException.ThrowIfNullOrEmpty(LabelColumnName, nameof(LabelColumnName));
        ArgumentException.ThrowIfNullOrEmpty(ScoreColumnName, nameof(ScoreColumnName));
        ArgumentException.ThrowIfNullOrEmpty(PredictedLabelColumnName, nameof(PredictedLabelColumnName));
        if (ScoreColumnName == PredictedLabelColumnName)
            throw new ArgumentException("ScoreColumnName and PredictedLabelColumnName must differ.", nameof(PredictedLabelColumnName));
        if (!Enum.IsDefined(Mode))
            throw new ArgumentException($"Unknown Mode {Mode}.", nameof(Mode));
        if (!Enum.IsDefined(Criterion))
            throw new ArgumentException($"Unknown Criterion {Criterion}.", nameof(Criterion));
        _ = ScoreFusionSearch.Divisions(Step);
        ScoreFusionSearch.CheckShrinkage(WeightShrinkage, nameof(WeightShrinkage));
        if (Weights is not null)
        {
            if (Weights.Length != ScoreColumnNames.Length)
                throw new ArgumentException($"Weights has {Weights.Length} values for {ScoreColumnNames.Length} score columns.", nameof(Weights));
            if (Weights.Any(w => !(w >= 0 && w <= 1)) || Math.Abs(Weights.Sum() - 1) > 1e-6)
                throw new ArgumentException($"Weights must be in [0, 1] and sum to 1 (got {string.Join(", ", Weights)}).", nameof(Weights));
        }
    }
}
