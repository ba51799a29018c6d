using Microsoft.ML;
using MlNetSer.Transforms;

namespace MlNetSer.Fusion;

/// <summary>
/// Reads back the fusions in a fitted or loaded model (<c>Model.Load</c> returns a plain chain, not the
/// MlNetSer types): score-fusion weights, networks, class names and whether the weights are oracle;
/// feature-fusion networks and classifier.
/// </summary>
public static class FusionInspector
{
    /// <summary>Every score fusion in <paramref name="model"/>, in pipeline order.</summary>
    /// <param name="model">A fitted pipeline or one returned by <c>Model.Load</c>.</param>
    public static IReadOnlyList<ScoreFusionInfo> FindScoreFusions(ITransformer model)
        => Find<ScoreFusionInfo>(model, SerScoreFusionEstimator.ContractName);

    /// <summary>The first score fusion in <paramref name="model"/>, or null when it has none.</summary>
    /// <param name="model">A fitted pipeline or one returned by <c>Model.Load</c>.</param>
    public static ScoreFusionInfo? FindScoreFusion(ITransformer model) => FindScoreFusions(model).FirstOrDefault();

    /// <summary>Every feature fusion in <paramref name="model"/>, in pipeline order.</summary>
    /// <param name="model">A fitted pipeline or one returned by <c>Model.Load</c>.</param>
    public static IReadOnlyList<FeatureFusionInfo> FindFeatureFusions(ITransformer model)
        => Find<FeatureFusionInfo>(model, SerFeatureFusionEstimator.ContractName);

    /// <summary>The first feature fusion in <paramref name="model"/>, or null when it has none.</summary>
    /// <param name="model">A fitted pipeline or one returned by <c>Model.Load</c>.</param>
    public static FeatureFusionInfo? FindFeatureFusion(ITransformer model) => FindFeatureFusions(model).FirstOrDefault();

    private static IReadOnlyList<T> Find<T>(ITransformer model, string contract) where T : class
        => SerModelInspector.FindTransforms(model)
            .Where(t => t.Contract == contract)
            .Select(t => CarriedOptions.Parse<T>(t.OptionsJson, contract))
            .ToArray();
}
