using Google.Protobuf;
using MlNetSer.Onnx;
using Onnx;

namespace MlNetSer.Transforms;

/// <summary>
/// The ONNX graph behind <see cref="SerMelStatisticsEstimator"/>: from one utterance's log-Mel segments
/// <c>[N, 3, bands, frames]</c>, the mean and the standard deviation of the static channel per Mel band over every
/// frame of every segment, <c>[1, 2·bands]</c> (means first). ONNX keeps the output a fixed-size vector after
/// <c>Model.Load</c>, which a CustomMapping would not.
/// </summary>
internal static class MelStatisticsOnnx
{
    /// <summary>The graph's input (and internal column) name.</summary>
    public const string InputName = "MlNetSer_MelStatistics_in";

    /// <summary>The graph's output (and internal column) name.</summary>
    public const string OutputName = "MlNetSer_MelStatistics_out";

    /// <summary>Builds the model for segments of <paramref name="bands"/> × <paramref name="frames"/>.</summary>
    public static byte[] Build(int bands, int frames)
    {
        var graph = new OnnxGraphBuilder();
        graph.Graph.Name = "MlNetSerMelStatistics";
        graph.Unique(InputName);
        graph.Unique(OutputName);
        graph.Graph.Input.Add(OnnxGraphBuilder.FloatValueInfo(InputName, new long?[] { null, 3, bands, frames }));

        var staticChannel = graph.AddNode("Slice", "static", new[]
        {
            InputName, graph.AddInt64Initializer("start", [0]), graph.AddInt64Initializer("end", [1]), graph.AddInt64Initializer("axis", [1]),
        });
        // Over segments, the channel and frames: one value per band.
        var pooled = OnnxGraphBuilder.Ints("axes", new long[] { 0, 1, 3 });
        var noKeep = OnnxGraphBuilder.Int("keepdims", 0);
        var mean = graph.AddNode("ReduceMean", "mean", new[] { staticChannel }, pooled, noKeep);
        var square = graph.AddNode("Mul", "square", new[] { staticChannel, staticChannel });
        var meanSquare = graph.AddNode("ReduceMean", "mean_square", new[] { square }, pooled, noKeep);
        var variance = graph.AddNode("Sub", "variance", new[] { meanSquare, graph.AddNode("Mul", "mean2", new[] { mean, mean }) });
        // E[x²] − E[x]² can round below zero for a constant band.
        var clipped = graph.AddNode("Max", "variance_clipped", new[] { variance, graph.AddInitializer("zero", Array.Empty<long>(), [0f]) });
        var deviation = graph.AddNode("Sqrt", "deviation", new[] { clipped });
        var both = graph.AddNode("Concat", "statistics", new[] { mean, deviation }, OnnxGraphBuilder.Int("axis", 0));
        graph.AddNodeWithOutput("Reshape", OutputName, new[] { both, graph.AddInt64Initializer("shape", [1, 2L * bands]) });
        graph.Graph.Output.Add(OnnxGraphBuilder.FloatValueInfo(OutputName, new long?[] { 1, 2L * bands }));

        var model = graph.ToModel("MlNetSer log-Mel statistics: per Mel band, mean and standard deviation of the static channel over all frames.");
        return model.ToByteArray();
    }
}
