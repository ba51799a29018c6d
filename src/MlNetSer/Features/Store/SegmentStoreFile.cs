namespace MlNetSer.Features.Store;

/// <summary>An audio file whose tensors are in the store.</summary>
/// <param name="Path">The audio file (full path).</param>
/// <param name="DurationSeconds">Its decoded length in seconds.</param>
/// <param name="Computed">True when this call computed (some of) its entries, false when all were reused.</param>
/// <param name="Entries">Its entries, one per kind asked for.</param>
public sealed record SegmentStoreFile(string Path, double DurationSeconds, bool Computed, IReadOnlyDictionary<SegmentKind, SegmentStoreEntry> Entries)
{
    /// <summary>The entry of <paramref name="kind"/>.</summary>
    /// <exception cref="KeyNotFoundException">That kind was not asked for.</exception>
    public SegmentStoreEntry this[SegmentKind kind] => Entries[kind];
}
