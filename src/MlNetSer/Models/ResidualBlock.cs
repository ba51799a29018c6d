using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetSer.Models;

/// <summary>
/// ResNet basic block: 3×3 conv → BN → ReLU → 3×3 conv → BN, plus the input (through a 1×1 conv
/// and BN when the shape changes), then ReLU. Child names follow torchvision (<c>conv1</c>, <c>bn1</c>,
/// <c>conv2</c>, <c>bn2</c>, <c>downsample.0</c>, <c>downsample.1</c>). A stride-2 block pads its first
/// convolution at the top and left only (<c>pad1</c>), as the CNTK-exported ResNet-18 does.
/// </summary>
public sealed class ResidualBlock : Module<Tensor, Tensor>, ILayerGroup
{
    private readonly AsymmetricPad2d? _pad1;
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly ReLU _relu;
    private readonly Conv2d _conv2;
    private readonly BatchNorm2d _bn2;
    private readonly Sequential? _downsample;

    /// <summary>Creates the block.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="stride">1, or 2 to halve the resolution.</param>
    public ResidualBlock(int inChannels, int outChannels, int stride)
        : base(nameof(ResidualBlock))
    {
        if (stride is not (1 or 2))
        {
            throw new ArgumentException($"Stride must be 1 or 2 (got {stride}).", nameof(stride));
        }

        if (stride == 2)
        {
            _pad1 = new AsymmetricPad2d(1, 1, 0, 0);
            register_module("pad1", _pad1);
        }

        _conv1 = Conv2d(inChannels, outChannels, 3, stride: stride, padding: stride == 2 ? 0 : 1, bias: false);
        _bn1 = BatchNorm2d(outChannels);
        _relu = ReLU();
        _conv2 = Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        _bn2 = BatchNorm2d(outChannels);
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        register_module("relu", _relu);
        register_module("conv2", _conv2);
        register_module("bn2", _bn2);
        if (stride != 1 || inChannels != outChannels)
        {
            _downsample = Sequential(Conv2d(inChannels, outChannels, 1, stride: stride, bias: false), BatchNorm2d(outChannels));
            register_module("downsample", _downsample);
        }
    }

    /// <summary>The first convolution's top/left padding, or null for stride 1.</summary>
    public AsymmetricPad2d? Pad1 => _pad1;

    /// <summary>First 3×3 convolution.</summary>
    public Conv2d Conv1 => _conv1;

    /// <summary>Batch norm after <see cref="Conv1"/>.</summary>
    public BatchNorm2d Bn1 => _bn1;

    /// <summary>Second 3×3 convolution.</summary>
    public Conv2d Conv2 => _conv2;

    /// <summary>Batch norm after <see cref="Conv2"/>.</summary>
    public BatchNorm2d Bn2 => _bn2;

    /// <summary>The shortcut's 1×1 convolution and batch norm, or null for an identity shortcut.</summary>
    public (Conv2d Conv, BatchNorm2d Norm)? Downsample =>
        _downsample is null ? null : ((Conv2d)_downsample[0], (BatchNorm2d)_downsample[1]);

    /// <summary>The block's output.</summary>
    /// <param name="input">A batch <c>[N, C, H, W]</c>.</param>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = _pad1 is null ? input : _pad1.call(input);
        x = _relu.call(_bn1.call(_conv1.call(x)));
        x = _bn2.call(_conv2.call(x));
        var shortcut = _downsample is null ? input : _downsample.call(input);
        return functional.relu(x + shortcut).MoveToOuterDisposeScope();
    }
}
