using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetSer.Models;

/// <summary>
/// A ResNet block as the forward pass and the ONNX exporter see it: the <see cref="MainPath"/> steps (conv → BN, a ReLU
/// between steps), plus the input (through <see cref="Downsample"/> when the shape changes), then ReLU. Subclasses
/// register their children under torchvision's names.
/// </summary>
public abstract class ResidualBlockBase : Module<Tensor, Tensor>, ILayerGroup
{
    private Sequential? _downsample;

    /// <summary>Creates the (still empty) block.</summary>
    /// <param name="name">Module name.</param>
    private protected ResidualBlockBase(string name)
        : base(name)
    {
    }

    /// <summary>The main path's steps in order.</summary>
    public abstract IReadOnlyList<ResidualStep> MainPath { get; }

    /// <summary>The shortcut's 1×1 convolution and batch norm, or null for an identity shortcut.</summary>
    public (Conv2d Conv, BatchNorm2d Norm)? Downsample =>
        _downsample is null ? null : ((Conv2d)_downsample[0], (BatchNorm2d)_downsample[1]);

    /// <summary>The block's output.</summary>
    /// <param name="input">A batch <c>[N, C, H, W]</c>.</param>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        var steps = MainPath;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            x = step.Norm.call(step.Conv.call(step.Pad is null ? x : step.Pad.call(x)));
            if (i < steps.Count - 1)
                x = functional.relu(x);
        }

        var shortcut = _downsample is null ? input : _downsample.call(input);
        return functional.relu(x + shortcut).MoveToOuterDisposeScope();
    }

    /// <summary>Registers the projection shortcut (<c>downsample.0</c>, <c>downsample.1</c>) when the shape changes.</summary>
    /// <param name="inChannels">Block input channels.</param>
    /// <param name="outChannels">Block output channels.</param>
    /// <param name="stride">The block's stride.</param>
    private protected void RegisterDownsample(int inChannels, int outChannels, int stride)
    {
        if (stride == 1 && inChannels == outChannels)
            return;
        _downsample = Sequential(Conv2d(inChannels, outChannels, 1, stride: stride, bias: false), BatchNorm2d(outChannels));
        register_module("downsample", _downsample);
    }

    private protected static void CheckStride(int stride)
    {
        if (stride is not (1 or 2))
            throw new ArgumentException($"Stride must be 1 or 2 (got {stride}).", nameof(stride));
    }
}
