namespace MlNetSer.Models;

/// <summary>
/// Options of the sample-level 1D CNN (paper Table 1, Table 4). Defaults: 625-sample segments,
/// 7 classes, convolution widths 32-32-64-64, hidden layers 2048 and 1024, dropout 0.5.
/// </summary>
public sealed class Cnn1dOptions
{
    /// <summary>Number of emotion classes (default 7, as in AFEW5.0).</summary>
    public int Classes { get; set; } = 7;

    /// <summary>
    /// Samples per segment; must be 5^k with k ≥ 2 (default 625; the paper also uses 125, 3125 and
    /// 15 625). The network then has k convolutions: k6 + pool, k − 2 × (k5 + pool), k4.
    /// </summary>
    public int SegmentLength { get; set; } = 625;

    /// <summary>
    /// Output channels of each convolution, one per layer. Null (default) derives them: the first
    /// ⌈k/2⌉ layers have 32 channels, the rest 64, which gives Table 1's 32-32-64-64 for 625 samples.
    /// </summary>
    public int[]? Channels { get; set; }

    /// <summary>Width of the first hidden fully connected layer (default 2048).</summary>
    public int Hidden1 { get; set; } = 2048;

    /// <summary>Width of the last hidden fully connected layer, i.e. the feature size (default 1024).</summary>
    public int Hidden2 { get; set; } = 1024;

    /// <summary>Dropout probability before each hidden fully connected layer (default 0.5; ours, not the paper's).</summary>
    public double Dropout { get; set; } = 0.5;

    /// <summary>Number of convolutions for <see cref="SegmentLength"/> (k for 5^k samples).</summary>
    public int ConvolutionCount => ConvolutionCountFor(SegmentLength);

    /// <summary>The convolution widths in use: <see cref="Channels"/> or the derived default.</summary>
    public int[] EffectiveChannels()
    {
        var count = ConvolutionCount;
        return Channels ?? Enumerable.Range(0, count).Select(i => i < (count + 1) / 2 ? 32 : 64).ToArray();
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        var count = ConvolutionCountFor(SegmentLength);
        if (Classes < 2)
        {
            throw new ArgumentException($"Classes must be at least 2 (got {Classes}).", nameof(Classes));
        }

        if (Channels is not null && (Channels.Length != count || Channels.Any(c => c < 1)))
        {
            throw new ArgumentException(
                $"Channels must list {count} positive widths for {SegmentLength}-sample segments (got [{string.Join(", ", Channels)}]).",
                nameof(Channels));
        }

        if (Hidden1 < 1 || Hidden2 < 1)
        {
            throw new ArgumentException($"Hidden layer widths must be positive (got {Hidden1}, {Hidden2}).", nameof(Hidden1));
        }

        if (Dropout is < 0 or >= 1)
        {
            throw new ArgumentException($"Dropout must be in [0, 1) (got {Dropout}).", nameof(Dropout));
        }
    }

    /// <summary>
    /// The number of convolutions that brings <paramref name="segmentLength"/> samples down to one:
    /// k for 5^k. A k6 convolution and a pool map 5^k to 5^(k−1) − 1, each k5 convolution and pool maps
    /// 5^j − 1 to 5^(j−1) − 1, and the final k4 convolution maps 4 = 5^1 − 1 to 1.
    /// </summary>
    /// <param name="segmentLength">Samples per segment.</param>
    /// <exception cref="ArgumentException">The length is not a power of 5 of at least 25.</exception>
    public static int ConvolutionCountFor(int segmentLength)
    {
        var k = 0;
        for (var n = segmentLength; n > 1 && n % 5 == 0; n /= 5)
        {
            k++;
        }

        if (k < 2 || Pow5(k) != segmentLength)
        {
            throw new ArgumentException(
                $"The 1D CNN needs a segment length of 5^k samples with k >= 2 (25, 125, 625, 3125, 15625, ...); got {segmentLength}.",
                nameof(segmentLength));
        }

        return k;
    }

    private static long Pow5(int k)
    {
        long value = 1;
        for (var i = 0; i < k; i++)
        {
            value *= 5;
        }

        return value;
    }
}
