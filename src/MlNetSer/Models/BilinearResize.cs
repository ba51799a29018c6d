using TorchSharp;
using static TorchSharp.torch;

namespace MlNetSer.Models;

/// <summary>
/// Resizes <c>[N, C, H, W]</c> images bilinearly to a fixed size (PyTorch <c>interpolate</c>,
/// <c>align_corners=False</c>, no antialiasing), so a network can take small segments and feed a
/// backbone its native resolution without the pipeline carrying the large tensors.
/// </summary>
public sealed class BilinearResize : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="height">Output height.</param>
    /// <param name="width">Output width.</param>
    public BilinearResize(int height, int width)
        : base(nameof(BilinearResize))
    {
        if (height < 1 || width < 1)
        {
            throw new ArgumentException($"Resize target must be positive (got {height}×{width}).", nameof(height));
        }

        Height = height;
        Width = width;
    }

    /// <summary>Output height.</summary>
    public int Height { get; }

    /// <summary>Output width.</summary>
    public int Width { get; }

    /// <summary>The resized batch <c>[N, C, Height, Width]</c>.</summary>
    /// <param name="input">A batch <c>[N, C, H, W]</c>.</param>
    public override Tensor forward(Tensor input) =>
        nn.functional.interpolate(input, new long[] { Height, Width }, mode: InterpolationMode.Bilinear, align_corners: false);
}
