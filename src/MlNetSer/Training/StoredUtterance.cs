using MlNetSer.Features.Store;

namespace MlNetSer.Training;

/// <summary>
/// One utterance whose segments are in a <see cref="SegmentStore"/>, with its class and speaker: the unit
/// <see cref="SegmentDataset.FromStore"/> is built from (the store-backed counterpart of <see cref="LabeledUtterance"/>).
/// </summary>
/// <param name="Id">A name for the utterance (used in messages and in the run fingerprint).</param>
/// <param name="Segments">Its store entry; every segment gets the utterance's label.</param>
/// <param name="Label">Class index, 0 ≤ label &lt; number of classes.</param>
/// <param name="Speaker">Speaker identity; training and validation sets must not share one.</param>
public sealed record StoredUtterance(string Id, SegmentStoreEntry Segments, int Label, string Speaker);
