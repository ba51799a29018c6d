using System.Numerics;

namespace MlNetSer.Features;

/// <summary>
/// How log-Mel segments with Δ and ΔΔ are made for the 2D CNN (paper §2.1). The frame is given in time, as the paper
/// gives it (25 ms window, 10 ms hop), so every sample rate frames alike; <see cref="WindowLength"/>,
/// <see cref="HopLength"/> and <see cref="FftSize"/> follow from it unless set in samples. All defaults are the paper's.
/// </summary>
public sealed class MelSegmentOptions
{
    private int? _windowLength;
    private int? _hopLength;
    private int? _fftSize;

    /// <summary>Sample rate of the input samples in Hz (default 22 050).</summary>
    public int SampleRate { get; set; } = 22050;

    /// <summary>Window length in seconds (default 0.025); <see cref="WindowLength"/> is it in samples unless set.</summary>
    public double WindowSeconds { get; set; } = 0.025;

    /// <summary>Frame hop in seconds (default 0.010); <see cref="HopLength"/> is it in samples unless set.</summary>
    public double HopSeconds { get; set; } = 0.010;

    /// <summary>
    /// Symmetric Hamming window length in samples (at least 2): <see cref="WindowSeconds"/> × <see cref="SampleRate"/>
    /// rounded (551 at 22 050 Hz, 400 at 16 kHz) unless set, which overrides the time. A signal shorter than one window
    /// is zero-padded to one.
    /// </summary>
    public int WindowLength
    {
        get => _windowLength ?? (int)Math.Round(WindowSeconds * SampleRate, MidpointRounding.AwayFromZero);
        set => _windowLength = value;
    }

    /// <summary>
    /// Frame hop in samples: <see cref="HopSeconds"/> × <see cref="SampleRate"/> rounded down (220 at 22 050 Hz, 160 at
    /// 16 kHz) unless set, which overrides the time; frames are not centred.
    /// </summary>
    public int HopLength
    {
        // The small epsilon keeps a product like 0.01 × 16000 = 159.99999… at 160.
        get => _hopLength ?? (int)Math.Floor(HopSeconds * SampleRate + 1e-9);
        set => _hopLength = value;
    }

    /// <summary>
    /// FFT size; the window is zero-padded to it. A power of two, at least 16 and at least <see cref="WindowLength"/>:
    /// the smallest such unless set (1024 at 22 050 Hz, 512 at 16 kHz).
    /// </summary>
    public int FftSize
    {
        get => _fftSize ?? (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, WindowLength));
        set => _fftSize = value;
    }

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

    /// <summary>A copy of these options, the sample counts given explicitly included.</summary>
    internal MelSegmentOptions Clone() => (MelSegmentOptions)MemberwiseClone();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        OptionGuard.AtLeast(SampleRate, 1, nameof(SampleRate));
        if (!double.IsFinite(WindowSeconds) || WindowSeconds <= 0)
            throw OptionGuard.Invalid(nameof(WindowSeconds), WindowSeconds, "a duration above 0 s");
        if (!double.IsFinite(HopSeconds) || HopSeconds <= 0)
            throw OptionGuard.Invalid(nameof(HopSeconds), HopSeconds, "a duration above 0 s");
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
