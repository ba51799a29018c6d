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

    /// <summary>
    /// For a set read from a segment store (<see cref="SegmentDataset.FromStore"/>): bytes of entry files kept memory-mapped
    /// at once, the least recently used being unmapped beyond it (default 256 MiB). Pages read through a map count in the
    /// process's resident memory while it is mapped, so this bounds what reading the store adds to it, whatever the size of
    /// the corpus; the operating system's page cache still keeps unmapped entries for the next read.
    /// </summary>
    public long MappedBytesBudget { get; set; } = 256L << 20;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (MemoryBudgetBytes < 0)
            throw new ArgumentException($"MemoryBudgetBytes must be at least 0; it was {MemoryBudgetBytes}.", nameof(MemoryBudgetBytes));
        if (MappedBytesBudget < 0)
            throw new ArgumentException($"MappedBytesBudget must be at least 0; it was {MappedBytesBudget}.", nameof(MappedBytesBudget));
    }
}
