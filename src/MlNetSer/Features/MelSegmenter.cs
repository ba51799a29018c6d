namespace MlNetSer.Features;

/// <summary>
/// Turns mono samples into log-Mel segments with Δ and ΔΔ: [N, 3, bands, frames] (channel order
/// static, Δ, ΔΔ; Δs computed per segment after cutting). A clip with fewer frames than a segment is
/// right-padded per band with that band's minimum, giving one segment.
/// </summary>
public static class MelSegmenter
{
    /// <summary>Computes the segments of <paramref name="samples"/>.</summary>
    public static SegmentTensor Segment(ReadOnlySpan<float> samples, MelSegmentOptions options)
        => throw new NotImplementedException();
}
