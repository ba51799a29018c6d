namespace MlNetSer.Training;

/// <summary>An utterance of a <see cref="SegmentDataset"/>: where its segments lie in the shared storage.</summary>
/// <param name="Id">The utterance's name.</param>
/// <param name="Label">Class index.</param>
/// <param name="Speaker">Speaker identity.</param>
/// <param name="FirstSegment">Index of its first segment in the storage.</param>
/// <param name="SegmentCount">Number of segments (at least 1).</param>
public sealed record UtteranceEntry(string Id, int Label, string Speaker, long FirstSegment, int SegmentCount);
