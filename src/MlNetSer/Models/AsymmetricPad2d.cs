using TorchSharp;
using static TorchSharp.torch;

namespace MlNetSer.Models;

/// <summary>
/// Constant padding of <c>[N, C, H, W]</c> with possibly different amounts on each side. CNTK-exported
/// networks pad stride-2 convolutions and pools by one row and column at the top and left only; this
/// layer reproduces that before an unpadded convolution or pool.
/// </summary>
public sealed class AsymmetricPad2d : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="top">Rows added above.</param>
    /// <param name="left">Columns added on the left.</param>
    /// <param name="bottom">Rows added below.</param>
    /// <param name="right">Columns added on the right.</param>
    /// <param name="value">Fill value (0 before a convolution, −∞ before a max-pool).</param>
    public AsymmetricPad2d(int top, int left, int bottom, int right, float value = 0f)
        : base(nameof(AsymmetricPad2d))
    {
        if (top < 0 || left < 0 || bottom < 0 || right < 0)
        {
            throw new ArgumentException($"Padding must not be negative (got {top}, {left}, {bottom}, {right}).", nameof(top));
        }

        Top = top;
        Left = left;
        Bottom = bottom;
        Right = right;
        Value = value;
    }

    /// <summary>Rows added above.</summary>
    public int Top { get; }

    /// <summary>Columns added on the left.</summary>
    public int Left { get; }

    /// <summary>Rows added below.</summary>
    public int Bottom { get; }

    /// <summary>Columns added on the right.</summary>
    public int Right { get; }

    /// <summary>Fill value.</summary>
    public float Value { get; }

    /// <summary>The padded batch.</summary>
    /// <param name="input">A batch <c>[N, C, H, W]</c>.</param>
    public override Tensor forward(Tensor input) =>
        nn.functional.pad(input, new long[] { Left, Right, Top, Bottom }, PaddingModes.Constant, Value);
}
