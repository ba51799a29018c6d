using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace MlNetSer.Models;

/// <summary>
/// ResNet basic block (ResNet-18): 3×3 conv → BN → ReLU → 3×3 conv → BN, plus the shortcut, then ReLU. Child names
/// follow torchvision (<c>conv1</c>, <c>bn1</c>, <c>conv2</c>, <c>bn2</c>, <c>downsample.0</c>, <c>downsample.1</c>). In the
/// CNTK layout a stride-2 block pads its first convolution at the top and left only (<c>pad1</c>), as the CNTK-exported
/// ResNet-18 does; in torchvision's it pads 1 on every side.
/// </summary>
public sealed class ResidualBlock : ResidualBlockBase
{
    private readonly ResidualStep[] _steps;

    /// <summary>Creates the block.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="stride">1, or 2 to halve the resolution.</param>
    /// <param name="cntkPadding">Whether a stride-2 block pads like the CNTK model (default) rather than like torchvision.</param>
    public ResidualBlock(int inChannels, int outChannels, int stride, bool cntkPadding = true)
        : base(nameof(ResidualBlock))
    {
        CheckStride(stride);
        var asymmetric = cntkPadding && stride == 2;
        var pad1 = asymmetric ? new AsymmetricPad2d(1, 1, 0, 0) : null;
        if (pad1 is not null)
            register_module("pad1", pad1);
        var conv1 = Conv2d(inChannels, outChannels, 3, stride: stride, padding: asymmetric ? 0 : 1, bias: false);
        var bn1 = BatchNorm2d(outChannels);
        var conv2 = Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        var bn2 = BatchNorm2d(outChannels);
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        register_module("conv2", conv2);
        register_module("bn2", bn2);
        RegisterDownsample(inChannels, outChannels, stride);
        _steps = [new ResidualStep(pad1, conv1, bn1), new ResidualStep(null, conv2, bn2)];
    }

    /// <inheritdoc />
    public override IReadOnlyList<ResidualStep> MainPath => _steps;

    /// <summary>The first convolution's top/left padding, or null.</summary>
    public AsymmetricPad2d? Pad1 => _steps[0].Pad;

    /// <summary>First 3×3 convolution.</summary>
    public Conv2d Conv1 => _steps[0].Conv;

    /// <summary>Batch norm after <see cref="Conv1"/>.</summary>
    public BatchNorm2d Bn1 => _steps[0].Norm;

    /// <summary>Second 3×3 convolution.</summary>
    public Conv2d Conv2 => _steps[1].Conv;

    /// <summary>Batch norm after <see cref="Conv2"/>.</summary>
    public BatchNorm2d Bn2 => _steps[1].Norm;
}
