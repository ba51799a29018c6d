namespace MlNetSer.Features;

/// <summary>
/// Makes all three tensors from audio pushed in pieces, holding only a few segments in memory, so an
/// hour-long recording becomes features in bounded memory. Output is identical to
/// <see cref="WaveformSegmenter"/>, <see cref="MelSegmenter"/> and <see cref="MelClipStacker"/> on the whole signal.
/// </summary>
public sealed class StreamingFeatureExtractor
{
    /// <summary>Creates an extractor writing to <paramref name="sink"/>.</summary>
    public StreamingFeatureExtractor(FeatureOptions options, IFeatureSink sink) => throw new NotImplementedException();

    /// <summary>Feeds the next mono samples.</summary>
    public void Push(ReadOnlySpan<float> samples) => throw new NotImplementedException();

    /// <summary>Ends the signal: applies the padding rules and emits what is left.</summary>
    public void Complete() => throw new NotImplementedException();
}
