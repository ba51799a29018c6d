namespace MlNetSer.Pipeline;

/// <summary>The emotion timeline of one audio file, made by <see cref="SerTimeline.Compute"/>.</summary>
/// <param name="Path">The audio file.</param>
/// <param name="Duration">Length of the audio in seconds (after resampling to the model's sample rate).</param>
/// <param name="Labels">Class names in probability order.</param>
/// <param name="Networks">Each network's own segment grid, in the model's network order.</param>
/// <param name="Fused">
/// The score-fusion view on the common grid (the 2D log-Mel segment grid, see <see cref="SerTimeline"/>), or null
/// when the model has no score fusion.
/// </param>
public sealed record SerTimelineResult(
    string Path,
    double Duration,
    IReadOnlyList<string> Labels,
    IReadOnlyList<SerNetworkTimeline> Networks,
    IReadOnlyList<SerTimelineSegment>? Fused);
