using System.Numerics;

namespace MlNetSer.Features;

/// <summary>
/// How log-Mel segments with Δ and ΔΔ are made for the 2D CNN (paper §2.1).
/// All defaults are the paper's values at 22 050 Hz.
/// </summary>
public sealed class MelSegmentOptions
{
    /// <summary>Sample rate of the input samples in Hz (default 22 050).</summary>
    public int SampleRate { get; set; } = 22050;

    /// <summary>Symmetric Hamming window length in samples (default 551 = 25 ms; at least 2). A signal shorter than one window is zero-padded to one.</summary>
    public int WindowLength { get; set; } = 551;

    /// <summary>Frame hop in samples (default 220 = 10 ms); frames are not centred.</summary>
    public int HopLength { get; set; } = 220;

    /// <summary>FFT size; the window is zero-padded to it (default 1024). A power of two, at least 16 and at least <see cref="WindowLength"/>.</summary>
    public int FftSize { get; set; } = 1024;

    /// <summary>Number of triangular Mel filters (default 64).</summary>
    public int MelBands { get; set; } = 64;

    /// <summary>Lowest filter edge in Hz (default 20).</summary>
    public double MinFrequency { get; set; } = 20;

    /// <summary>Highest filter edge in Hz (default 8000); above <see cref="MinFrequency"/> and at most SampleRate / 2.</summary>
    public double MaxFrequency { get; set; } = 8000;

    /// <summary>Floor applied before the natural log: ln(max(power, floor)) (default 1e-10).</summary>
    public double LogFloor { get; set; } = 1e-10;

    /// <summary>Frames per segment (default 64 ≈ 655 ms). Trailing frames that do not fill a segment are dropped; fewer frames than one segment are padded per band with the band's minimum.</summary>
    public int SegmentFrames { get; set; } = 64;

    /// <summary>Frames between segment starts (default 30).</summary>
    public int SegmentHop { get; set; } = 30;

    /// <summary>Half-width N of the HTK regression window for Δ and ΔΔ (default 2).</summary>
    public int DeltaWidth { get; set; } = 2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        OptionGuard.AtLeast(SampleRate, 1, nameof(SampleRate));
        OptionGuard.AtLeast(WindowLength, 2, nameof(WindowLength));
        OptionGuard.AtLeast(HopLength, 1, nameof(HopLength));
        if (FftSize < 16 || !BitOperations.IsPow2(FftSize) || FftSize < WindowLength)
            throw OptionGuard.Invalid(nameof(FftSize), FftSize, $"a power of two of at least 16 and at least WindowLength ({WindowLength})");
        OptionGuard.AtLeast(MelBands, 1, nameof(MelBands));
        if (!double.IsFinite(MinFrequency) || MinFrequency < 0)
            throw OptionGuard.Invalid(nameof(MinFrequency), MinFrequency, "a finite frequency of at least 0 Hz");
        if (!double.IsFinite(MaxFrequency) || MaxFrequency <= MinFrequency || MaxFrequency > SampleRate / 2.0)
            throw OptionGuard.Invalid(nameof(MaxFrequency), MaxFrequency, $"above MinFrequency ({MinFrequency} Hz) and at most SampleRate / 2 ({SampleRate / 2.0} Hz)");
        if (!double.IsFinite(LogFloor) || !((float)LogFloor > 0))
            throw OptionGuard.Invalid(nameof(LogFloor), LogFloor, "a finite number greater than 0 that float can hold");
        OptionGuard.AtLeast(SegmentFrames, 1, nameof(SegmentFrames));
        OptionGuard.AtLeast(SegmentHop, 1, nameof(SegmentHop));
        OptionGuard.AtLeast(DeltaWidth, 1, nameof(DeltaWidth));
    }
}
