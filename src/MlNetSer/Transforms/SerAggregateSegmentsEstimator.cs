using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Platform;

namespace MlNetSer.Transforms;

/// <summary>
/// Segment → utterance aggregation: turns a column of one utterance's segment-level class probabilities (the
/// <c>[N, C]</c> tensor flattened into a vector of N·C Single, as an ONNX network's <c>seg_probs</c>) into a fixed-size
/// score vector of C Single by <see cref="SegmentAggregation"/> (the mean by default, as the paper). The network
/// trainers use it for <see cref="SerNetworkOptions.Aggregation"/>; it works on any segment-level score column.
/// </summary>
/// <remarks>
/// The computation is a small ONNX graph applied with <c>ApplyOnnxModel</c>, so the column stays fixed-size after
/// <c>Model.Load</c>. A row without segments gets NaN.
/// </remarks>
public sealed class SerAggregateSegmentsEstimator : IEstimator<TransformerChain<ITransformer>>
{
    private const string TransformName = "SerAggregateSegments";
    private readonly string _outputColumnName;
    private readonly string _inputColumnName;
    private readonly int _classes;
    private readonly SegmentAggregation _aggregation;
    private readonly SerDevice _device;

    internal SerAggregateSegmentsEstimator(string outputColumnName, string inputColumnName, int classes, SegmentAggregation aggregation, SerDevice device)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        if (classes < 2)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, $"{TransformName}: at least two classes.");
        if (!Enum.IsDefined(aggregation))
            throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, $"{TransformName}: unknown aggregation.");
        _outputColumnName = outputColumnName;
        _inputColumnName = inputColumnName;
        _classes = classes;
        _aggregation = aggregation;
        _device = device;
    }

    /// <summary>How the segments are aggregated.</summary>
    public SegmentAggregation Aggregation => _aggregation;

    /// <inheritdoc/>
    public TransformerChain<ITransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Chain(new MLContext(), _device.Resolve()).Fit(input);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        new InputColumns(inputSchema).RequireSingleVector(TransformName, _inputColumnName, "segment probabilities");
        return Chain(new MLContext(), SerDevice.Cpu).GetOutputSchema(inputSchema);
    }

    /// <summary>The chain for one device: the column under the graph's input name, the graph, the result under the output name.</summary>
    internal EstimatorChain<ITransformer> Chain(MLContext mlContext, SerDevice device)
    {
        var shapes = new Dictionary<string, int[]>
        {
            [SegmentAggregationOnnx.InputName] = [0, _classes],
            [SegmentAggregationOnnx.OutputName] = [1, _classes],
        };
        return OnnxColumnChain.Create(mlContext, _outputColumnName, _inputColumnName, SegmentAggregationOnnx.InputName, SegmentAggregationOnnx.OutputName,
            SegmentAggregationOnnx.Build(_classes, _aggregation), shapes, device);
    }
}
