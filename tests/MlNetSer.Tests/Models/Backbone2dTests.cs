using MlNetSer.Models;
using static TorchSharp.torch;

namespace MlNetSer.Tests.Models;

/// <summary>The 2D backbones of Table 5 in torchvision's layout: sizes against the architecture formulas, shapes at the paper's input.</summary>
public class Backbone2dTests
{
    public static TheoryData<NetworkKind> TorchvisionLayouts => [NetworkKind.AlexNet2d, NetworkKind.Vgg16, NetworkKind.TorchvisionResnet18, NetworkKind.Resnet50];

    [Theory]
    [InlineData(NetworkKind.AlexNet2d, 61_100_840)]
    [InlineData(NetworkKind.Vgg16, 138_357_544)]
    [InlineData(NetworkKind.TorchvisionResnet18, 11_689_512)]
    [InlineData(NetworkKind.Resnet50, 25_557_032)]
    public void ParameterCountFollowsTheFormulaAndIsTorchvisionsWithAnImageNetHead(NetworkKind kind, long torchvision)
    {
        using (var imageNet = Backbone2d.Create(kind, new Backbone2dOptions { Classes = 1000 }))
        {
            Assert.Equal(Formula(kind, 1000), imageNet.ParameterCount);
            Assert.Equal(torchvision, imageNet.ParameterCount);
        }

        using var emotions = Backbone2d.Create(kind, new Backbone2dOptions { Classes = 7 });
        Assert.Equal(Formula(kind, 7), emotions.ParameterCount);
    }

    [Theory]
    [InlineData(NetworkKind.AlexNet2d, 16, "features.10.weight", "classifier.6.bias")]
    [InlineData(NetworkKind.Vgg16, 32, "features.28.weight", "classifier.6.bias")]
    [InlineData(NetworkKind.TorchvisionResnet18, 122, "layer4.1.bn2.running_var", "layer2.0.downsample.1.weight")]
    [InlineData(NetworkKind.Resnet50, 320, "layer4.2.bn3.running_var", "layer1.0.downsample.0.weight")]
    public void StateDictHasTorchvisionsKeys(NetworkKind kind, int count, string key, string other)
    {
        using var network = Backbone2d.Create(kind, new Backbone2dOptions());
        // The input normalisation is ours (set from the training data), not torchvision's.
        var keys = network.state_dict().Keys.Where(k => !k.StartsWith("normalize.", StringComparison.Ordinal)).ToList();
        Assert.Equal(count, keys.Count);
        Assert.Contains(key, keys);
        Assert.Contains(other, keys);
    }

    [Theory]
    [InlineData(NetworkKind.AlexNet2d, 227, 6, 4096)]
    [InlineData(NetworkKind.Vgg16, 224, 7, 4096)]
    [InlineData(NetworkKind.Resnet18, 224, 7, 512)]
    [InlineData(NetworkKind.TorchvisionResnet18, 224, 7, 512)]
    [InlineData(NetworkKind.Resnet50, 224, 7, 2048)]
    public void ForwardAtThePapersInputSize(NetworkKind kind, int inputSize, int finalMap, int featureSize)
    {
        using var scope = NewDisposeScope();
        using var network = (Backbone2dNetwork)Backbone2d.Create(kind, new Backbone2dOptions { Classes = 7 });
        network.eval();
        using var noGrad = no_grad();
        Assert.Equal(inputSize, network.InputSize);

        var x = randn(1, 3, 64, 64);
        foreach (var layer in network.Layers.TakeWhile(l => l.Path != "avgpool"))
            x = layer.Module.call(x);
        Assert.Equal(finalMap, x.shape[^1]);
        Assert.Equal(finalMap, x.shape[^2]);

        var (logits, features) = network.LogitsAndFeatures(randn(2, 3, 64, 64));
        Assert.Equal(new long[] { 2, 7 }, logits.shape);
        Assert.Equal(new long[] { 2, featureSize }, features.shape);
        Assert.Equal(featureSize, network.FeatureSize);
    }

