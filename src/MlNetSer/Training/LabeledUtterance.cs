using MlNetSer.Features;

namespace MlNetSer.Training;

/// <summary>One utterance's segments with its class and speaker: the unit <see cref="SegmentDataset"/> is built from.</summary>
/// <param name="Id">A name for the utterance (used in messages and in the run fingerprint).</param>
/// <param name="Segments">Its segments; every segment gets the utterance's label.</param>
/// <param name="Label">Class index, 0 ≤ label &lt; number of classes.</param>
/// <param name="Speaker">Speaker identity; training and validation sets must not share one.</param>
public sealed record LabeledUtterance(string Id, SegmentTensor Segments, int Label, string Speaker);
