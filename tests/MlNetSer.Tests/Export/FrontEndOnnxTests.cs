using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using MlNetSer.Export;
using MlNetSer.Features;
using MlNetSer.Onnx;
using MlNetSer.Tests.Features;

namespace MlNetSer.Tests.Export;

/// <summary>The ONNX front end's clips against the library's, with the clips' own frame hop and without.</summary>
public class FrontEndOnnxTests
{
    [Theory]
    [InlineData(null, 66150)]
    [InlineData(10, 66150)]
    [InlineData(10, 24000)]
    [InlineData(10, 300)]
    public void TheGraphsClipsAreTheLibrarys(int? frameHop, int length)
    {
        var options = new FeatureOptions { Clip = new MelClipOptions { FrameHop = frameHop } };
        var samples = FeatureTestSignals.NoisyTones(length, 11);
        var expected = FeatureExtractor.Extract(samples, options);

        var graph = new OnnxGraphBuilder();
        graph.Graph.Input.Add(OnnxGraphBuilder.FloatValueInfo("samples", [null]));
        var frontEnd = new FrontEndOnnx(graph, options, "samples");
        graph.AddNodeWithOutput("Identity", "mel", [frontEnd.MelSegments()]);
        graph.AddNodeWithOutput("Identity", "clips", [frontEnd.Clips()]);
        graph.Graph.Output.Add(OnnxGraphBuilder.FloatValueInfo("mel", [null, 3, 64, 64]));
        graph.Graph.Output.Add(OnnxGraphBuilder.FloatValueInfo("clips", [null, 3, 4, 64, 64]));
        using var session = new InferenceSession(graph.ToModel("front end test").ToByteArray());
        using var input = OrtValue.CreateTensorValueFromMemory(samples, [samples.Length]);
        using var run = new RunOptions();
        using var results = session.Run(run, new Dictionary<string, OrtValue> { ["samples"] = input }, ["mel", "clips"]);

        AssertClose(expected.Mel.Data, results[0].GetTensorDataAsSpan<float>().ToArray());
        var clips = results[1].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(expected.Clips.Count, (int)results[1].GetTensorTypeAndShape().Shape[0]);
        AssertClose(expected.Clips.Data, clips);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a) / Math.Max(1, Math.Abs(e))).Max();
        Assert.True(worst < 1e-3, $"largest relative difference {worst}");
    }
}
