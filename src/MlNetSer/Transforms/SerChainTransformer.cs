using System.Collections;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSer.Transforms;

/// <summary>
/// A fitted MlNetSer part that is, underneath, a chain of built-in ML.NET transformers: it transforms and saves as that
/// chain, so <c>mlContext.Model.Load</c> gives back a plain <see cref="TransformerChain{TLastTransformer}"/> with the same
/// outputs and needs no registration (ML.NET lets a third party save only built-in transformers). The derived class adds
/// what the fit learnt beyond the chain (training history, search grid, …), which is not saved.
/// </summary>
public abstract class SerChainTransformer : ITransformer, IEnumerable<ITransformer>, IDisposable
{
    private protected SerChainTransformer(TransformerChain<ITransformer> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        Chain = chain;
    }

    /// <summary>The chain of built-in transformers that does the work (what <c>Model.Save</c> writes).</summary>
    public TransformerChain<ITransformer> Chain { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => ((ITransformer)Chain).IsRowToRowMapper;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Chain.GetOutputSchema(inputSchema);

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => ((ITransformer)Chain).GetRowToRowMapper(inputSchema);

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => Chain.Transform(input);

    /// <summary>Saves the chain (ML.NET calls this from <c>mlContext.Model.Save</c>).</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)Chain).Save(ctx);

    /// <summary>The chain's elements, so that inspectors see into a fitted model as into a loaded one.</summary>
    public IEnumerator<ITransformer> GetEnumerator() => ((IEnumerable<ITransformer>)Chain).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Releases the chain's ONNX Runtime sessions.</summary>
    public virtual void Dispose()
    {
        Chain.Dispose();
        GC.SuppressFinalize(this);
    }
}
