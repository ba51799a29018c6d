namespace MlNetSer.Models;

/// <summary>
/// Options of a 2D backbone (<see cref="Backbone2d"/>: AlexNet, VGG-16, ResNet-18, ResNet-50) on log-Mel segments.
/// Defaults: 3×64×64 segments (static, Δ, ΔΔ × 64 Mel bands × 64 frames) resized inside the network to the
/// backbone's ImageNet input size, 7 classes, dropout 0.5.
/// </summary>
public sealed class Backbone2dOptions
{
    /// <summary>Number of emotion classes (default 7, as in AFEW5.0).</summary>
    public int Classes { get; set; } = 7;

    /// <summary>Input channels (default 3: static, delta, delta-delta).</summary>
    public int InputChannels { get; set; } = 3;

    /// <summary>Height of an input segment: Mel bands (default 64).</summary>
    public int InputHeight { get; set; } = 64;

    /// <summary>Width of an input segment: frames (default 64).</summary>
    public int InputWidth { get; set; } = 64;

    /// <summary>
    /// Side the segment is resized to before the backbone (default 0: the backbone's ImageNet input,
    /// <see cref="Backbone2d.NativeInputSize"/>: 227 for AlexNet as in the paper, 224 for the others). At least
    /// <see cref="Backbone2d.MinimumInputSize"/>.
    /// </summary>
    public int InputSize { get; set; }

    /// <summary>Dropout probability before the fully connected layers of AlexNet and VGG-16 (default 0.5, as in torchvision); the ResNets have none.</summary>
    public double Dropout { get; set; } = 0.5;

    /// <summary>The side the network resizes to: <see cref="InputSize"/>, or the backbone's native one when it is 0.</summary>
    /// <param name="kind">The backbone.</param>
    public int InputSizeFor(NetworkKind kind) => InputSize == 0 ? Backbone2d.NativeInputSize(kind) : InputSize;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option for <paramref name="kind"/>.</summary>
    /// <param name="kind">The backbone the options are for.</param>
    public void Validate(NetworkKind kind)
    {
        var name = Backbone2d.NameOf(kind);
        if (Classes < 2)
            throw new ArgumentException($"Classes must be at least 2 (got {Classes}).", nameof(Classes));
        if (InputChannels < 1 || InputHeight < 1 || InputWidth < 1)
            throw new ArgumentException($"Input shape must be positive (got {InputChannels}×{InputHeight}×{InputWidth}).", nameof(InputChannels));

        // Smaller images vanish in the backbone's stride-2 stages.
        if (InputSize != 0 && InputSize < Backbone2d.MinimumInputSize(kind))
            throw new ArgumentException($"InputSize must be 0 (native) or at least {Backbone2d.MinimumInputSize(kind)} for {name} (got {InputSize}).", nameof(InputSize));
        if (Dropout is < 0 or >= 1)
            throw new ArgumentException($"Dropout must be in [0, 1) (got {Dropout}).", nameof(Dropout));
    }
}
