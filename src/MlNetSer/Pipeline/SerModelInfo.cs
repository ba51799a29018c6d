using Microsoft.ML;
using MlNetSer.Fusion;
using MlNetSer.Transforms;

namespace MlNetSer.Pipeline;

/// <summary>
/// What a user needs to know about a fused model made by <see cref="SerPipelineTrainer"/>, read from the model
/// itself (also one returned by <c>mlContext.Model.Load</c>).
/// </summary>
/// <param name="Labels">Class names in score order.</param>
/// <param name="Networks">The networks in the model (<c>1d</c>, <c>2d</c>, <c>3d</c>), in pipeline order.</param>
/// <param name="NetworkDetails">Each network's record (architecture, segment shape, columns), in the order of <paramref name="Networks"/>.</param>
/// <param name="ScoreFusion">The score fusion (weights λ, mode, oracle flag), or null when the model has none.</param>
/// <param name="FeatureFusion">The feature fusion (classifier, normalisation), or null when the model has none.</param>
/// <param name="Baseline">
/// The shallow baseline (a linear SVM on <see cref="SerColumns.MelStatistics"/>, columns <see cref="SerColumns.BaselineScore"/>
/// and <see cref="SerColumns.BaselinePredictedLabel"/>), or null when the model has none.
/// </param>
public sealed record SerModelInfo(
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Networks,
    IReadOnlyList<SerNetworkInfo> NetworkDetails,
    ScoreFusionInfo? ScoreFusion,
    FeatureFusionInfo? FeatureFusion,
    FeatureFusionInfo? Baseline = null)
{
    /// <summary>Reads the description of <paramref name="model"/>.</summary>
    /// <param name="model">A fitted or loaded model.</param>
    /// <exception cref="InvalidOperationException">The model holds no MlNetSer network.</exception>
    public static SerModelInfo Read(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var networks = SerNetworkInspector.FindNetworks(model);
        if (networks.Count == 0)
            throw new InvalidOperationException("The model contains no MlNetSer network transform (it was not made by SerPipelineTrainer or SerTrainNetwork).");
        var names = networks.Select(NameOf).ToArray();
        // The baseline is a feature-fusion classifier on the statistics column: the columns it writes tell the two apart.
        var classifiers = FusionInspector.FindFeatureFusions(model);
        return new SerModelInfo(networks[0].Labels, names, networks, FusionInspector.FindScoreFusion(model),
            classifiers.FirstOrDefault(c => c.ScoreColumnName != SerColumns.BaselineScore),
            classifiers.FirstOrDefault(c => c.ScoreColumnName == SerColumns.BaselineScore));
    }

    // The network's name is the suffix of its conventional score column (Score1d → 1d); other names are kept whole.
    internal static string NameOf(SerNetworkInfo network)
        => network.ScoreColumnName.StartsWith(SerColumns.Score, StringComparison.Ordinal) && SerColumns.NetworkNames.Contains(network.ScoreColumnName[SerColumns.Score.Length..])
            ? network.ScoreColumnName[SerColumns.Score.Length..]
            : network.ScoreColumnName;
}
