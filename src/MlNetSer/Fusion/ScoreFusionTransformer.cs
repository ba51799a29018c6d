using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Transforms;

namespace MlNetSer.Fusion;

/// <summary>
/// A fitted score fusion: the weights, how they were chosen, and the chain of built-in transformers
/// that applies them (<see cref="SerScoreFusionEstimator"/> describes it). It saves as that chain, so
/// <c>Model.Load</c> returns a plain <see cref="TransformerChain{TLastTransformer}"/>; read the weights
/// back with <see cref="FusionInspector"/>.
/// </summary>
public sealed class ScoreFusionTransformer : SerChainTransformer
{
    internal ScoreFusionTransformer(TransformerChain<ITransformer> chain, ScoreFusionInfo info, ScoreFusionSearchResult? search)
        : base(chain)
    {
        Info = info;
        Search = search;
    }

    /// <summary>The weights, networks, classes and mode recorded in the model.</summary>
    public ScoreFusionInfo Info { get; }

    /// <summary>λ per network, in score-column order.</summary>
    public IReadOnlyList<double> Weights => Info.Weights;

    /// <summary>True when the weights were tuned on the data they will be reported on.</summary>
    public bool IsOracle => Info.IsOracle;

    /// <summary>Every grid point of the search with its accuracy and UAR (e.g. for a heatmap); null for fixed weights.</summary>
    public ScoreFusionSearchResult? Search { get; }
}
