namespace MlNetSer.Models;

/// <summary>
/// Options of the 3D CNN (paper Table 3, Table 6). Defaults: clips of 4 segments of 64×64 log-Mel
/// patches with 3 channels, 7 classes, hidden layers 256 and 256, dropout 0.5.
/// </summary>
public sealed class Cnn3dOptions
{
    /// <summary>Number of emotion classes (default 7, as in AFEW5.0).</summary>
    public int Classes { get; set; } = 7;

    /// <summary>Segments per clip, which is also the first kernel's depth (default 4; Table 6 also uses 6, 8, 10).</summary>
    public int Depth { get; set; } = 4;

    /// <summary>Input channels (default 3: static, delta, delta-delta).</summary>
    public int InputChannels { get; set; } = 3;

    /// <summary>Height of each segment: Mel bands (default 64).</summary>
    public int Height { get; set; } = 64;

    /// <summary>Width of each segment: frames (default 64).</summary>
    public int Width { get; set; } = 64;

    /// <summary>Width of both hidden fully connected layers; the second one is the feature size (default 256).</summary>
    public int Hidden { get; set; } = 256;

    /// <summary>Dropout probability before each hidden fully connected layer (default 0.5).</summary>
    public double Dropout { get; set; } = 0.5;

    /// <summary>Side of the last pooled map for an input side: ((side − 7) / 3 − 4) / 3 (64 → 57 → 19 → 15 → 5).</summary>
    /// <param name="side">Input height or width.</param>
    public static int PooledSize(int side) => ((side - 8 + 1) / 3 - 5 + 1) / 3;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Classes < 2)
        {
            throw new ArgumentException($"Classes must be at least 2 (got {Classes}).", nameof(Classes));
        }

        if (Depth < 1 || InputChannels < 1)
        {
            throw new ArgumentException($"Depth and InputChannels must be positive (got {Depth}, {InputChannels}).", nameof(Depth));
        }

        // 8×8 conv, 3×3 pool, 5×5 conv, 3×3 pool need at least 28 rows and columns to leave one cell.
        if (Height < 28 || Width < 28)
        {
            throw new ArgumentException($"Height and Width must be at least 28 for the 3D CNN (got {Height}×{Width}).", nameof(Height));
        }

        if (Hidden < 1)
        {
            throw new ArgumentException($"Hidden must be positive (got {Hidden}).", nameof(Hidden));
        }

        if (Dropout is < 0 or >= 1)
        {
            throw new ArgumentException($"Dropout must be in [0, 1) (got {Dropout}).", nameof(Dropout));
        }
    }
}
