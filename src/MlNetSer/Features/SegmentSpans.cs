namespace MlNetSer.Features;

/// <summary>
/// Which samples of the signal each segment of the three tensors covers, by the same counting rules as
/// <see cref="WaveformSegmenter"/>, <see cref="MelSegmenter"/> and <see cref="MelClipStacker"/>; used to put
/// per-segment scores on a time axis. Every span is clipped to the signal (padding covers no samples).
/// </summary>
public static class SegmentSpans
{
    /// <summary>
    /// 1D segments of a signal of <paramref name="sampleCount"/> samples: segment i covers
    /// <c>[i·Hop, i·Hop + SegmentLength)</c>; a signal shorter than one segment gives one segment <c>[0, sampleCount)</c>.
    /// </summary>
    public static SampleSpan[] Waveform(long sampleCount, WaveformSegmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var spans = new SampleSpan[WaveformSegmenter.SegmentCount(sampleCount, options)];
        for (var i = 0; i < spans.Length; i++)
        {
            var start = Math.Min((long)i * options.Hop, sampleCount);
            spans[i] = new SampleSpan(start, Math.Min(start + options.SegmentLength, sampleCount));
        }

        return spans;
    }

    /// <summary>
    /// 2D (log-Mel) segments: segment j holds frames <c>j·SegmentHop … j·SegmentHop + SegmentFrames − 1</c> and frame t
    /// covers samples <c>[t·HopLength, t·HopLength + WindowLength)</c>, so the segment covers
    /// <c>[j·SegmentHop·HopLength, (last frame)·HopLength + WindowLength)</c>. A signal with fewer frames than a segment
    /// gives one segment over all of it.
    /// </summary>
    public static SampleSpan[] Mel(long sampleCount, MelSegmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var frames = MelSegmenter.FrameCount(sampleCount, options);
        var spans = new SampleSpan[MelSegmenter.SegmentCount(sampleCount, options)];
        for (var j = 0; j < spans.Length; j++)
        {
            long first = (long)j * options.SegmentHop;
            long last = Math.Min(first + options.SegmentFrames, frames) - 1;
            var start = Math.Min(first * options.HopLength, sampleCount);
            spans[j] = new SampleSpan(start, Math.Min(last * options.HopLength + options.WindowLength, sampleCount));
        }

        return spans;
    }

    /// <summary>
    /// 3D clips: clip k stacks Mel segments <c>k … k + Depth − 1</c> and covers from the first one's start to the last
    /// one's end; with fewer segments than the depth the single clip covers them all (the last segment is repeated,
    /// which adds no samples).
    /// </summary>
    public static SampleSpan[] Clips(long sampleCount, MelSegmentOptions mel, MelClipOptions clip)
    {
        ArgumentNullException.ThrowIfNull(mel);
        ArgumentNullException.ThrowIfNull(clip);
        var segments = Mel(sampleCount, clip.SegmentOptions(mel));
        var spans = new SampleSpan[MelClipStacker.ClipCount(segments.Length, clip)];
        for (var k = 0; k < spans.Length; k++)
            spans[k] = new SampleSpan(segments[k].Start, segments[Math.Min(k + clip.Depth, segments.Length) - 1].End);
        return spans;
    }
}
