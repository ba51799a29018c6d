namespace MlNetSer.Features.Store;

/// <summary>What <see cref="SegmentStore.Populate"/> did.</summary>
/// <param name="Files">Per path given, in order: its entries, or null when it failed (see <see cref="Failures"/>).</param>
/// <param name="Failures">The files that failed, in the order given, each with its problem.</param>
/// <param name="Computed">Files whose entries were computed.</param>
/// <param name="Reused">Files whose entries were all in the store already.</param>
/// <param name="AudioSeconds">Seconds of audio computed.</param>
/// <param name="Elapsed">Wall time of the call.</param>
/// <param name="LeftoversRemoved">Temporary files of killed runs deleted before starting.</param>
public sealed record SegmentStoreResult(
    IReadOnlyList<SegmentStoreFile?> Files,
    IReadOnlyList<SegmentStoreFailure> Failures,
    int Computed,
    int Reused,
    double AudioSeconds,
    TimeSpan Elapsed,
    int LeftoversRemoved);
