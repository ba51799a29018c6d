using Google.Protobuf;
using MlNetSer.Onnx;
using Onnx;

namespace MlNetSer.Fusion;

/// <summary>
/// The tiny ONNX graph that carries the fusion weights in the model zip (an ONNX model is the one built-in transformer that keeps arbitrary numbers in a zip) and
/// computes the fused score with fixed shapes, so the <c>Score</c> column stays a fixed-size vector
/// after <c>Model.Load</c> (a CustomMapping's output would come back variable-length).
/// </summary>
internal static class ScoreFusionOnnx
{
    /// <summary>The ONNX input (and internal column) name of network <paramref name="index"/>.</summary>
    public static string InputName(int index) => $"MlNetSer_ScoreFusion_in{index}";

    /// <summary>The ONNX output (and internal column) name of the fused score.</summary>
    public const string OutputName = "MlNetSer_ScoreFusion_score";

    /// <summary>
    /// Builds the model: fused = ((λ₁·c(in₀) + λ₂·c(in₁)) + …), inputs and output of shape [classes], where c is the
    /// temperature scaling softmax(ln(max(x, floor)) / T) of <see cref="ScoreCalibration"/>, left out where T = 1 or no
    /// temperatures are given.
    /// </summary>
    public static byte[] Build(IReadOnlyList<double> weights, IReadOnlyList<double>? temperatures, int classes)
    {
        var graph = new OnnxGraphBuilder();
        graph.Graph.Name = "MlNetSerScoreFusion";
        graph.Unique(OutputName);
        var products = new List<string>();
        for (var i = 0; i < weights.Count; i++)
        {
            var input = InputName(i);
            graph.Unique(input);
            graph.Graph.Input.Add(OnnxGraphBuilder.FloatValueInfo(input, new long?[] { classes }));
            var weight = graph.AddInitializer($"lambda{i}", new long[] { 1 }, new[] { (float)weights[i] });
            var scores = temperatures is { } t && t[i] != 1 ? Calibrated(graph, input, t[i], i) : input;
            if (weights.Count == 1)
                graph.AddNodeWithOutput("Mul", OutputName, new[] { scores, weight });
            else
                products.Add(graph.AddNode("Mul", $"weighted{i}", new[] { scores, weight }));
        }

        // Left to right, as ScoreFusionSearch.Fuse adds, so search and model round alike.
        var sum = products.FirstOrDefault();
        for (var i = 1; i < products.Count; i++)
        {
            if (i == products.Count - 1)
                graph.AddNodeWithOutput("Add", OutputName, new[] { sum!, products[i] });
            else
                sum = graph.AddNode("Add", $"sum{i}", new[] { sum!, products[i] });
        }

        graph.Graph.Output.Add(OnnxGraphBuilder.FloatValueInfo(OutputName, new long?[] { classes }));
        var model = graph.ToModel("MlNetSer score-level fusion (Zhang et al. 2021, Eq. 1): weighted sum of utterance scores.");
        model.MetadataProps.Add(new StringStringEntryProto { Key = "mlnetser.fusion.weights", Value = string.Join(",", weights.Select(w => w.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) });
        if (temperatures is not null)
            model.MetadataProps.Add(new StringStringEntryProto { Key = "mlnetser.fusion.temperatures", Value = string.Join(",", temperatures.Select(t => t.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) });
        return model.ToByteArray();
    }

    // softmax(ln(max(x, floor)) · (1/T)), in single precision as ScoreCalibration.Apply computes it.
    private static string Calibrated(OnnxGraphBuilder graph, string input, double temperature, int index)
    {
        var floor = graph.AddInitializer($"floor{index}", Array.Empty<long>(), [(float)ScoreFusionSearch.ProbabilityFloor]);
        var inverse = graph.AddInitializer($"inverse_temperature{index}", Array.Empty<long>(), [(float)(1 / temperature)]);
        var log = graph.AddNode("Log", $"log{index}", new[] { graph.AddNode("Max", $"floored{index}", new[] { input, floor }) });
        var scaled = graph.AddNode("Mul", $"scaled{index}", new[] { log, inverse });
        return graph.AddNode("Softmax", $"calibrated{index}", new[] { scaled }, OnnxGraphBuilder.Int("axis", -1));
    }
}
