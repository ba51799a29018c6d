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
    private readonly WaveformSegmentStream? _waveform;
    private readonly MelSegmentStream? _mel;
    private readonly bool _keepMel;

    /// <summary>Creates an extractor writing to <paramref name="sink"/>.</summary>
    public StreamingFeatureExtractor(FeatureOptions options, IFeatureSink sink)
        : this(options, sink, waveform: true, mel: true, clips: true)
    {
    }

    /// <summary>
    /// Creates an extractor that makes only the tensors asked for (the sink never hears of the others), so a
    /// waveform-only job skips the spectrogram and a Mel-only job the clip stacking.
    /// </summary>
    internal StreamingFeatureExtractor(FeatureOptions options, IFeatureSink sink, bool waveform, bool mel, bool clips)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        Options = options;
        _waveform = waveform ? new WaveformSegmentStream(options.Waveform, sink) : null;
        _keepMel = mel;
        // Clips are stacked from Mel segments, so they need the Mel stream even when its segments go nowhere; segments at
        // the clips' own hop are cut from the same log-Mel frames.
        if (mel || clips)
        {
            var melSink = MelSink(sink);
            var clipSegments = options.Clip.SegmentOptions(options.Mel);
            var clipStream = clips ? new MelClipStream(options.Clip, options.Mel.MelBands, options.Mel.SegmentFrames, melSink) : null;
            _mel = new MelSegmentStream(mel ? options.Mel : clipSegments, melSink, clipStream, clipSegments.SegmentHop);
        }
    }

    /// <summary>The options in use (do not change them while extracting).</summary>
    public FeatureOptions Options { get; }

    /// <summary>Feeds the next mono samples.</summary>
    public void Push(ReadOnlySpan<float> samples)
    {
        _waveform?.Push(samples);
        _mel?.Push(samples);
    }

    /// <summary>Ends the signal: applies the padding rules and emits what is left.</summary>
    public void Complete()
    {
        _waveform?.Complete();
        _mel?.Complete();
    }

    /// <summary>Drops any unfinished signal and directs the next one to <paramref name="sink"/>.</summary>
    public void Reset(IFeatureSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _waveform?.Reset(sink);
        _mel?.Reset(MelSink(sink));
    }

    private IFeatureSink MelSink(IFeatureSink sink) => _keepMel ? sink : new ClipsOnlySink(sink);

    /// <summary>Passes clips on and drops the Mel segments they are stacked from.</summary>
    private sealed class ClipsOnlySink(IFeatureSink inner) : IFeatureSink
    {
        public void OnWaveformSegment(ReadOnlySpan<float> segment) => inner.OnWaveformSegment(segment);

        public void OnMelSegment(ReadOnlySpan<float> segment)
        {
        }

        public void OnClip(ReadOnlySpan<float> clip) => inner.OnClip(clip);
    }
}
