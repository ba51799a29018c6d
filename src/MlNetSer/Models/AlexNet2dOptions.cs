namespace MlNetSer.Models;

/// <summary>
/// Options of the 2D AlexNet (paper Table 2). Defaults: 3×64×64 log-Mel segments resized to
/// 227×227 inside the network, 7 classes, dropout 0.5.
/// </summary>
public sealed class AlexNet2dOptions
{
    /// <summary>Number of emotion classes (default 7, as in AFEW5.0).</summary>
    public int Classes { get; set; } = 7;

    /// <summary>Input channels (default 3: static, delta, delta-delta).</summary>
    public int InputChannels { get; set; } = 3;

    /// <summary>Height of an input segment: Mel bands (default 64).</summary>
    public int InputHeight { get; set; } = 64;

    /// <summary>Width of an input segment: frames (default 64).</summary>
    public int InputWidth { get; set; } = 64;

    /// <summary>The smallest input side AlexNet's convolutions and pools leave a feature map for (63).</summary>
    public const int MinimumInputSize = 63;

    /// <summary>Side the segment is resized to before the backbone (default 227, AlexNet's native input).</summary>
    public int InputSize { get; set; } = 227;

    /// <summary>Dropout probability before FC6 and FC7 (default 0.5, as in torchvision).</summary>
    public double Dropout { get; set; } = 0.5;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Classes < 2)
        {
            throw new ArgumentException($"Classes must be at least 2 (got {Classes}).", nameof(Classes));
        }

        if (InputChannels < 1 || InputHeight < 1 || InputWidth < 1)
        {
            throw new ArgumentException(
                $"Input shape must be positive (got {InputChannels}×{InputHeight}×{InputWidth}).", nameof(InputChannels));
        }

        // Smaller images vanish in the three stride-2 max-pools.
        if (InputSize < MinimumInputSize)
        {
            throw new ArgumentException($"InputSize must be at least {MinimumInputSize} for AlexNet (got {InputSize}).", nameof(InputSize));
        }

        if (Dropout is < 0 or >= 1)
        {
            throw new ArgumentException($"Dropout must be in [0, 1) (got {Dropout}).", nameof(Dropout));
        }
    }
}
