using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetSer.Models;

/// <summary>
/// VGG-16 (configuration D, no batch normalisation) in torchvision's layout (<c>features</c>, <c>avgpool</c>,
/// <c>classifier</c>, so torchvision's <c>vgg16</c> state dicts load by name) on 3-channel log-Mel segments, resized to
/// 224×224 by default (paper Table 5). The 1000-way head is replaced by a C-way one: with 1000 classes the network has
/// torchvision's 138 357 544 parameters.
/// </summary>
/// <remarks>Input <c>[N, 3, 64, 64]</c>; <see cref="SerNetwork.Features"/> is FC7 (4096-d, after ReLU).</remarks>
public sealed class Vgg16 : Backbone2dNetwork
{
    /// <summary>Width of FC6 and FC7.</summary>
    public const int HiddenSize = 4096;

    /// <summary>Output channels of the 13 convolutions, stage by stage; each stage ends in a 2×2 max-pool.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Stages { get; } =
        [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]];

    /// <summary>Creates the network with the defaults (224×224, 7 classes), randomly initialised.</summary>
    public Vgg16()
        : this(new Backbone2dOptions())
    {
    }

    /// <summary>Creates the network with the given options (random initialisation).</summary>
    /// <param name="options">Architecture options; validated here.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public Vgg16(Backbone2dOptions options)
        : base(NetworkKind.Vgg16, options, HiddenSize)
    {
        var features = new List<Module<Tensor, Tensor>>();
        var channels = options.InputChannels;
        foreach (var stage in Stages)
        {
            foreach (var width in stage)
            {
                features.Add(Conv2d(channels, width, kernel_size: 3, padding: 1));
                features.Add(ReLU());
                channels = width;
            }

            features.Add(MaxPool2d(kernel_size: 2, stride: 2));
        }

        register_module("features", Sequential(features));
        register_module("avgpool", AdaptiveAvgPool2d(new long[] { 7, 7 }));
        register_module("flatten", Flatten());
        register_module("classifier", Sequential(
            Linear(512 * 7 * 7, HiddenSize),
            ReLU(),
            Dropout(options.Dropout),
            Linear(HiddenSize, HiddenSize),
            ReLU(),
            Dropout(options.Dropout),
            Linear(HiddenSize, options.Classes)));
        Seal();
    }
}
