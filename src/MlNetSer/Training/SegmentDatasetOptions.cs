namespace MlNetSer.Training;

/// <summary>Where <see cref="SegmentDataset"/> keeps its segments.</summary>
public sealed class SegmentDatasetOptions
{
    /// <summary>
    /// Segments up to this many bytes are held in memory; larger sets are kept in a file and memory-mapped
    /// (default 2 GiB).
    /// </summary>
    public long MemoryBudgetBytes { get; set; } = 2L << 30;

    /// <summary>Folder for the cache file of sets over the budget (default null: the system's temporary folder).</summary>
    public string? CacheDirectory { get; set; }
}
