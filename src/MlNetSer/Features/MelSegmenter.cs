namespace MlNetSer.Features;

/// <summary>
/// Turns mono samples into log-Mel segments with Δ and ΔΔ: [N, 3, bands, frames] (channel order
/// static, Δ, ΔΔ; Δs computed per segment after cutting). A clip with fewer frames than a segment is
/// right-padded per band with that band's minimum, giving one segment.
/// </summary>
/// <remarks>
/// A signal shorter than one analysis window (including an empty one) is first zero-padded to one
/// window, so it has one frame; that frame is then repeated by the band-minimum rule.
/// </remarks>
public static class MelSegmenter
{
    /// <summary>Computes the segments of <paramref name="samples"/>.</summary>
    public static SegmentTensor Segment(ReadOnlySpan<float> samples, MelSegmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var sink = new SingleTensorSink(SegmentTensorShapes.Mel(options), SegmentCount(samples.Length, options));
        var stream = new MelSegmentStream(options, sink, clips: null);
        stream.Push(samples);
        stream.Complete();
        return sink.ToTensor();
    }

    /// <summary>Frames of <paramref name="sampleCount"/> samples after the short-signal rule: 1 + floor((L − window)/hop), at least 1.</summary>
    public static int FrameCount(long sampleCount, MelSegmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        return sampleCount < options.WindowLength ? 1 : checked((int)(1 + (sampleCount - options.WindowLength) / options.HopLength));
    }

    /// <summary>Segments of <paramref name="sampleCount"/> samples: 1 + floor((frames − segment)/hop), and 1 when there are fewer frames than a segment.</summary>
    public static int SegmentCount(long sampleCount, MelSegmentOptions options)
    {
        int frames = FrameCount(sampleCount, options);
        return frames < options.SegmentFrames ? 1 : 1 + (frames - options.SegmentFrames) / options.SegmentHop;
    }
}
