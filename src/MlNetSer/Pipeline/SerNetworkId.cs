using MlNetSer.Features.Store;
using MlNetSer.Models;

namespace MlNetSer.Pipeline;

/// <summary>
/// One of the paper's three networks as the pipeline knows it: its name (<c>1d</c>, <c>2d</c>, <c>3d</c>), the tensor it
/// reads, its columns and its file names. Every part of MlNetSer that maps a network name to anything goes through this
/// type; the model stores the name beside the labels in each network's record (<c>SerNetworkInfo.Name</c>).
/// </summary>
public sealed record SerNetworkId
{
    private SerNetworkId(string name, SegmentKind input, string segmentColumnName, NetworkKind kind)
    {
        Name = name;
        Input = input;
        SegmentColumnName = segmentColumnName;
        DefaultKind = kind;
    }

    /// <summary>The 1D CNN on raw-waveform segments.</summary>
    public static SerNetworkId Cnn1d { get; } = new("1d", SegmentKind.Waveform, SerColumns.Waveform, NetworkKind.Cnn1d);

    /// <summary>The 2D CNN (AlexNet or ResNet-18) on log-Mel segments with Δ and ΔΔ.</summary>
    public static SerNetworkId Cnn2d { get; } = new("2d", SegmentKind.Mel, SerColumns.Mel, NetworkKind.Resnet18);

    /// <summary>The 3D CNN on stacks of log-Mel segments.</summary>
    public static SerNetworkId Cnn3d { get; } = new("3d", SegmentKind.Clip, SerColumns.Clips, NetworkKind.Cnn3d);

    /// <summary>The three, in the paper's order.</summary>
    public static IReadOnlyList<SerNetworkId> All { get; } = [Cnn1d, Cnn2d, Cnn3d];

    /// <summary>The names of <see cref="All"/>: <c>1d</c>, <c>2d</c>, <c>3d</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(n => n.Name).ToArray();

    /// <summary>The name, <c>1d</c>, <c>2d</c> or <c>3d</c>.</summary>
    public string Name { get; }

    /// <summary>The tensor the network reads (and the segment store keeps for it).</summary>
    public SegmentKind Input { get; }

    /// <summary>The segments column it reads (<see cref="SerColumns.Waveform"/>, <see cref="SerColumns.Mel"/>, <see cref="SerColumns.Clips"/>).</summary>
    public string SegmentColumnName { get; }

    /// <summary>The utterance score column it adds, e.g. <c>Score1d</c>.</summary>
    public string ScoreColumnName => SerColumns.Score + Name;

    /// <summary>The utterance features column it adds, e.g. <c>Features1d</c>.</summary>
    public string FeaturesColumnName => "Features" + Name;

    /// <summary>The stem of its input tensor's files (<c>wave1d</c>, <c>mel2d</c>, <c>clip3d</c>: <c>features</c>' <c>.npy</c> files, store entries).</summary>
    public string FileStem => SegmentKinds.FileTag(Input);

    /// <summary>The file its ONNX model is copied to, e.g. <c>1d.onnx</c>.</summary>
    public string OnnxFileName => Name + ".onnx";

    /// <summary>The architecture it is unless told otherwise (the 2D network: ResNet-18 with ImageNet weights).</summary>
    public NetworkKind DefaultKind { get; }

    /// <summary>The architecture with <paramref name="backbone"/> as the 2D backbone.</summary>
    /// <param name="backbone">The 2D backbone (only read for the 2D network).</param>
    public NetworkKind KindWith(NetworkKind backbone) => this == Cnn2d ? backbone : DefaultKind;

    /// <summary>The network named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Not one of <c>1d</c>, <c>2d</c>, <c>3d</c>.</exception>
    public static SerNetworkId Parse(string name)
        => All.FirstOrDefault(n => n.Name == name)
           ?? throw new ArgumentException($"Unknown network '{name}' (expected one of {string.Join(", ", Names)}).", nameof(name));

    /// <summary>The network whose score column is <paramref name="scoreColumnName"/>, or null.</summary>
    public static SerNetworkId? FromScoreColumn(string scoreColumnName) => All.FirstOrDefault(n => n.ScoreColumnName == scoreColumnName);

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}
