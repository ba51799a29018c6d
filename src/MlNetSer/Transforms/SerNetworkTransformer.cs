using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Training;

namespace MlNetSer.Transforms;

/// <summary>
/// A trained network as an ML.NET transformer: scores the segments column with ONNX Runtime and adds the
/// utterance scores and features. It is a chain of built-in transformers (see <see cref="SerNetworkEstimator"/>),
/// saved as that chain: <c>mlContext.Model.Load</c> gives back a <see cref="TransformerChain{TLastTransformer}"/>
/// with the same outputs; <see cref="SerNetworkInspector"/> reads the labels from it.
/// </summary>
public sealed class SerNetworkTransformer : ITransformer, IDisposable
{
    private readonly TransformerChain<ITransformer> _chain;
    private readonly byte[] _onnx;

    internal SerNetworkTransformer(TransformerChain<ITransformer> chain, SerNetworkInfo info, byte[] onnx, TrainingResult training)
    {
        _chain = chain;
        Info = info;
        _onnx = onnx;
        Training = training;
    }

    /// <summary>The network's description: labels in score order, columns, shapes.</summary>
    public SerNetworkInfo Info { get; }

    /// <summary>Class names in score order.</summary>
    public IReadOnlyList<string> Labels => Info.Labels;

    /// <summary>
    /// How training went: best epoch, epochs run, early stopping, device and per-epoch history.
    /// Its <see cref="TrainingResult.Network"/> is null: the trained network lives on as ONNX (<see cref="GetOnnxModel"/>).
    /// </summary>
    public TrainingResult Training { get; }

    /// <summary>The chain of built-in transformers that does the scoring (what <c>Model.Save</c> writes).</summary>
    public TransformerChain<ITransformer> Chain => _chain;

    /// <inheritdoc />
    public bool IsRowToRowMapper => ((ITransformer)_chain).IsRowToRowMapper;

    /// <summary>A copy of the ONNX model the transformer scores with (the MlNetSer ONNX contract, see <c>onnx/README.md</c>).</summary>
    public byte[] GetOnnxModel() => (byte[])_onnx.Clone();

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _chain.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => ((ITransformer)_chain).GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => _chain.Transform(input);

    /// <summary>Saves the scoring chain (ML.NET calls this from <c>mlContext.Model.Save</c>).</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)_chain).Save(ctx);

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _chain.Dispose();
}
