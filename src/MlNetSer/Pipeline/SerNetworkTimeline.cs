namespace MlNetSer.Pipeline;

/// <summary>
/// One network's emotion timeline: the softmax probabilities of each of its input segments (1D waveform
/// segments, 2D log-Mel segments or 3D clips) with the time range that segment was computed from. Their mean
/// over the segments is the network's utterance score (paper §2.3).
/// </summary>
/// <param name="Network">The network name (<c>1d</c>, <c>2d</c>, <c>3d</c>).</param>
/// <param name="Segments">The segments in time order.</param>
public sealed record SerNetworkTimeline(string Network, IReadOnlyList<SerTimelineSegment> Segments)
{
    /// <summary>The mean of the segment probabilities: the network's utterance score.</summary>
    public float[] Mean()
    {
        var mean = new double[Segments.Count == 0 ? 0 : Segments[0].Probabilities.Length];
        foreach (var segment in Segments)
        {
            for (var c = 0; c < mean.Length; c++)
                mean[c] += segment.Probabilities[c];
        }

        return mean.Select(m => (float)(m / Segments.Count)).ToArray();
    }
}