    [Fact]
    public void NamesParseBackAndSmallInputsAreRejected()
    {
        foreach (var kind in Backbone2d.Kinds)
            Assert.Equal(kind, Backbone2d.Parse(Backbone2d.NameOf(kind)));
        Assert.Equal(NetworkKind.Vgg16, Backbone2d.Parse("VGG16"));
        Assert.Contains("resnet50", Assert.Throws<ArgumentException>(() => Backbone2d.Parse("resnet34")).Message);
        Assert.False(Backbone2d.Is(NetworkKind.Cnn3d));
        var error = Assert.Throws<ArgumentException>(() => new Vgg16(new Backbone2dOptions { InputSize = 16 }));
        Assert.Contains("vgg16", error.Message);
        Assert.Throws<ArgumentException>(() => new AlexNet2d(new Backbone2dOptions { InputSize = 62 }));
    }

    [Fact]
    public void WeightsAreFoundInAFolderByTorchvisionsFileNameOrTheBackbonesName()
    {
        var folder = Directory.CreateTempSubdirectory("mlnetser-backbones").FullName;
        try
        {
            Assert.Null(Backbone2d.FindWeights(NetworkKind.Vgg16, folder));
            File.WriteAllText(Path.Combine(folder, "resnet50.safetensors"), "");
            File.WriteAllText(Path.Combine(folder, "vgg16-397923af.pth"), "");
            Assert.Equal(Path.Combine(folder, "vgg16-397923af.pth"), Backbone2d.FindWeights(NetworkKind.Vgg16, folder));
            Assert.Equal(Path.Combine(folder, "resnet50.safetensors"), Backbone2d.FindWeights(NetworkKind.Resnet50, folder));
            Assert.Null(Backbone2d.FindWeights(NetworkKind.AlexNet2d, folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Trainable scalars from the published architectures (conv k·k·in·out (+ out bias), batch norm 2·c, linear in·out + out).
    private static long Formula(NetworkKind kind, int classes)
    {
        static long Conv(int k, long cin, long cout, bool bias = true) => k * k * cin * cout + (bias ? cout : 0);
        static long Linear(long cin, long cout) => cin * cout + cout;
        static long Norm(long c) => 2 * c;
        switch (kind)
        {
            case NetworkKind.AlexNet2d:
                return Conv(11, 3, 64) + Conv(5, 64, 192) + Conv(3, 192, 384) + Conv(3, 384, 256) + Conv(3, 256, 256)
                    + Linear(256 * 6 * 6, 4096) + Linear(4096, 4096) + Linear(4096, classes);
            case NetworkKind.Vgg16:
                int[] widths = [64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512];
                return widths.Select((w, i) => Conv(3, i == 0 ? 3 : widths[i - 1], w)).Sum()
                    + Linear(512 * 7 * 7, 4096) + Linear(4096, 4096) + Linear(4096, classes);
            default:
                var bottleneck = kind == NetworkKind.Resnet50;
                int[] blocks = bottleneck ? [3, 4, 6, 3] : [2, 2, 2, 2];
                var total = Conv(7, 3, 64, bias: false) + Norm(64);
                long channels = 64;
                for (var stage = 0; stage < 4; stage++)
                {
                    var width = 64L << stage;
                    var output = bottleneck ? 4 * width : width;
                    for (var b = 0; b < blocks[stage]; b++)
                    {
                        total += bottleneck
                            ? Conv(1, channels, width, false) + Norm(width) + Conv(3, width, width, false) + Norm(width) + Conv(1, width, output, false) + Norm(output)
                            : Conv(3, channels, width, false) + Norm(width) + Conv(3, width, width, false) + Norm(width);
                        if (channels != output || (b == 0 && stage > 0))
                            total += Conv(1, channels, output, false) + Norm(output);
                        channels = output;
                    }
                }

                return total + Linear(channels, classes);
        }
    }
}
