using Microsoft.ML;

namespace MlNetSer.Transforms;

/// <summary>
/// Reads back what the fitted network transforms in a model record (labels, columns, shapes), also from a
/// model loaded with <c>mlContext.Model.Load</c>, which returns a plain <c>TransformerChain</c>.
/// </summary>
public static class SerNetworkInspector
{
    /// <summary>The description of every MlNetSer network transform in <paramref name="model"/>, in pipeline order.</summary>
    /// <param name="model">A fitted or loaded model.</param>
    public static IReadOnlyList<SerNetworkInfo> FindNetworks(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return SerModelInspector.FindTransforms(model)
            .Where(t => t.Contract == SerNetworkEstimator.ContractName)
            .Select(t => CarriedOptions.Parse<SerNetworkInfo>(t.OptionsJson, SerNetworkEstimator.ContractName))
            .ToArray();
    }

    /// <summary>The class names of the first network transform in <paramref name="model"/>, in score order.</summary>
    /// <param name="model">A fitted or loaded model.</param>
    /// <exception cref="InvalidOperationException">The model has no MlNetSer network transform.</exception>
    public static IReadOnlyList<string> FindLabels(ITransformer model)
        => FindNetworks(model).FirstOrDefault()?.Labels
           ?? throw new InvalidOperationException("The model contains no MlNetSer network transform (SerNetwork).");
}
