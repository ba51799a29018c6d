namespace MlNetSer.Features;

/// <summary>
/// Makes all three tensors from audio pushed in pieces, holding only a few segments in memory, so an
/// hour-long recording becomes features in bounded memory. Output is identical to
/// <see cref="WaveformSegmenter"/>, <see cref="MelSegmenter"/> and <see cref="MelClipStacker"/> on the whole signal.
/// </summary>
/// <remarks>
/// Memory held: at most two windows of samples per stream, one segment's log-Mel frames, one segment
/// and one clip (whose slots double as the previous depth − 1 segments). Segments reach the sink in
/// order; the spans passed to the sink are valid only during the call. After <see cref="Complete"/> the
/// extractor starts a new signal, so one instance (with its precomputed FFT and filterbank tables) can
/// serve many utterances; <see cref="Reset"/> also switches the sink. Not thread-safe: one per thread.
/// </remarks>
public sealed class StreamingFeatureExtractor
{
    private readonly WaveformSegmentStream _waveform;
    private readonly MelSegmentStream _mel;

    /// <summary>Creates an extractor writing to <paramref name="sink"/>.</summary>
    public StreamingFeatureExtractor(FeatureOptions options, IFeatureSink sink)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        Options = options;
        _waveform = new WaveformSegmentStream(options.Waveform, sink);
        var clips = new MelClipStream(options.Clip, options.Mel.MelBands, options.Mel.SegmentFrames, sink);
        _mel = new MelSegmentStream(options.Mel, sink, clips);
    }

    /// <summary>The options in use (do not change them while extracting).</summary>
    public FeatureOptions Options { get; }

    /// <summary>Feeds the next mono samples.</summary>
    public void Push(ReadOnlySpan<float> samples)
    {
        _waveform.Push(samples);
        _mel.Push(samples);
    }

    /// <summary>Ends the signal: applies the padding rules and emits what is left.</summary>
    public void Complete()
    {
        _waveform.Complete();
        _mel.Complete();
    }

    /// <summary>Drops any unfinished signal and directs the next one to <paramref name="sink"/>.</summary>
    public void Reset(IFeatureSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _waveform.Reset(sink);
        _mel.Reset(sink);
    }
}
