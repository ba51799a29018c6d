namespace MlNetSer.Features;

/// <summary>Cuts mono samples into scaled fixed-length segments: [N, 1, L].</summary>
public static class WaveformSegmenter
{
    /// <summary>
    /// Segments <paramref name="samples"/>; trailing samples that do not fill a segment are dropped,
    /// a clip shorter than one segment is zero-padded to one.
    /// </summary>
    public static SegmentTensor Segment(ReadOnlySpan<float> samples, WaveformSegmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sink = new SingleTensorSink(SegmentTensorShapes.Waveform(options), SegmentCount(samples.Length, options));
        var stream = new WaveformSegmentStream(options, sink);
        stream.Push(samples);
        stream.Complete();
        return sink.ToTensor();
    }

    /// <summary>
    /// Segments made from <paramref name="sampleCount"/> samples: 1 + floor((L − length)/hop), and 1 for a
    /// signal shorter than one segment (including an empty one, which becomes a segment of zeros).
    /// </summary>
    public static int SegmentCount(long sampleCount, WaveformSegmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        return sampleCount < options.SegmentLength ? 1 : checked((int)(1 + (sampleCount - options.SegmentLength) / options.Hop));
    }
}
