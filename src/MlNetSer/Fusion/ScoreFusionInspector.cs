using Microsoft.ML;
using MlNetSer.Transforms;

namespace MlNetSer.Fusion;

/// <summary>
/// Reads back the score fusions in a fitted or loaded model (<c>Model.Load</c> returns a plain chain,
/// not <see cref="ScoreFusionTransformer"/>): weights, networks, class names and whether they are oracle.
/// </summary>
public static class ScoreFusionInspector
{
    /// <summary>Every score fusion in <paramref name="model"/>, in pipeline order.</summary>
    /// <param name="model">A fitted pipeline or one returned by <c>Model.Load</c>.</param>
    public static IReadOnlyList<ScoreFusionInfo> FindAll(ITransformer model)
        => SerModelInspector.FindTransforms(model)
            .Where(t => t.Contract == SerScoreFusionEstimator.ContractName)
            .Select(t => CarriedOptions.Parse<ScoreFusionInfo>(t.OptionsJson, SerScoreFusionEstimator.ContractName))
            .ToArray();

    /// <summary>The first score fusion in <paramref name="model"/>, or null when it has none.</summary>
    /// <param name="model">A fitted pipeline or one returned by <c>Model.Load</c>.</param>
    public static ScoreFusionInfo? Find(ITransformer model) => FindAll(model).FirstOrDefault();
}
