using MlNetSer.Features.Store;

namespace MlNetSer.Pipeline;

/// <summary>
/// Where a fit of the paper's model reports while it works (each null when nobody listens): the segment store while it
/// computes tensors, and each network's training. Reports come synchronously on the thread that does the work.
/// </summary>
/// <param name="Store">Receives the segment store's progress (files, audio seconds per second, time left).</param>
/// <param name="Training">Receives each network's training progress, tagged with the network.</param>
public sealed record SerFitProgress(IProgress<SegmentStoreProgress>? Store = null, IProgress<SerPipelineProgress>? Training = null);
