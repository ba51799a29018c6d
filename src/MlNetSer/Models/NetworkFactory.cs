namespace MlNetSer.Models;

/// <summary>Creates the paper's networks by kind, for callers that pick the modality at run time.</summary>
public static class NetworkFactory
{
    /// <summary>Creates a randomly initialised network of the given kind with the paper's defaults and <paramref name="classes"/> classes.</summary>
    /// <param name="kind">Which network.</param>
    /// <param name="classes">Number of emotion classes.</param>
    public static SerNetwork Create(NetworkKind kind, int classes) => kind switch
    {
        NetworkKind.Cnn1d => new Cnn1d(new Cnn1dOptions { Classes = classes }),
        NetworkKind.Cnn3d => new Cnn3d(new Cnn3dOptions { Classes = classes }),
        _ when Backbone2d.Is(kind) => Backbone2d.Create(kind, new Backbone2dOptions { Classes = classes }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown network kind."),
    };

    /// <summary>
    /// Creates a network of the given kind whose layers start from a PyTorch state dict (e.g. torchvision's
    /// ImageNet AlexNet for <see cref="NetworkKind.AlexNet2d"/>); a classification head of another width
    /// keeps its fresh initialisation. See <see cref="PretrainedWeights.LoadStateDict"/>.
    /// </summary>
    /// <param name="kind">Which network.</param>
    /// <param name="classes">Number of emotion classes.</param>
    /// <param name="initialWeightsPath">A <c>.pt</c>/<c>.pth</c>/<c>.bin</c> (<c>torch.save</c>) or <c>.safetensors</c> state dict.</param>
    /// <param name="weightsOptions">Strictness and key prefixes; null for the defaults.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is unreadable or does not fit the network.</exception>
    public static SerNetwork Create(NetworkKind kind, int classes, string initialWeightsPath, PretrainedWeightsOptions? weightsOptions = null) =>
        PretrainedWeights.Initializing(() => Create(kind, classes), initialWeightsPath, weightsOptions)();

    /// <summary>The kind of an existing network.</summary>
    /// <param name="network">A network created by this library.</param>
    public static NetworkKind KindOf(SerNetwork network) => network switch
    {
        Cnn1d => NetworkKind.Cnn1d,
        Backbone2dNetwork backbone => backbone.Kind,
        Cnn3d => NetworkKind.Cnn3d,
        _ => throw new ArgumentException($"Unknown network type {network.GetType().Name}.", nameof(network)),
    };
}
