namespace MlNetSer.Features.Store;

/// <summary>How far <see cref="SegmentStore.Populate"/> has got; reported after every file.</summary>
/// <param name="FilesDone">Files finished (computed, reused or failed).</param>
/// <param name="FilesTotal">Files in the batch.</param>
/// <param name="FilesReused">Of those done, the files whose entries were already in the store.</param>
/// <param name="FilesFailed">Of those done, the files that failed.</param>
/// <param name="AudioSeconds">Seconds of audio in the files computed so far.</param>
/// <param name="Elapsed">Time since the batch started.</param>
public sealed record SegmentStoreProgress(int FilesDone, int FilesTotal, int FilesReused, int FilesFailed, double AudioSeconds, TimeSpan Elapsed)
{
    /// <summary>Seconds of audio turned into segments per second of wall time (0 before any).</summary>
    public double AudioSecondsPerSecond => Elapsed > TimeSpan.Zero ? AudioSeconds / Elapsed.TotalSeconds : 0;

    /// <summary>Time left at the rate of the files done so far; null before the first file.</summary>
    public TimeSpan? Eta => FilesDone == 0 ? null : Elapsed * ((double)(FilesTotal - FilesDone) / FilesDone);
}
