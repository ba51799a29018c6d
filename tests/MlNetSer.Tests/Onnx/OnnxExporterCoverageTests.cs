using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetSer.Models;
using MlNetSer.Onnx;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using Tensor = TorchSharp.torch.Tensor;

namespace MlNetSer.Tests.Onnx;

/// <summary>Exporter paths the paper's networks do not reach at their default sizes.</summary>
public class OnnxExporterCoverageTests
{
    /// <summary>Conv → pad → max-pool → adaptive pool that really averages (8×8 → 2×2) → head.</summary>
    private sealed class PoolingNet : SerNetwork
    {
        public PoolingNet()
            : base("pooling", 3, 16, new long[] { 2, 8, 8 })
        {
            register_module("features", Sequential(
                ("conv", Conv2d(2, 4, 3, stride: 1, padding: 1)),
                ("pad", new AsymmetricPad2d(1, 1, 0, 0, float.NegativeInfinity)),
                ("pool", MaxPool2d(2, 1)),
                ("avgpool", AdaptiveAvgPool2d(new long[] { 2, 2 }))));
            register_module("flatten", Flatten());
            register_module("fc", Linear(16, 3));
            Seal();
        }
    }

    /// <summary>A chain with a layer the exporter does not know.</summary>
    private sealed class GeluNet : SerNetwork
    {
        public GeluNet()
            : base("gelu", 2, 8, new long[] { 4 })
        {
            register_module("fc1", Linear(4, 8));
            register_module("act", GELU());
            register_module("fc2", Linear(8, 2));
            Seal();
        }
    }

    [Fact]
    public void AdaptiveAverageAndAsymmetricPaddingMatchTorchSharp()
    {
        random.manual_seed(3);
        using var network = new PoolingNet();
        network.eval();
        using var session = new InferenceSession(OnnxModelExporter.ExportToBytes(network, new OnnxExportOptions { Labels = new[] { "a", "b", "c" } }));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = randn(4, 2, 8, 8);
        var (logits, features) = network.LogitsAndFeatures(x);
        var input = new DenseTensor<float>(x.data<float>().ToArray(), new[] { 4, 2, 8, 8 });
        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(OnnxContract.Input, input) });
        AssertClose(features, results.Single(r => r.Name == OnnxContract.SegmentFeatures).AsTensor<float>().ToArray());
        AssertClose(nn.functional.softmax(logits, 1), results.Single(r => r.Name == OnnxContract.SegmentProbabilities).AsTensor<float>().ToArray());
    }

    [Fact]
    public void UnsupportedLayerIsNamedInTheError()
    {
        using var network = new GeluNet();
        var error = Assert.Throws<NotSupportedException>(() =>
            OnnxModelExporter.ExportToBytes(network, new OnnxExportOptions { Labels = new[] { "a", "b" } }));
        Assert.Contains("'act'", error.Message);
        Assert.Contains("GELU", error.Message);
    }

    private static void AssertClose(Tensor expected, float[] actual)
    {
        var want = expected.contiguous().data<float>().ToArray();
        Assert.Equal(want.Length, actual.Length);
        Assert.True(want.Zip(actual, (a, b) => Math.Abs(a - b)).Max() <= 1e-5f);
    }
}
