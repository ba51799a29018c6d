namespace MlNetSer.Models;

/// <summary>
/// The 2D backbones the log-Mel network can use (paper Table 5: AlexNet, VGG-16, ResNet-50; and ResNet-18), one place
/// for their names, input sizes and ImageNet weights.
/// </summary>
public static class Backbone2d
{
    private static readonly (NetworkKind Kind, string Name, int NativeSize, int MinimumSize, string? TorchvisionWeights)[] All =
    [
        (NetworkKind.AlexNet2d, "alexnet", 227, 63, "https://download.pytorch.org/models/alexnet-owt-7be5be79.pth"),
        (NetworkKind.Vgg16, "vgg16", 224, 32, "https://download.pytorch.org/models/vgg16-397923af.pth"),
        (NetworkKind.Resnet18, "resnet18", 224, 32, null),
        (NetworkKind.TorchvisionResnet18, "resnet18-torchvision", 224, 32, "https://download.pytorch.org/models/resnet18-f37072fd.pth"),
        (NetworkKind.Resnet50, "resnet50", 224, 32, "https://download.pytorch.org/models/resnet50-0676ba61.pth"),
    ];

    /// <summary>The backbones in the order above.</summary>
    public static IReadOnlyList<NetworkKind> Kinds { get; } = All.Select(b => b.Kind).ToArray();

    /// <summary>Their names as the CLI and reports write them: <c>alexnet</c>, <c>vgg16</c>, <c>resnet18</c>, <c>resnet18-torchvision</c>, <c>resnet50</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(b => b.Name).ToArray();

    /// <summary>Whether <paramref name="kind"/> is a 2D backbone.</summary>
    /// <param name="kind">A network kind.</param>
    public static bool Is(NetworkKind kind) => All.Any(b => b.Kind == kind);

    /// <summary>The backbone's name (see <see cref="Names"/>).</summary>
    /// <param name="kind">A 2D backbone.</param>
    public static string NameOf(NetworkKind kind) => Entry(kind).Name;

    /// <summary>The backbone called <paramref name="name"/> (case-insensitive; see <see cref="Names"/>).</summary>
    /// <param name="name">A backbone name.</param>
    /// <exception cref="ArgumentException">No backbone has that name.</exception>
    public static NetworkKind Parse(string name) =>
        All.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } entry
            ? entry.Kind
            : throw new ArgumentException($"Unknown 2d backbone '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name));

    /// <summary>The ImageNet input side the backbone was designed for: 227 for AlexNet (the paper's), 224 for the others.</summary>
    /// <param name="kind">A 2D backbone.</param>
    public static int NativeInputSize(NetworkKind kind) => Entry(kind).NativeSize;

    /// <summary>The smallest input side the backbone's stride-2 stages leave a feature map for (AlexNet 63, the others 32).</summary>
    /// <param name="kind">A 2D backbone.</param>
    public static int MinimumInputSize(NetworkKind kind) => Entry(kind).MinimumSize;

    /// <summary>
    /// Whether MlNetSer has ImageNet weights for the backbone without a user's file: only <see cref="NetworkKind.Resnet18"/>
    /// (those of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18, <see cref="CntkResnet18Weights"/>).
    /// </summary>
    /// <param name="kind">A 2D backbone.</param>
    public static bool HasBuiltInWeights(NetworkKind kind) => Entry(kind).Kind == NetworkKind.Resnet18;

    /// <summary>
    /// Where torchvision publishes the backbone's ImageNet weights (IMAGENET1K_V1), for <c>--backbone-weights</c>; null for
    /// the built-in ResNet-18, whose layout is the CNTK model's. The 8 hex digits in the file name begin the file's SHA-256.
    /// </summary>
    /// <param name="kind">A 2D backbone.</param>
    public static string? TorchvisionWeightsUrl(NetworkKind kind) => Entry(kind).TorchvisionWeights;

    /// <summary>
    /// The backbone's weights file in <paramref name="directory"/>, or null: torchvision's file name (e.g.
    /// <c>vgg16-397923af.pth</c>), else <c>&lt;name&gt;.pth</c>, <c>.pt</c> or <c>.safetensors</c> (e.g. <c>vgg16.safetensors</c>).
    /// </summary>
    /// <param name="kind">A 2D backbone.</param>
    /// <param name="directory">A folder of state dicts.</param>
    public static string? FindWeights(NetworkKind kind, string directory)
    {
        var entry = Entry(kind);
        var candidates = new List<string>();
        if (entry.TorchvisionWeights is { } url)
            candidates.Add(url[(url.LastIndexOf('/') + 1)..]);
        candidates.AddRange(new[] { ".pth", ".pt", ".safetensors" }.Select(e => entry.Name + e));
        return candidates.Select(c => Path.Combine(directory, c)).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// The first hex digits of the SHA-256 that torchvision's file called <paramref name="fileName"/> must have (the digits
    /// torch.hub puts in the name and checks), or null when the name is not one of <see cref="TorchvisionWeightsUrl"/>'s.
    /// </summary>
    /// <param name="fileName">A file name without folder.</param>
    public static string? TorchvisionSha256Prefix(string fileName) =>
        All.Select(b => b.TorchvisionWeights).OfType<string>().Select(url => url[(url.LastIndexOf('/') + 1)..])
            .FirstOrDefault(name => string.Equals(name, fileName, StringComparison.Ordinal)) is { } match
            ? match[(match.LastIndexOf('-') + 1)..match.LastIndexOf('.')]
            : null;

    /// <summary>What a run says once when the backbone is trained from random weights: the paper fine-tunes ImageNet models.</summary>
    /// <param name="kind">A 2D backbone.</param>
    public static string RandomInitialisationWarning(NetworkKind kind)
    {
        var source = TorchvisionWeightsUrl(kind) is { } url
            ? $"give torchvision's ImageNet weights with --backbone-weights / BackboneWeights ({url}; docs/backbones.md)"
            : "keep its built-in ImageNet weights (PretrainedResnet18)";
        return $"the 2d network ({NameOf(kind)}) is trained from random initialisation, not from ImageNet weights as in the paper: {source}.";
    }

    /// <summary>A randomly initialised backbone of the given kind.</summary>
    /// <param name="kind">A 2D backbone.</param>
    /// <param name="options">Its options; validated by the network.</param>
    public static SerNetwork Create(NetworkKind kind, Backbone2dOptions options) => kind switch
    {
        NetworkKind.AlexNet2d => new AlexNet2d(options),
        NetworkKind.Vgg16 => new Vgg16(options),
        NetworkKind.Resnet18 => new Resnet18(options),
        NetworkKind.TorchvisionResnet18 => new TorchvisionResnet18(options),
        NetworkKind.Resnet50 => new Resnet50(options),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a 2d backbone."),
    };

    private static (NetworkKind Kind, string Name, int NativeSize, int MinimumSize, string? TorchvisionWeights) Entry(NetworkKind kind) =>
        All.FirstOrDefault(b => b.Kind == kind) is { Name: not null } entry
            ? entry
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Not a 2d backbone; expected one of {string.Join(", ", Names)}.");
}
