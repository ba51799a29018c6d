using static TorchSharp.torch.nn;

namespace MlNetSer.Models;

/// <summary>
/// torchvision's ResNet bottleneck block (ResNet-50, "v1.5": the stride sits on the 3×3 convolution): 1×1 conv → BN →
/// ReLU → 3×3 conv → BN → ReLU → 1×1 conv (×4 channels) → BN, plus the shortcut, then ReLU. Child names follow
/// torchvision (<c>conv1</c> … <c>bn3</c>, <c>downsample.0</c>, <c>downsample.1</c>).
/// </summary>
public sealed class BottleneckBlock : ResidualBlockBase
{
    /// <summary>Output channels per bottleneck width.</summary>
    public const int Expansion = 4;

    private readonly ResidualStep[] _steps;

    /// <summary>Creates the block.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="width">Channels of the 3×3 convolution; the block outputs <c>width × 4</c>.</param>
    /// <param name="stride">1, or 2 to halve the resolution.</param>
    public BottleneckBlock(int inChannels, int width, int stride)
        : base(nameof(BottleneckBlock))
    {
        CheckStride(stride);
        var outChannels = width * Expansion;
        _steps =
        [
            new ResidualStep(null, Conv2d(inChannels, width, 1, bias: false), BatchNorm2d(width)),
            new ResidualStep(null, Conv2d(width, width, 3, stride: stride, padding: 1, bias: false), BatchNorm2d(width)),
            new ResidualStep(null, Conv2d(width, outChannels, 1, bias: false), BatchNorm2d(outChannels)),
        ];
        for (var i = 0; i < _steps.Length; i++)
        {
            register_module($"conv{i + 1}", _steps[i].Conv);
            register_module($"bn{i + 1}", _steps[i].Norm);
        }

        RegisterDownsample(inChannels, outChannels, stride);
    }

    /// <inheritdoc />
    public override IReadOnlyList<ResidualStep> MainPath => _steps;
}
