using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetSer.Models;

/// <summary>
/// ResNet-18 in the layout of the CNTK-exported ImageNet model that ships in the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 (so its weights can be loaded with
/// <see cref="CntkResnet18Weights"/>), on 3-channel log-Mel segments resized bilinearly to 224×224
/// inside the network, with a new C-way head. <see cref="TorchvisionResnet18"/> is torchvision's layout.
/// </summary>
/// <remarks>
/// It differs from torchvision's resnet18 in two ways that matter for the pretrained weights: the
/// stages have 2, 2, 2 and 3 blocks, and the stride-2 stem convolution (3 top/left, 2 bottom/right),
/// max-pool and block convolutions (1 top/left, 0 bottom/right) are padded asymmetrically. Layer
/// names otherwise follow torchvision (<c>conv1</c>, <c>bn1</c>, <c>layer1.0.conv1</c>, …, <c>fc</c>).
/// Input <c>[N, 3, 64, 64]</c>; <see cref="SerNetwork.Features"/> is the 512-d pooled vector.
/// </remarks>
public sealed class Resnet18 : Backbone2dNetwork
{
    /// <summary>Size of the pooled feature vector.</summary>
    public const int PooledSize = 512;

    /// <summary>Blocks per stage of the CNTK model.</summary>
    public static IReadOnlyList<int> BlocksPerStage { get; } = new[] { 2, 2, 2, 3 };

    /// <summary>Creates the network with the defaults (224×224, 7 classes), randomly initialised.</summary>
    public Resnet18()
        : this(new Backbone2dOptions())
    {
    }

    /// <summary>Creates the network with the given options, randomly initialised.</summary>
    /// <param name="options">Architecture options; validated here.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public Resnet18(Backbone2dOptions options)
        : base(NetworkKind.Resnet18, options, PooledSize)
    {
        register_module("pad0", new AsymmetricPad2d(3, 3, 2, 2));
        register_module("conv1", Conv2d(options.InputChannels, 64, 7, stride: 2, bias: false));
        register_module("bn1", BatchNorm2d(64));
        register_module("relu", ReLU());
        register_module("maxpad", new AsymmetricPad2d(1, 1, 0, 0, float.NegativeInfinity));
        register_module("maxpool", MaxPool2d(3, 2));
        TorchvisionResnet.RegisterStages(this, BlocksPerStage, (channels, stage, stride) =>
            new ResidualBlock(channels, 64 << stage, stride, cntkPadding: true));
        register_module("avgpool", AdaptiveAvgPool2d(new long[] { 1, 1 }));
        register_module("flatten", Flatten());
        register_module("fc", Linear(PooledSize, options.Classes));
        Seal();
    }

    /// <summary>
    /// The 512-d pooled features of an already-resized, preprocessed batch <c>[N, 3, S, S]</c> (skips the input
    /// normalisation and the resize layer).
    /// </summary>
    /// <param name="images">Images at the backbone's resolution.</param>
    public Tensor BackboneFeatures(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = images;
        foreach (var layer in Layers.SkipWhile(l => l.Module is InputNormalization or BilinearResize).Take(Layers.Count - 3))
        {
            x = layer.Module.call(x);
        }

        return x.MoveToOuterDisposeScope();
    }
}
