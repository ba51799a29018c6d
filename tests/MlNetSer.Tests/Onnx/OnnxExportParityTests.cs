using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetSer.Models;
using MlNetSer.Onnx;
using TorchSharp;
using static TorchSharp.torch;
using Xunit.Abstractions;
using Tensor = TorchSharp.torch.Tensor;

namespace MlNetSer.Tests.Onnx;

public class OnnxExportParityTests(ITestOutputHelper output)
{
    /// <summary>
    /// Max |ONNX − TorchSharp| allowed: 1e-5 absolute for values up to 1 (all probabilities, and every
    /// output of the paper's three networks in practice), relative beyond that, since float32 rounding
    /// through a deep pretrained network grows with the magnitude of its features.
    /// </summary>
    private const float Tolerance = 1e-5f;

    [Fact]
    public void Cnn1dExportMatchesTorchSharp()
    {
        using var network = new Cnn1d(new Cnn1dOptions { Classes = 7 });
        AssertParity(network, scale: 256f, 1, 3, 7);
    }

    [Fact]
    public void Cnn1dAt125SamplesExportMatchesTorchSharp()
    {
        using var network = new Cnn1d(new Cnn1dOptions { SegmentLength = 125, Classes = 6 });
        AssertParity(network, scale: 256f, 1, 3);
    }

    [Fact]
    public void Cnn3dExportMatchesTorchSharp()
    {
        using var network = new Cnn3d();
        AssertParity(network, scale: 5f, 1, 3, 7);
    }

    [Fact]
    public void Cnn3dAtDepth6ExportMatchesTorchSharp()
    {
        using var network = new Cnn3d(new Cnn3dOptions { Depth = 6, Classes = 4 });
        AssertParity(network, scale: 5f, 2);
    }

    [Fact]
    public void AlexNetExportMatchesTorchSharp()
    {
        using var network = new AlexNet2d();
        AssertParity(network, scale: 5f, 1, 3);
    }

    [Theory]
    [InlineData(64)]   // features end 1×1: the adaptive pool replicates one cell to 6×6
    [InlineData(131)]  // features end 3×3: each cell becomes a 2×2 block
    public void AlexNetOnASmallInputExportMatchesTorchSharp(int inputSize)
    {
        using var network = new AlexNet2d(new Backbone2dOptions { InputSize = inputSize, Classes = 4 });
        AssertParity(network, scale: 5f, 1, 2);
    }

    [Theory]
    [InlineData(NetworkKind.Vgg16, 32)]              // features end 1×1: the adaptive pool replicates it to 7×7
    [InlineData(NetworkKind.Vgg16, 64)]              // features end 2×2: overlapping adaptive windows to 7×7 (the fast preset)
    [InlineData(NetworkKind.TorchvisionResnet18, 64)] // symmetric stride-2 padding, torchvision's max-pool padding
    [InlineData(NetworkKind.Resnet50, 64)]            // bottleneck blocks
    public void TorchvisionBackboneExportMatchesTorchSharp(NetworkKind kind, int inputSize)
    {
        using var network = Backbone2d.Create(kind, new Backbone2dOptions { InputSize = inputSize, Classes = 5 });
        TrainedLooking(network);
        AssertParity(network, scale: 5f, 1, 2);
    }

    // Batch norms away from their fresh (identity) statistics, so the export of every one of them is checked.
    private static void TrainedLooking(SerNetwork network)
    {
        using var noGrad = no_grad();
        foreach (var (name, buffer) in network.named_buffers())
        {
            if (name.EndsWith("running_mean", StringComparison.Ordinal))
                buffer.copy_(randn_like(buffer) * 0.1f);
            else if (name.EndsWith("running_var", StringComparison.Ordinal))
                buffer.copy_(rand_like(buffer) + 0.5f);
        }
    }

