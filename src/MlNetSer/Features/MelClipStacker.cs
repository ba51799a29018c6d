namespace MlNetSer.Features;

/// <summary>
/// Stacks successive log-Mel segments into clips for Conv3d: [M, 3, depth, bands, frames], sliding
/// by one segment; fewer segments than the depth repeat the last one up to the depth.
/// Clip i holds clip[c][d] = segment[i + d][c] (channel-major, as Conv3d's N, C, D, H, W wants).
/// </summary>
public static class MelClipStacker
{
    /// <summary>Stacks <paramref name="segments"/> (shape [N, 3, bands, frames]).</summary>
    public static SegmentTensor Stack(SegmentTensor segments, MelClipOptions options)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (segments.SegmentShape.Length != 3 || segments.SegmentShape[0] != SegmentTensorShapes.Channels)
            throw new ArgumentException($"Segments must have shape [N, 3, bands, frames]; got [{string.Join(", ", segments.Shape)}].", nameof(segments));
        int bands = segments.SegmentShape[1], frames = segments.SegmentShape[2];
        int size = segments.SegmentSize;
        if (segments.Data.Length < (long)segments.Count * size)
            throw new ArgumentException($"Segments hold {segments.Data.Length} values, fewer than their shape needs.", nameof(segments));

        var sink = new SingleTensorSink([SegmentTensorShapes.Channels, options.Depth, bands, frames], ClipCount(segments.Count, options));
        var stream = new MelClipStream(options, bands, frames, sink);
        for (int i = 0; i < segments.Count; i++)
            stream.Add(segments.Data.AsSpan(i * size, size));
        stream.Complete();
        return sink.ToTensor();
    }

    /// <summary>The number of clips of an utterance of <paramref name="sampleCount"/> samples (at the Mel options' rate).</summary>
    /// <param name="sampleCount">Samples of the utterance.</param>
    /// <param name="mel">The Mel segments' options.</param>
    /// <param name="clip">The clip options; their segments are cut at <see cref="MelClipOptions.FrameHop"/> when set.</param>
    public static int ClipCount(long sampleCount, MelSegmentOptions mel, MelClipOptions clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return ClipCount(MelSegmenter.SegmentCount(sampleCount, clip.SegmentOptions(mel)), clip);
    }

    /// <summary>Clips made from <paramref name="segmentCount"/> segments: N − depth + 1, 1 when 0 &lt; N &lt; depth, 0 for none.</summary>
    public static int ClipCount(int segmentCount, MelClipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(segmentCount);
        return segmentCount == 0 ? 0 : Math.Max(segmentCount - options.Depth + 1, 1);
    }
}
