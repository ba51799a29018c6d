using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetSer.Models;

/// <summary>
/// AlexNet in torchvision's layout (<c>features</c>, <c>avgpool</c>, <c>classifier</c>, so torchvision
/// state dicts load by name) on 3-channel log-Mel segments, resized to 227×227 by default (paper Table 2).
/// The 1000-way head is replaced by a C-way one: with 1000 classes the network has torchvision's
/// 61 100 840 parameters, with 7 classes 57 032 519.
/// </summary>
/// <remarks>Input <c>[N, 3, 64, 64]</c>; <see cref="SerNetwork.Features"/> is FC7 (4096-d, after ReLU).</remarks>
public sealed class AlexNet2d : Backbone2dNetwork
{
    /// <summary>Width of FC6 and FC7.</summary>
    public const int HiddenSize = 4096;

    /// <summary>Creates the network with the paper's defaults (227×227, 7 classes).</summary>
    public AlexNet2d()
        : this(new Backbone2dOptions())
    {
    }

    /// <summary>Creates the network with the given options (random initialisation).</summary>
    /// <param name="options">Architecture options; validated here.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public AlexNet2d(Backbone2dOptions options)
        : base(NetworkKind.AlexNet2d, options, HiddenSize)
    {
        register_module("features", Sequential(
            Conv2d(options.InputChannels, 64, kernel_size: 11, stride: 4, padding: 2),
            ReLU(),
            MaxPool2d(kernel_size: 3, stride: 2),
            Conv2d(64, 192, kernel_size: 5, padding: 2),
            ReLU(),
            MaxPool2d(kernel_size: 3, stride: 2),
            Conv2d(192, 384, kernel_size: 3, padding: 1),
            ReLU(),
            Conv2d(384, 256, kernel_size: 3, padding: 1),
            ReLU(),
            Conv2d(256, 256, kernel_size: 3, padding: 1),
            ReLU(),
            MaxPool2d(kernel_size: 3, stride: 2)));
        register_module("avgpool", AdaptiveAvgPool2d(new long[] { 6, 6 }));
        register_module("flatten", Flatten());
        register_module("classifier", Sequential(
            Dropout(options.Dropout),
            Linear(256 * 6 * 6, HiddenSize),
            ReLU(),
            Dropout(options.Dropout),
            Linear(HiddenSize, HiddenSize),
            ReLU(),
            Linear(HiddenSize, options.Classes)));
        Seal();
    }
}
