using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetSer.Models;

/// <summary>
/// The 3D CNN on clips of successive log-Mel segments (paper Table 3, depth variants of Table 6):
/// conv (D, 8, 8)×32 → BN → ReLU → max-pool (1, 3, 3) → conv (1, 5, 5)×32 → BN → ReLU →
/// max-pool (1, 3, 3) → flatten (800) → dropout → FC 256 → ReLU → dropout → FC 256 → ReLU → FC C.
/// With 7 classes and depth 4 it has 323 015 parameters.
/// </summary>
/// <remarks>Input <c>[N, 3, Depth, 64, 64]</c> (N, C, D, H, W); <see cref="SerNetwork.Features"/> is the second 256-d FC layer.</remarks>
public sealed class Cnn3d : SerNetwork
{
    /// <summary>Creates the network with the paper's defaults (depth 4, 7 classes).</summary>
    public Cnn3d()
        : this(new Cnn3dOptions())
    {
    }

    /// <summary>Creates the network with the given options.</summary>
    /// <param name="options">Architecture options; validated here.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public Cnn3d(Cnn3dOptions options)
        : base("cnn3d", options.Classes, options.Hidden,
            new long[] { options.InputChannels, options.Depth, options.Height, options.Width })
    {
        options.Validate();
        Options = options;

        RegisterInputNormalization();
        // The first kernel spans the whole clip depth, so depth is 1 from there on.
        register_module("features", Sequential(
            ("conv1", Conv3d(options.InputChannels, 32, (options.Depth, 8, 8))),
            ("bn1", BatchNorm3d(32)),
            ("relu1", ReLU()),
            ("pool1", MaxPool3d((1, 3, 3), (1, 3, 3))),
            ("conv2", Conv3d(32, 32, (1, 5, 5))),
            ("bn2", BatchNorm3d(32)),
            ("relu2", ReLU()),
            ("pool2", MaxPool3d((1, 3, 3), (1, 3, 3)))));
        register_module("flatten", Flatten());
        var flat = 32 * Cnn3dOptions.PooledSize(options.Height) * Cnn3dOptions.PooledSize(options.Width);
        register_module("classifier", ClassifierHead.Create(flat, options.Hidden, options.Hidden, options.Classes, options.Dropout));
        Seal();
    }

    /// <summary>The options the network was built with.</summary>
    public Cnn3dOptions Options { get; }
}
