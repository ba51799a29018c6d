using MlNetSer.Pipeline;
using MlNetSer.Fusion;

namespace MlNetSer.Evaluation;

/// <summary>Options of <see cref="CombinationEvaluator"/>.</summary>
public sealed class CombinationEvaluatorOptions
{
    /// <summary>
    /// The networks to combine, in the order rows list them. Default: null, every network of
    /// <see cref="SerNetworkId.Names"/> whose score column is in both views.
    /// </summary>
    public string[]? Networks { get; set; }

    /// <summary>The grid step of the score-fusion λ search. Default <see cref="ScoreFusionSearch.DefaultStep"/> (0.1, the paper's).</summary>
    public double Step { get; set; } = ScoreFusionSearch.DefaultStep;

    /// <summary>
    /// Whether each network's scores are temperature-scaled with a temperature fitted on the fusion view before λ is
    /// searched and applied (default true; see <see cref="ScoreFusionOptions.Calibrate"/>). A single network's argmax is unchanged.
    /// </summary>
    public bool Calibrate { get; set; } = true;

    /// <summary>What the λ search optimises (default <see cref="ScoreFusionCriterion.LogLoss"/>; the paper's is accuracy).</summary>
    public ScoreFusionCriterion Criterion { get; set; } = ScoreFusionCriterion.LogLoss;

    /// <summary>
    /// With the log-loss criterion, the pull of λ towards equal weights (default <see cref="ScoreFusionSearch.DefaultWeightShrinkage"/>;
    /// see <see cref="ScoreFusionOptions.WeightShrinkage"/>).
    /// </summary>
    public double WeightShrinkage { get; set; } = ScoreFusionSearch.DefaultWeightShrinkage;

    /// <summary>Also search λ on the test data (the paper's procedure) and report it beside, labelled oracle. Default true.</summary>
    public bool IncludeOracle { get; set; } = true;

    /// <summary>Evaluate feature-level fusion (needs the feature columns in the fusion and test views). Default true.</summary>
    public bool IncludeFeatureLevel { get; set; } = true;

    /// <summary>
    /// The feature-level classifier's settings (classifier, normalisation, SVM iterations and regularisation search,
    /// seed); the column names in it are ignored, and its group column defaults to <c>Speaker</c>. Default:
    /// <see cref="FeatureFusionOptions"/>'s defaults (OVA linear SVM, mean-variance).
    /// </summary>
    public FeatureFusionOptions FeatureFusion { get; set; } = new();

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">The message names the bad option.</exception>
    public void Validate()
    {
        if (Networks is not null && (Networks.Length == 0 || Networks.Any(string.IsNullOrEmpty) || Networks.Distinct(StringComparer.Ordinal).Count() != Networks.Length))
            throw new ArgumentException("Networks must name at least one network, none empty, none twice.", nameof(Networks));
        ScoreFusionSearch.Divisions(Step);
        if (!Enum.IsDefined(Criterion))
            throw new ArgumentException($"Unknown Criterion {Criterion}.", nameof(Criterion));
        ScoreFusionSearch.CheckShrinkage(WeightShrinkage, nameof(WeightShrinkage));
        ArgumentNullException.ThrowIfNull(FeatureFusion, nameof(FeatureFusion));
    }
}
