namespace MlNetSer.Models;

/// <summary>
/// Base of the 2D backbones: the input normalisation (<c>normalize</c>) and a parameter-free bilinear <c>resize</c> of the
/// <c>[N, C, H, W]</c> log-Mel segments to the backbone's input side, then the backbone's own layers in torchvision's
/// names (so ImageNet state dicts load by name).
/// </summary>
public abstract class Backbone2dNetwork : SerNetwork
{
    /// <summary>Validates the options and registers the normalisation and resize layers.</summary>
    /// <param name="kind">Which backbone.</param>
    /// <param name="options">Its options.</param>
    /// <param name="featureSize">Width of the head's input.</param>
    private protected Backbone2dNetwork(NetworkKind kind, Backbone2dOptions options, int featureSize)
        : base(Validated(kind, options), options.Classes, featureSize, new long[] { options.InputChannels, options.InputHeight, options.InputWidth })
    {
        Kind = kind;
        Options = options;
        InputSize = options.InputSizeFor(kind);
        RegisterInputNormalization();
        register_module("resize", new BilinearResize(InputSize, InputSize));
    }

    /// <summary>Which backbone this is.</summary>
    public NetworkKind Kind { get; }

    /// <summary>The options the network was built with.</summary>
    public Backbone2dOptions Options { get; }

    /// <summary>The side the segments are resized to.</summary>
    public int InputSize { get; }

    /// <summary>Registers a stage of blocks (the ResNets build theirs with a shared helper).</summary>
    internal void RegisterStage(string name, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> stage) => register_module(name, stage);

    private static string Validated(NetworkKind kind, Backbone2dOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(kind);
        // AlexNet's network name predates the backbone table: saved models and the ONNX contract record it as alexnet2d.
        return kind switch
        {
            NetworkKind.AlexNet2d => "alexnet2d",
            _ => Backbone2d.NameOf(kind),
        };
    }
}
