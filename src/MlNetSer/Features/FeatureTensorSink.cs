namespace MlNetSer.Features;

/// <summary>
/// An <see cref="IFeatureSink"/> that gathers everything into the three <see cref="SegmentTensor"/>s of
/// <see cref="UtteranceFeatures"/>. Given the signal's length up front it allocates each tensor once at
/// its exact size.
/// </summary>
public sealed class FeatureTensorSink : IFeatureSink
{
    private readonly SegmentCollector _waveform;
    private readonly SegmentCollector _mel;
    private readonly SegmentCollector _clips;

    /// <summary>Creates a sink for tensors made with <paramref name="options"/>.</summary>
    /// <param name="options">The options the segments are made with (they fix the segment shapes).</param>
    /// <param name="expectedSampleCount">The signal's length in samples if known (sizes the arrays exactly), else −1.</param>
    public FeatureTensorSink(FeatureOptions options, long expectedSampleCount = -1)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        bool known = expectedSampleCount >= 0;
        int melCount = known ? MelSegmenter.SegmentCount(expectedSampleCount, options.Mel) : 0;
        _waveform = new SegmentCollector(SegmentTensorShapes.Waveform(options.Waveform), known ? WaveformSegmenter.SegmentCount(expectedSampleCount, options.Waveform) : 0);
        _mel = new SegmentCollector(SegmentTensorShapes.Mel(options.Mel), melCount);
        _clips = new SegmentCollector(SegmentTensorShapes.Clip(options.Mel, options.Clip), known ? MelClipStacker.ClipCount(expectedSampleCount, options.Mel, options.Clip) : 0);
    }

    /// <inheritdoc/>
    public void OnWaveformSegment(ReadOnlySpan<float> segment) => _waveform.Add(segment);

    /// <inheritdoc/>
    public void OnMelSegment(ReadOnlySpan<float> segment) => _mel.Add(segment);

    /// <inheritdoc/>
    public void OnClip(ReadOnlySpan<float> clip) => _clips.Add(clip);

    /// <summary>The 1D segments received so far, [N1, 1, L].</summary>
    public SegmentTensor Waveform => _waveform.ToTensor();

    /// <summary>The 2D segments received so far, [N2, 3, bands, frames].</summary>
    public SegmentTensor Mel => _mel.ToTensor();

    /// <summary>The 3D clips received so far, [N3, 3, depth, bands, frames].</summary>
    public SegmentTensor Clips => _clips.ToTensor();

    /// <summary>All three tensors.</summary>
    public UtteranceFeatures ToFeatures() => new(Waveform, Mel, Clips);
}
