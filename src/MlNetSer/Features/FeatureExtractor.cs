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
        => throw new NotImplementedException();
}
