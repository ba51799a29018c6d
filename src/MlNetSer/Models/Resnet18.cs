using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetSer.Models;

/// <summary>
/// ResNet-18 in the layout of the CNTK-exported ImageNet model that ships in the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 (so its weights can be loaded with
/// <see cref="CntkResnet18Weights"/>), on 3-channel log-Mel segments resized bilinearly to 224×224
/// inside the network, with a new C-way head.
/// </summary>
/// <remarks>
/// It differs from torchvision's resnet18 in two ways that matter for the pretrained weights: the
/// stages have 2, 2, 2 and 3 blocks, and the stride-2 stem convolution (3 top/left, 2 bottom/right),
/// max-pool and block convolutions (1 top/left, 0 bottom/right) are padded asymmetrically. Layer
/// names otherwise follow torchvision (<c>conv1</c>, <c>bn1</c>, <c>layer1.0.conv1</c>, …, <c>fc</c>).
/// Input <c>[N, 3, 64, 64]</c>; <see cref="SerNetwork.Features"/> is the 512-d pooled vector.
/// </remarks>
public sealed class Resnet18 : SerNetwork
{
    /// <summary>Size of the pooled feature vector.</summary>
    public const int PooledSize = 512;

    /// <summary>Blocks per stage of the CNTK model.</summary>
    public static IReadOnlyList<int> BlocksPerStage { get; } = new[] { 2, 2, 2, 3 };

    /// <summary>Creates the network with the defaults (224×224, 7 classes), randomly initialised.</summary>
    public Resnet18()
        : this(new Resnet18Options())
    {
    }

    /// <summary>Creates the network with the given options, randomly initialised.</summary>
    /// <param name="options">Architecture options; validated here.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public Resnet18(Resnet18Options options)
        : base("resnet18", options.Classes, PooledSize, new long[] { 3, options.InputHeight, options.InputWidth })
    {
        options.Validate();
        Options = options;

        RegisterInputNormalization();
        register_module("resize", new BilinearResize(options.InputSize, options.InputSize));
        register_module("pad0", new AsymmetricPad2d(3, 3, 2, 2));
        register_module("conv1", Conv2d(3, 64, 7, stride: 2, bias: false));
        register_module("bn1", BatchNorm2d(64));
        register_module("relu", ReLU());
        register_module("maxpad", new AsymmetricPad2d(1, 1, 0, 0, float.NegativeInfinity));
        register_module("maxpool", MaxPool2d(3, 2));
        var channels = 64;
        for (var stage = 0; stage < BlocksPerStage.Count; stage++)
        {
            var outChannels = 64 << stage;
            var blocks = new List<Module<Tensor, Tensor>>();
            for (var b = 0; b < BlocksPerStage[stage]; b++)
            {
                blocks.Add(new ResidualBlock(channels, outChannels, stride: b == 0 && stage > 0 ? 2 : 1));
                channels = outChannels;
            }

            register_module($"layer{stage + 1}", Sequential(blocks));
        }

        register_module("avgpool", AdaptiveAvgPool2d(new long[] { 1, 1 }));
        register_module("flatten", Flatten());
        register_module("fc", Linear(PooledSize, options.Classes));
        Seal();
    }

    /// <summary>The options the network was built with.</summary>
    public Resnet18Options Options { get; }

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
