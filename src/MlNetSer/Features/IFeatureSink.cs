namespace MlNetSer.Features;

/// <summary>Receives segments as a <see cref="StreamingFeatureExtractor"/> produces them.</summary>
public interface IFeatureSink
{
    /// <summary>One 1D segment, [1, L].</summary>
    void OnWaveformSegment(ReadOnlySpan<float> segment);

    /// <summary>One 2D segment, [3, bands, frames].</summary>
    void OnMelSegment(ReadOnlySpan<float> segment);

    /// <summary>One 3D clip, [3, depth, bands, frames].</summary>
    void OnClip(ReadOnlySpan<float> clip);
}
