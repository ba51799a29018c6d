namespace MlNetSer.Features;

/// <summary>All three tensors of one utterance.</summary>
/// <param name="Waveform">[N1, 1, L] for the 1D CNN.</param>
/// <param name="Mel">[N2, 3, bands, frames] for the 2D CNN.</param>
/// <param name="Clips">[N3, 3, depth, bands, frames] for the 3D CNN.</param>
public sealed record UtteranceFeatures(SegmentTensor Waveform, SegmentTensor Mel, SegmentTensor Clips);

/// <summary>Makes the three tensors of a whole in-memory utterance.</summary>
public static class FeatureExtractor
{
    /// <summary>Extracts every tensor of <paramref name="samples"/> (mono, at options.Mel.SampleRate).</summary>
    public static UtteranceFeatures Extract(ReadOnlySpan<float> samples, FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sink = new FeatureTensorSink(options, samples.Length);
        var extractor = new StreamingFeatureExtractor(options, sink);
        return Extract(samples, extractor, sink);
    }

    /// <summary>
    /// Extracts every tensor of <paramref name="samples"/> with a reusable <paramref name="extractor"/>
    /// (saves rebuilding its FFT and filterbank tables for each utterance).
    /// </summary>
    public static UtteranceFeatures Extract(ReadOnlySpan<float> samples, StreamingFeatureExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        var sink = new FeatureTensorSink(extractor.Options, samples.Length);
        extractor.Reset(sink);
        return Extract(samples, extractor, sink);
    }

    private static UtteranceFeatures Extract(ReadOnlySpan<float> samples, StreamingFeatureExtractor extractor, FeatureTensorSink sink)
    {
        extractor.Push(samples);
        extractor.Complete();
        return sink.ToFeatures();
    }
}
