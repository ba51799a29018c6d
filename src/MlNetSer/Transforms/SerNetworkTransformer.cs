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
public sealed class SerNetworkTransformer : SerChainTransformer
{
    private readonly byte[] _onnx;

    internal SerNetworkTransformer(TransformerChain<ITransformer> chain, SerNetworkInfo info, byte[] onnx, TrainingResult training)
        : base(chain)
    {
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

    /// <summary>A copy of the ONNX model the transformer scores with (the MlNetSer ONNX contract, see <c>onnx/README.md</c>).</summary>
    public byte[] GetOnnxModel() => (byte[])_onnx.Clone();
}
