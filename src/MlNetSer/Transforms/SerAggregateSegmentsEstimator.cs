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
public sealed class SerAggregateSegmentsEstimator : OnnxColumnEstimator
{
    private readonly int _classes;

    internal SerAggregateSegmentsEstimator(string outputColumnName, string inputColumnName, int classes, SegmentAggregation aggregation, SerDevice device)
        : base("SerAggregateSegments", outputColumnName, inputColumnName, "segment probabilities", device)
    {
        if (classes < 2)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "SerAggregateSegments: at least two classes.");
        if (!Enum.IsDefined(aggregation))
            throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "SerAggregateSegments: unknown aggregation.");
        _classes = classes;
        Aggregation = aggregation;
    }

    /// <summary>How the segments are aggregated.</summary>
    public SegmentAggregation Aggregation { get; }

    private protected override (byte[] Onnx, string Input, string Output, Dictionary<string, int[]> Shapes) Graph()
        => (SegmentAggregationOnnx.Build(_classes, Aggregation), SegmentAggregationOnnx.InputName, SegmentAggregationOnnx.OutputName,
            new Dictionary<string, int[]> { [SegmentAggregationOnnx.InputName] = [0, _classes], [SegmentAggregationOnnx.OutputName] = [1, _classes] });
}
