using Google.Protobuf;
using MlNetSer.Onnx;

namespace MlNetSer.Transforms;

/// <summary>
/// The ONNX graph behind <see cref="SerAggregateSegmentsEstimator"/>: from one utterance's segment probabilities
/// <c>[N, C]</c>, its scores <c>[1, C]</c>. ONNX keeps the output a fixed-size vector after <c>Model.Load</c>, which a
/// CustomMapping would not.
/// </summary>
internal static class SegmentAggregationOnnx
{
    /// <summary>The graph's input (and internal column) name.</summary>
    public const string InputName = "MlNetSer_SegmentAggregation_in";

    /// <summary>The graph's output (and internal column) name.</summary>
    public const string OutputName = "MlNetSer_SegmentAggregation_out";

    // Probabilities below this count as this before the log: a softmax output of exactly 0 would give −∞.
    private const float LogFloor = 1e-30f;

    /// <summary>Builds the model for <paramref name="classes"/> classes.</summary>
    public static byte[] Build(int classes, SegmentAggregation aggregation)
    {
        var graph = new OnnxGraphBuilder();
        graph.Graph.Name = "MlNetSerSegmentAggregation";
        graph.Unique(InputName);
        graph.Unique(OutputName);
        graph.Graph.Input.Add(OnnxGraphBuilder.FloatValueInfo(InputName, new long?[] { null, classes }));
        var overSegments = OnnxGraphBuilder.Ints("axes", new long[] { 0 });
        var keep = OnnxGraphBuilder.Int("keepdims", 1);
        switch (aggregation)
        {
            case SegmentAggregation.Mean:
                graph.AddNodeWithOutput("ReduceMean", OutputName, [InputName], overSegments, keep);
                break;
            case SegmentAggregation.Max:
                var max = graph.AddNode("ReduceMax", "max", [InputName], overSegments, keep);
                var total = graph.AddNode("ReduceSum", "total", [max, graph.AddInt64Initializer("class_axis", [1])], keep);
                graph.AddNodeWithOutput("Div", OutputName, [max, total]);
                break;
            case SegmentAggregation.LogMean:
                var floored = graph.AddNode("Max", "floored", [InputName, graph.AddInitializer("floor", Array.Empty<long>(), [LogFloor])]);
                var meanLog = graph.AddNode("ReduceMean", "mean_log", [graph.AddNode("Log", "log", [floored])], overSegments, keep);
                graph.AddNodeWithOutput("Softmax", OutputName, [meanLog], OnnxGraphBuilder.Int("axis", 1));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "Unknown segment aggregation.");
        }

        graph.Graph.Output.Add(OnnxGraphBuilder.FloatValueInfo(OutputName, new long?[] { 1, classes }));
        return graph.ToModel($"MlNetSer segment aggregation ({aggregation}) of [N, {classes}] segment probabilities.").ToByteArray();
    }
}