    [Fact]
    public void PretrainedResnet18ExportMatchesTorchSharp()
    {
        using var network = new Resnet18();
        CntkResnet18Weights.Load(network);
        AssertParity(network, scale: 5f, 1, 2);
    }

    [Fact]
    public void TheInputNormalizationIsInTheGraph_WithTheLevelCentred()
    {
        // Statistics far from the identity, and the recording level removed per segment: the ONNX model takes the raw
        // log-Mel tensors of the contract and must do both itself.
        using var network = new Resnet18(new Backbone2dOptions { InputSize = 64 });
        CntkResnet18Weights.Load(network);
        Normalise(network);
        AssertParity(network, scale: 5f, 1, 3);

        using var cnn3d = new Cnn3d(new Cnn3dOptions { Classes = 4 });
        Normalise(cnn3d);
        AssertParity(cnn3d, scale: 5f, 1, 2);
    }

    private static void Normalise(SerNetwork network)
    {
        var normalization = network.Normalization!;
        normalization.CentresLevel = true;
        var cells = normalization.CellShape.Aggregate(1L, (a, b) => a * b);
        normalization.SetStatistics(
            Enumerable.Range(0, (int)cells).Select(i => -5.0 + i % 7).ToArray(),
            Enumerable.Range(0, (int)cells).Select(i => 0.5 + i % 3).ToArray());
    }

    [Fact]
    public void ModelDescribesItselfInMetadata()
    {
        using var network = new Cnn3d(new Cnn3dOptions { Classes = 3 });
        var labels = new[] { "angry", "happy", "neutral" };
        var bytes = OnnxModelExporter.ExportToBytes(network, new OnnxExportOptions
        {
            Labels = labels,
            FeatureOptionsJson = new MlNetSer.Features.FeatureOptions { Clip = new MlNetSer.Features.MelClipOptions { Depth = 4 } }.ToJson(),
            ExtraMetadata = { ["trained_on"] = "toy" },
        });

        using var session = new InferenceSession(bytes);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal(labels, JsonSerializer.Deserialize<string[]>(metadata[OnnxContract.LabelsKey]));
        Assert.Equal("cnn3d", metadata[OnnxContract.NetworkKey]);
        Assert.Equal(OnnxModelExporter.LibraryVersion, metadata[OnnxContract.VersionKey]);
        var features = JsonSerializer.Deserialize<MlNetSer.Features.FeatureOptions>(metadata[OnnxContract.FeatureOptionsKey])!;
        Assert.Equal(4, features.Clip.Depth);
        Assert.Equal(64, features.Mel.MelBands);
        Assert.Equal("{}", OnnxModelExporter.ExportToBytes(network, new OnnxExportOptions { Labels = labels }) is var unknown
            ? new InferenceSession(unknown).ModelMetadata.CustomMetadataMap[OnnxContract.FeatureOptionsKey] : null);
        Assert.Equal("[3,4,64,64]", metadata[OnnxContract.InputShapeKey]);
        Assert.Equal("256", metadata[OnnxContract.FeatureSizeKey]);
        Assert.Equal("toy", metadata["trained_on"]);
        Assert.Equal(OnnxContract.Opset, OnnxModelExporter.BuildModel(network, new OnnxExportOptions { Labels = labels }).OpsetImport[0].Version);

        var input = session.InputMetadata[OnnxContract.Input];
        Assert.Equal(new[] { -1, 3, 4, 64, 64 }, input.Dimensions);
        Assert.Equal(OnnxContract.SegmentDimension, input.SymbolicDimensions[0]);
        Assert.Equal(
            new[] { OnnxContract.SegmentProbabilities, OnnxContract.UtteranceProbabilities, OnnxContract.SegmentFeatures, OnnxContract.UtteranceFeatures },
            session.OutputNames);
    }

