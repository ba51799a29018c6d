namespace MlNetSer.Features;

/// <summary>
/// How the raw waveform is cut for the 1D CNN (paper §2.1, Table 4). Defaults: 625-sample segments,
/// hop 625, samples scaled by 256.
/// </summary>
public sealed class WaveformSegmentOptions
{
    /// <summary>Samples per segment; the paper uses 125, 625 (default), 3125 and 15 625.</summary>
    public int SegmentLength { get; set; } = 625;

    /// <summary>Samples between segment starts (default 625: no overlap).</summary>
    public int Hop { get; set; } = 625;

    /// <summary>Factor applied to the [-1, 1] samples (default 256, giving [-256, 256]).</summary>
    public float Scale { get; set; } = 256f;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        OptionGuard.AtLeast(SegmentLength, 1, nameof(SegmentLength));
        OptionGuard.AtLeast(Hop, 1, nameof(Hop));
        if (!float.IsFinite(Scale) || Scale <= 0)
            throw OptionGuard.Invalid(nameof(Scale), Scale, "a finite number greater than 0");
    }
}
