namespace MlNetSer.Models;

/// <summary>
/// Options of the 2D ResNet-18 backbone. Defaults: 3×64×64 log-Mel segments resized to 224×224
/// inside the network, 7 classes.
/// </summary>
public sealed class Resnet18Options
{
    /// <summary>Number of emotion classes (default 7, as in AFEW5.0).</summary>
    public int Classes { get; set; } = 7;

    /// <summary>Height of an input segment: Mel bands (default 64).</summary>
    public int InputHeight { get; set; } = 64;

    /// <summary>Width of an input segment: frames (default 64).</summary>
    public int InputWidth { get; set; } = 64;

    /// <summary>Side the segment is resized to before the backbone (default 224, ResNet's native input).</summary>
    /// <remarks>The final 7×7 average pool of the pretrained model corresponds to 224; other sizes use a global average.</remarks>
    public int InputSize { get; set; } = 224;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Classes < 2)
        {
            throw new ArgumentException($"Classes must be at least 2 (got {Classes}).", nameof(Classes));
        }

        if (InputHeight < 1 || InputWidth < 1)
        {
            throw new ArgumentException($"Input shape must be positive (got {InputHeight}×{InputWidth}).", nameof(InputHeight));
        }

        // Five stride-2 stages need at least 32 pixels to leave one cell.
        if (InputSize < 32)
        {
            throw new ArgumentException($"InputSize must be at least 32 for ResNet-18 (got {InputSize}).", nameof(InputSize));
        }
    }
}
