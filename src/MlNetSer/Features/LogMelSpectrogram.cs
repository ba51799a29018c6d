namespace MlNetSer.Features;

/// <summary>
/// Natural-log Mel power spectrogram: Hamming window, zero-padded FFT, power, HTK Mel filterbank
/// (peak 1, no area normalisation), ln(max(x, floor)). Frames are not centred.
/// Output layout is frame-major: value (t, m) at index t · bands + m.
/// </summary>
public sealed class LogMelSpectrogram
{
    /// <summary>Precomputes window, FFT tables and filterbank for <paramref name="options"/>.</summary>
    public LogMelSpectrogram(MelSegmentOptions options) => throw new NotImplementedException();

    /// <summary>Frames produced for <paramref name="sampleCount"/> samples: 1 + floor((L − window)/hop), 0 if L &lt; window.</summary>
    public int FrameCount(long sampleCount) => throw new NotImplementedException();

    /// <summary>Computes every frame of <paramref name="samples"/>; returns [frames × bands] frame-major.</summary>
    public float[] Compute(ReadOnlySpan<float> samples, out int frames) => throw new NotImplementedException();

    /// <summary>Computes one frame starting at <paramref name="frame"/>[0] (window-length samples) into <paramref name="destination"/> (bands floats).</summary>
    public void ComputeFrame(ReadOnlySpan<float> frame, Span<float> destination) => throw new NotImplementedException();
}
