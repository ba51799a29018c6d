namespace MlNetSer.Features;

/// <summary>Cuts mono samples into scaled fixed-length segments: [N, 1, L].</summary>
public static class WaveformSegmenter
{
    /// <summary>
    /// Segments <paramref name="samples"/>; trailing samples that do not fill a segment are dropped,
    /// a clip shorter than one segment is zero-padded to one.
    /// </summary>
    public static SegmentTensor Segment(ReadOnlySpan<float> samples, WaveformSegmentOptions options)
        => throw new NotImplementedException();
}
