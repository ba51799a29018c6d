using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetSer.Features;

/// <summary>
/// Natural-log Mel power spectrogram: Hamming window, zero-padded FFT, power, HTK Mel filterbank
/// (peak 1, no area normalisation), ln(max(x, floor)). Frames are not centred.
/// Output layout is frame-major: value (t, m) at index t · bands + m.
/// </summary>
/// <remarks>
/// An instance owns its scratch buffers: use one per thread. Computing a frame allocates nothing.
/// </remarks>
public sealed class LogMelSpectrogram
{
    private readonly RealFft _fft;
    private readonly float[] _power;
    private readonly float[] _mel;
    private readonly float _floor;

    /// <summary>Precomputes window, FFT tables and filterbank for <paramref name="options"/>.</summary>
    public LogMelSpectrogram(MelSegmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        WindowLength = options.WindowLength;
        HopLength = options.HopLength;
        FilterBank = new MelFilterBank(options.SampleRate, options.FftSize, options.MelBands, options.MinFrequency, options.MaxFrequency);
        // The spectrum above the highest bin any filter reads is never needed.
        _fft = new RealFft(options.FftSize, HammingWindow.Symmetric(options.WindowLength), Math.Max(FilterBank.MaxBin + 1, 1));
        _power = new float[_fft.Bins];
        _mel = new float[options.MelBands];
        _floor = (float)options.LogFloor;
    }

    /// <summary>The Mel filterbank in use.</summary>
    public MelFilterBank FilterBank { get; }

    /// <summary>Mel bands per frame.</summary>
    public int Bands => FilterBank.Bands;

    /// <summary>Samples per frame.</summary>
    public int WindowLength { get; }

    /// <summary>Samples between frame starts.</summary>
    public int HopLength { get; }

    /// <summary>Frames produced for <paramref name="sampleCount"/> samples: 1 + floor((L − window)/hop), 0 if L &lt; window.</summary>
    public int FrameCount(long sampleCount)
        => sampleCount < WindowLength ? 0 : checked((int)(1 + (sampleCount - WindowLength) / HopLength));

    /// <summary>Computes every frame of <paramref name="samples"/>; returns [frames × bands] frame-major.</summary>
    public float[] Compute(ReadOnlySpan<float> samples, out int frames)
    {
        frames = FrameCount(samples.Length);
        var result = new float[frames * Bands];
        for (int t = 0; t < frames; t++)
            ComputeFrame(samples.Slice(t * HopLength, WindowLength), result.AsSpan(t * Bands, Bands));
        return result;
    }

    /// <summary>Computes one frame starting at <paramref name="frame"/>[0] (window-length samples) into <paramref name="destination"/> (bands floats).</summary>
    public void ComputeFrame(ReadOnlySpan<float> frame, Span<float> destination)
    {
        if (destination.Length < Bands) throw new ArgumentException($"Need {Bands} outputs, got {destination.Length}.", nameof(destination));
        _fft.PowerSpectrum(frame, _power);
        FilterBank.Apply(_power, _mel);
        FlooredLog(_mel, destination[..Bands], _floor);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FlooredLog(ReadOnlySpan<float> source, Span<float> destination, float floor)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var floorVector = Vector256.Create(floor);
            ref float s = ref MemoryMarshal.GetReference(source);
            ref float d = ref MemoryMarshal.GetReference(destination);
            for (; i + Vector256<float>.Count <= source.Length; i += Vector256<float>.Count)
                Vector256.Log(Vector256.Max(Vector256.LoadUnsafe(ref s, (nuint)i), floorVector)).StoreUnsafe(ref d, (nuint)i);
        }

        for (; i < source.Length; i++)
            destination[i] = MathF.Log(MathF.Max(source[i], floor));
    }
}
