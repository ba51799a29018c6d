using MlNetSer.Features.Store;

namespace MlNetSer.Cli;

/// <summary>
/// The segment store's progress on one bar of <paramref name="display"/>, made when the first file is done: files,
/// audio seconds per second and the time left; when it is complete, how many files were reused or failed.
/// </summary>
internal sealed class SegmentCacheProgress(ProgressDisplay display) : IProgress<SegmentStoreProgress>
{
    private readonly object _gate = new();
    private ProgressBar? _bar;
    private double _audioSeconds;

    /// <inheritdoc/>
    public void Report(SegmentStoreProgress value)
    {
        // Reported from the store's worker threads.
        lock (_gate)
        {
            if (_bar is null || _bar.IsComplete)
            {
                _bar = display.AddBar("segment cache", value.FilesTotal, "files", printEvery: Math.Max(1, value.FilesTotal / 10), secondaryUnit: "audio-s");
                _audioSeconds = 0;
            }

            _bar.Increment(value.FilesDone - _bar.Value, value.AudioSeconds - _audioSeconds);
            _audioSeconds = value.AudioSeconds;
            if (value.FilesDone >= value.FilesTotal)
                _bar.Complete($"{value.FilesReused} reused, {value.FilesFailed} failed");
        }
    }
}
