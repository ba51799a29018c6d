using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetSer.Models;

/// <summary>
/// torchvision's ResNet (<c>conv1</c>, <c>bn1</c>, <c>relu</c>, <c>maxpool</c>, <c>layer1</c>…<c>layer4</c>, <c>avgpool</c>,
/// <c>fc</c>, so torchvision state dicts load by name) on 3-channel log-Mel segments resized to 224×224 by default, with
/// a C-way head: <see cref="TorchvisionResnet18"/> (basic blocks 2, 2, 2, 2) and <see cref="Resnet50"/> (bottleneck
/// blocks 3, 4, 6, 3). <see cref="SerNetwork.Features"/> is the pooled vector.
/// </summary>
public abstract class TorchvisionResnet : Backbone2dNetwork
{
    /// <summary>Builds the network.</summary>
    /// <param name="kind">Which ResNet.</param>
    /// <param name="options">Architecture options; validated here.</param>
    /// <param name="blocksPerStage">Blocks in each of the four stages.</param>
    /// <param name="pooledSize">Channels of the last stage (the features' width).</param>
    /// <param name="block">Creates a block from its input channels, stage index and stride.</param>
    private protected TorchvisionResnet(NetworkKind kind, Backbone2dOptions options, IReadOnlyList<int> blocksPerStage, int pooledSize,
        Func<int, int, int, ResidualBlockBase> block)
        : base(kind, options, pooledSize)
    {
        register_module("conv1", Conv2d(options.InputChannels, 64, 7, stride: 2, padding: 3, bias: false));
        register_module("bn1", BatchNorm2d(64));
        register_module("relu", ReLU());
        register_module("maxpool", MaxPool2d(3, 2, padding: 1));
        RegisterStages(this, blocksPerStage, block);
        register_module("avgpool", AdaptiveAvgPool2d(new long[] { 1, 1 }));
        register_module("flatten", Flatten());
        register_module("fc", Linear(pooledSize, options.Classes));
        Seal();
    }

    /// <summary>Registers <c>layer1</c>…<c>layerK</c>: the first block of every stage after the first has stride 2.</summary>
    /// <param name="network">The network being built.</param>
    /// <param name="blocksPerStage">Blocks in each stage.</param>
    /// <param name="block">Creates a block from its input channels, stage index and stride.</param>
    internal static void RegisterStages(Backbone2dNetwork network, IReadOnlyList<int> blocksPerStage, Func<int, int, int, ResidualBlockBase> block)
    {
        var channels = 64;
        for (var stage = 0; stage < blocksPerStage.Count; stage++)
        {
            var blocks = new List<Module<Tensor, Tensor>>();
            for (var b = 0; b < blocksPerStage[stage]; b++)
            {
                var created = block(channels, stage, b == 0 && stage > 0 ? 2 : 1);
                blocks.Add(created);
                channels = OutputChannels(created);
            }

            network.RegisterStage($"layer{stage + 1}", Sequential(blocks));
        }
    }

    private static int OutputChannels(ResidualBlockBase block) => (int)block.MainPath[^1].Norm.num_features;
}

/// <summary>ResNet-18 in torchvision's layout (11 689 512 parameters with 1000 classes), for torchvision's <c>resnet18</c> state dicts.</summary>
public sealed class TorchvisionResnet18 : TorchvisionResnet
{
    /// <summary>Blocks per stage.</summary>
    public static IReadOnlyList<int> BlocksPerStage { get; } = [2, 2, 2, 2];

    /// <summary>Creates the network with the defaults (224×224, 7 classes), randomly initialised.</summary>
    public TorchvisionResnet18()
        : this(new Backbone2dOptions())
    {
    }

    /// <summary>Creates the network with the given options, randomly initialised.</summary>
    /// <param name="options">Architecture options; validated here.</param>
    public TorchvisionResnet18(Backbone2dOptions options)
        : base(NetworkKind.TorchvisionResnet18, options, BlocksPerStage, 512,
            (channels, stage, stride) => new ResidualBlock(channels, 64 << stage, stride, cntkPadding: false))
    {
    }
}

/// <summary>ResNet-50 in torchvision's layout (25 557 032 parameters with 1000 classes; paper Table 5), for torchvision's <c>resnet50</c> state dicts.</summary>
public sealed class Resnet50 : TorchvisionResnet
{
    /// <summary>Blocks per stage.</summary>
    public static IReadOnlyList<int> BlocksPerStage { get; } = [3, 4, 6, 3];

    /// <summary>Creates the network with the defaults (224×224, 7 classes), randomly initialised.</summary>
    public Resnet50()
        : this(new Backbone2dOptions())
    {
    }

    /// <summary>Creates the network with the given options, randomly initialised.</summary>
    /// <param name="options">Architecture options; validated here.</param>
    public Resnet50(Backbone2dOptions options)
        : base(NetworkKind.Resnet50, options, BlocksPerStage, 512 * BottleneckBlock.Expansion,
            (channels, stage, stride) => new BottleneckBlock(channels, 64 << stage, stride))
    {
    }
}
