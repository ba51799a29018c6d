using System.Collections;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSer.Fusion;

/// <summary>
/// A fitted score fusion: the weights, how they were chosen, and the chain of built-in transformers
/// that applies them (<see cref="SerScoreFusionEstimator"/> describes it). It saves as that chain, so
/// <c>Model.Load</c> returns a plain <see cref="TransformerChain{TLastTransformer}"/>; read the weights
/// back with <see cref="FusionInspector"/>.
/// </summary>
public sealed class ScoreFusionTransformer : ITransformer, IEnumerable<ITransformer>
{
    private readonly TransformerChain<ITransformer> _chain;

    internal ScoreFusionTransformer(TransformerChain<ITransformer> chain, ScoreFusionInfo info, ScoreFusionSearchResult? search)
    {
        _chain = chain;
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

    /// <summary>The built-in transformers that make up this fusion.</summary>
    public TransformerChain<ITransformer> Chain => _chain;

    /// <inheritdoc/>
    public bool IsRowToRowMapper => ((ITransformer)_chain).IsRowToRowMapper;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _chain.GetOutputSchema(inputSchema);

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => ((ITransformer)_chain).GetRowToRowMapper(inputSchema);

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => _chain.Transform(input);

    /// <summary>Saves the chain of built-in transformers (what <c>Model.Load</c> gives back).</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)_chain).Save(ctx);

    /// <inheritdoc/>
    public IEnumerator<ITransformer> GetEnumerator() => ((IEnumerable<ITransformer>)_chain).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
