using MlNetSer.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetSer.Tests.Models;

public class NetworkArchitectureTests
{
    [Fact]
    public void Cnn1dAt625SamplesHasTable1ParameterCount()
    {
        using var network = new Cnn1d();
        Assert.Equal(2_270_983, network.ParameterCount);
        Assert.Equal(4, network.Options.ConvolutionCount);
        Assert.Equal(new[] { 32, 32, 64, 64 }, network.Options.EffectiveChannels());
    }

    [Fact]
    public void Cnn3dAtDepth4HasTable3ParameterCount()
    {
        using var network = new Cnn3d();
        Assert.Equal(323_015, network.ParameterCount);
    }

    [Fact]
    public void AlexNetWithSevenClassesHasTorchvisionParameterCount()
    {
        using var network = new AlexNet2d();
        Assert.Equal(57_032_519, network.ParameterCount);
    }

    [Fact]
    public void AlexNetParameterNamesMatchTorchvision()
    {
        using var network = new AlexNet2d();
        var names = network.named_parameters().Select(p => p.name).ToArray();
        Assert.Equal(
            new[]
            {
                "features.0.weight", "features.0.bias", "features.3.weight", "features.3.bias",
                "features.6.weight", "features.6.bias", "features.8.weight", "features.8.bias",
                "features.10.weight", "features.10.bias", "classifier.1.weight", "classifier.1.bias",
                "classifier.4.weight", "classifier.4.bias", "classifier.6.weight", "classifier.6.bias",
            },
            names);
    }

    [Theory]
    [InlineData(125, 3)]
    [InlineData(625, 4)]
    [InlineData(3125, 5)]
    [InlineData(15625, 6)]
    public void Cnn1dHandlesEveryTable4Length(int length, int convolutions)
    {
        using var scope = NewDisposeScope();
        using var network = new Cnn1d(new Cnn1dOptions { SegmentLength = length, Classes = 6 });
        network.eval();
        Assert.Equal(convolutions, network.Layers.Count(l => l.Module is TorchSharp.Modules.Conv1d));

        // The last convolution must see exactly its kernel, i.e. leave a length of 1.
        var afterFeatures = ((nn.Module<Tensor, Tensor>)network.named_children().First(c => c.name == "features").module)
            .call(randn(2, 1, length));
        Assert.Equal(new long[] { 2, network.Options.EffectiveChannels()[^1], 1 }, afterFeatures.shape);

        using var noGrad = no_grad();
        var (logits, features) = network.LogitsAndFeatures(randn(new long[] { 3, 1, length }));
        Assert.Equal(new long[] { 3, 6 }, logits.shape);
        Assert.Equal(new long[] { 3, 1024 }, features.shape);
        Assert.Equal(1024, network.FeatureSize);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(10)]
    public void Cnn3dHandlesEveryTable6Depth(int depth)
    {
        using var scope = NewDisposeScope();
        using var network = new Cnn3d(new Cnn3dOptions { Depth = depth });
        network.eval();
        var conv1 = network.Layers.Select(l => l.Module).OfType<TorchSharp.Modules.Conv3d>().First();
        Assert.Equal(new long[] { depth, 8, 8 }, conv1.kernel_size);

        // Only the first kernel grows with depth: 3·32·(D·64) more weights per extra segment.
        Assert.Equal(323_015 + (depth - 4) * 3 * 32 * 64, network.ParameterCount);

        using var noGrad = no_grad();
        var (logits, features) = network.LogitsAndFeatures(randn(new long[] { 2, 3, depth, 64, 64 }));
        Assert.Equal(new long[] { 2, 7 }, logits.shape);
        Assert.Equal(new long[] { 2, 256 }, features.shape);
    }

    [Fact]
    public void AlexNetResizesSmallSegmentsAndReturnsFc7Features()
    {
        using var scope = NewDisposeScope();
        using var network = new AlexNet2d(new Backbone2dOptions { Classes = 4 });
        network.eval();
        using var noGrad = no_grad();
        var (logits, features) = network.LogitsAndFeatures(randn(2, 3, 64, 64));
        Assert.Equal(new long[] { 2, 4 }, logits.shape);
        Assert.Equal(new long[] { 2, 4096 }, features.shape);

        // FC7 follows a ReLU, and the head is a plain linear map of it.
        Assert.True(features.min().item<float>() >= 0f);
        var head = (TorchSharp.Modules.Linear)network.Layers[^1].Module;
        var expected = nn.functional.linear(features, head.weight!, head.bias);
        Assert.True(allclose(logits, expected, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void FeaturesAndForwardAgreeWithOnePass()
    {
        using var scope = NewDisposeScope();
        using var network = new Cnn1d();
        network.eval();
        using var noGrad = no_grad();
        var x = randn(5, 1, 625) * 256;
        var (logits, features) = network.LogitsAndFeatures(x);
        Assert.True(allclose(network.forward(x), logits));
        Assert.True(allclose(network.Features(x), features));
        Assert.True(features.min().item<float>() >= 0f);
    }

    [Theory]
    [InlineData(600)]
    [InlineData(5)]
    [InlineData(0)]
    [InlineData(1250)]
    public void Cnn1dRejectsLengthsThatAreNotPowersOfFive(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => new Cnn1d(new Cnn1dOptions { SegmentLength = length }));
        Assert.Contains("5^k", error.Message);
        Assert.Contains(length.ToString(), error.Message);
    }

    [Fact]
    public void WrongInputShapeGivesAClearError()
    {
        using var scope = NewDisposeScope();
        using var network = new Cnn1d();
        var error = Assert.Throws<ArgumentException>(() => network.forward(zeros(2, 1, 600)));
        Assert.Contains("[N, 1, 625]", error.Message);
        Assert.Contains("[2, 1, 600]", error.Message);
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new Cnn1d(new Cnn1dOptions { Channels = new[] { 32, 64 } }));
        Assert.Throws<ArgumentException>(() => new Cnn3d(new Cnn3dOptions { Height = 20 }));
        Assert.Throws<ArgumentException>(() => new AlexNet2d(new Backbone2dOptions { Classes = 1 }));
    }

    [Fact]
    public void FactoryCreatesEachKind()
    {
        foreach (var kind in Enum.GetValues<NetworkKind>())
        {
            using var network = NetworkFactory.Create(kind, 5);
            Assert.Equal(5, network.Classes);
            Assert.Equal(kind, NetworkFactory.KindOf(network));
        }
    }
}
