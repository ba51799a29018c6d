using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetSer.Models;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MlNetSer.Tests.Models;

public class Resnet18Tests(ITestOutputHelper output)
{
    [Fact]
    public void HasTheCntkLayoutAndParameterCount()
    {
        using var network = new Resnet18();

        // torchvision resnet18 with a 7-way head (11 180 103) plus the CNTK model's third block in
        // layer4 (two 512×512×3×3 convolutions and two batch norms: 4 720 640).
        Assert.Equal(11_180_103 + 4_720_640, network.ParameterCount);
        Assert.Equal(new[] { 2, 2, 2, 3 }, Enumerable.Range(1, 4)
            .Select(i => network.Layers.Count(l => l.Path.StartsWith($"layer{i}.", StringComparison.Ordinal))));
        Assert.Contains(network.named_parameters(), p => p.name == "layer4.2.conv2.weight");
        Assert.Contains(network.named_parameters(), p => p.name == "layer2.0.downsample.0.weight");
        Assert.Contains(network.named_parameters(), p => p.name == "fc.weight");
    }

    [Fact]
    public void PretrainedWeightsReproduceTheOnnxFeaturizer()
    {
        Assert.True(File.Exists(CntkResnet18Weights.DefaultPath), $"missing {CntkResnet18Weights.DefaultPath}");
        using var network = new Resnet18();
        CntkResnet18Weights.Load(network);
        network.eval();

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        random.manual_seed(11);

        // An image-like input on the model's scale: 0–255 BGR minus per-channel means.
        var image = rand(1, 3, 224, 224) * 255f - tensor(new[] { 103.06f, 115.90f, 123.15f }).reshape(1, 3, 1, 1);
        var ours = network.BackboneFeatures(image).reshape(-1).data<float>().ToArray();

        using var session = new InferenceSession(CntkResnet18Weights.DefaultPath);
        var input = new DenseTensor<float>(image.contiguous().data<float>().ToArray(), new[] { 1, 3, 224, 224 });
        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("Input247", input) });
        var reference = results.Single().AsTensor<float>().ToArray();

        Assert.Equal(512, reference.Length);
        var maxDiff = ours.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
        var scale = reference.Max(Math.Abs);
        output.WriteLine($"max |diff| {maxDiff:E2}, max |feature| {scale:F3}");
        Assert.True(scale > 0.1f, "reference features are degenerate");
        Assert.True(maxDiff <= 1e-4f * Math.Max(1f, scale), $"max |diff| {maxDiff:E2} against features up to {scale:F3}");
    }

    [Fact]
    public void MissingPretrainedFileGivesAClearError()
    {
        using var network = new Resnet18();
        var error = Assert.Throws<FileNotFoundException>(() => CntkResnet18Weights.Load(network, "/nonexistent/ResNet18.onnx"));
        Assert.Contains("/nonexistent/ResNet18.onnx", error.Message);
    }

    [Fact]
    public void SegmentsGiveLogitsAndPooledFeatures()
    {
        using var scope = NewDisposeScope();
        using var network = new Resnet18(new Backbone2dOptions { Classes = 6 });
        network.eval();
        using var noGrad = no_grad();
        var (logits, features) = network.LogitsAndFeatures(randn(2, 3, 64, 64));
        Assert.Equal(new long[] { 2, 6 }, logits.shape);
        Assert.Equal(new long[] { 2, 512 }, features.shape);
    }
}