    [Fact]
    public void ExportWritesTheFileAndLeavesNoTemporaryBehind()
    {
        using var folder = new TempDirectory();
        var path = folder.File(Path.Combine("nested", "cnn1d.onnx"));
        using var network = new Cnn1d(new Cnn1dOptions { SegmentLength = 125, Classes = 2 });
        var options = new OnnxExportOptions { Labels = new[] { "a", "b" } };
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.GetDirectoryName(path)!).FullName, "cnn1d.onnx"), "stale");
        OnnxModelExporter.Export(network, path, options);

        Assert.Equal(OnnxModelExporter.ExportToBytes(network, options), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void LabelCountMustMatchClasses()
    {
        using var network = new Cnn1d(new Cnn1dOptions { SegmentLength = 125, Classes = 3 });
        var error = Assert.Throws<ArgumentException>(() =>
            OnnxModelExporter.ExportToBytes(network, new OnnxExportOptions { Labels = new[] { "a", "b" } }));
        Assert.Contains("3 classes but 2 labels", error.Message);
    }

    [Fact]
    public void ExportKeepsTheTrainingModeAndWeights()
    {
        using var network = new Cnn1d(new Cnn1dOptions { SegmentLength = 125, Classes = 2 });
        network.train();
        var before = network.parameters().Select(p => p.detach().clone()).ToArray();
        OnnxModelExporter.ExportToBytes(network, new OnnxExportOptions { Labels = new[] { "a", "b" } });
        Assert.True(network.training);
        Assert.All(network.parameters().Zip(before), p => Assert.True(p.First.allclose(p.Second, rtol: 0, atol: 0)));
    }

    /// <summary>
    /// Trains batch-norm statistics away from their defaults (so the export must carry them), then
    /// compares all four outputs of ONNX Runtime with TorchSharp's eval outputs.
    /// </summary>
    private void AssertParity(SerNetwork network, float scale, params int[] segmentCounts)
    {
        random.manual_seed(7);
        using (var warm = NewDisposeScope())
        using (no_grad())
        {
            network.train();
            network.forward(randn(network.InputShape.Prepend(8L).ToArray()) * scale + 0.5f);
        }

        network.eval();
        var labels = Enumerable.Range(0, network.Classes).Select(i => $"class{i}").ToArray();
        using var session = new InferenceSession(OnnxModelExporter.ExportToBytes(network, new OnnxExportOptions { Labels = labels }));

        foreach (var n in segmentCounts)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = randn(network.InputShape.Prepend((long)n).ToArray()) * scale;
            var (logits, features) = network.LogitsAndFeatures(x);
            var segProbs = nn.functional.softmax(logits, 1);
            var expected = new Dictionary<string, Tensor>
            {
                [OnnxContract.SegmentProbabilities] = segProbs,
                [OnnxContract.UtteranceProbabilities] = segProbs.mean(new long[] { 0 }, keepdim: true),
                [OnnxContract.SegmentFeatures] = features,
                [OnnxContract.UtteranceFeatures] = features.mean(new long[] { 0 }, keepdim: true),
            };

            var inputTensor = new DenseTensor<float>(x.data<float>().ToArray(), x.shape.Select(d => (int)d).ToArray());
            using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(OnnxContract.Input, inputTensor) });
            foreach (var result in results)
            {
                var actual = result.AsTensor<float>();
                var want = expected[result.Name];
                Assert.Equal(want.shape, actual.Dimensions.ToArray().Select(d => (long)d).ToArray());
                var wantValues = want.contiguous().data<float>().ToArray();
                var maxDiff = wantValues.Zip(actual.ToArray(), (a, b) => Math.Abs(a - b)).Max();
                var magnitude = wantValues.Max(Math.Abs);
                output.WriteLine($"parity {network.Name} N={n} {result.Name} maxdiff={maxDiff:E2} max|value|={magnitude:F3}");
                Assert.True(
                    maxDiff <= Tolerance * Math.Max(1f, magnitude),
                    $"{network.Name} N={n} {result.Name}: max |diff| {maxDiff:E2} (values up to {magnitude:F3})");
            }
        }
    }
}
