using MlNetSer.Features.Store;

namespace MlNetSer.Training;

/// <summary>
/// Segments spread over many <see cref="SegmentStore"/> entry files, each read through a memory map opened on first use.
/// At most <see cref="SegmentDatasetOptions.MappedBytesBudget"/> bytes of entries stay mapped; the least recently used
/// are unmapped beyond it.
/// </summary>
/// <remarks>
/// The budget is what keeps memory flat as the corpus grows: pages read through a mapping count in the process's resident
/// set for as long as the mapping lives, so mapping every entry of a large corpus at once would make the resident set as
/// large as the store. Unmapped pages stay in the operating system's page cache, so reopening an entry is cheap.
/// Thread-safe (a prefetching thread may read while another thread trains).
/// </remarks>
internal sealed class StoreSegmentStorage : SegmentStorage
{
    private readonly SegmentStoreEntry[] _entries;
    private readonly long[] _firstSegment;
    private readonly long _budget;
    private readonly object _lock = new();
    private readonly Dictionary<int, LinkedListNode<MappedEntry>> _open = [];
    private readonly LinkedList<MappedEntry> _recent = new();   // most recently used first
    private long _mappedBytes;
    private bool _disposed;

    /// <param name="entries">The entries, in storage order: segment k of entry e is storage segment first(e) + k.</param>
    /// <param name="segmentSize">Floats per segment (every entry's).</param>
    /// <param name="mappedBytesBudget">Bytes of entries kept mapped at most (one entry is mapped whatever its size).</param>
    public StoreSegmentStorage(IReadOnlyList<SegmentStoreEntry> entries, int segmentSize, long mappedBytesBudget)
        : base(entries.Sum(e => (long)e.SegmentCount), segmentSize)
    {
        _entries = entries.ToArray();
        _firstSegment = new long[_entries.Length];
        for (var e = 1; e < _entries.Length; e++)
            _firstSegment[e] = _firstSegment[e - 1] + _entries[e - 1].SegmentCount;
        _budget = mappedBytesBudget;
    }

    /// <summary>Bytes mapped now (for tests and diagnostics).</summary>
    public long MappedBytes
    {
        get
        {
            lock (_lock)
                return _mappedBytes;
        }
    }

    public override void Copy(long first, int count, Span<float> destination)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var e = EntryOf(first);
            var written = 0;
            while (written < count)
            {
                var local = first + written - _firstSegment[e];
                var take = (int)Math.Min(count - written, _entries[e].SegmentCount - local);
                Map(e).File.Read(local, take, destination.Slice(written * SegmentSize, take * SegmentSize));
                written += take;
                e++;
            }
        }
    }

    public override void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var mapped in _recent)
                mapped.Dispose();
            _recent.Clear();
            _open.Clear();
            _mappedBytes = 0;
        }
    }

    private int EntryOf(long segment)
    {
        if (segment < 0 || segment >= SegmentCount)
            throw new ArgumentOutOfRangeException(nameof(segment), segment, $"The storage holds {SegmentCount} segments.");
        var index = Array.BinarySearch(_firstSegment, segment);
        if (index < 0)
            return ~index - 1;
        // Several entries may start at the same segment only if some are empty; the entry that holds it is the last of them.
        while (index + 1 < _firstSegment.Length && _firstSegment[index + 1] == segment)
            index++;
        return index;
    }

    private MappedEntry Map(int entry)
    {
        if (_open.TryGetValue(entry, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value;
        }

        var mapped = new MappedEntry(entry, _entries[entry], SegmentSize);
        _open[entry] = _recent.AddFirst(mapped);
        _mappedBytes += mapped.Bytes;
        while (_mappedBytes > _budget && _recent.Last!.Value != mapped)
        {
            var oldest = _recent.Last.Value;
            _recent.RemoveLast();
            _open.Remove(oldest.Index);
            _mappedBytes -= oldest.Bytes;
            oldest.Dispose();
        }

        return mapped;
    }

    /// <summary>One entry file's map, with its index (so that eviction finds its slot) and size.</summary>
    private sealed class MappedEntry : IDisposable
    {
        public MappedEntry(int index, SegmentStoreEntry entry, int segmentSize)
        {
            Index = index;
            Bytes = entry.DataOffset + entry.DataBytes;
            // A map of a file shortened since it was checked would fault on reading, not throw: check first.
            var length = new FileInfo(entry.Path).Length;
            if (length != Bytes)
                throw new IOException($"{entry.Path}: the store entry holds {length} bytes, not the {Bytes} it had when it was checked; populate the store again.");
            File = new MappedFloatFile(entry.Path, entry.DataOffset, segmentSize);
        }

        public int Index { get; }

        public long Bytes { get; }

        public MappedFloatFile File { get; }

        public void Dispose() => File.Dispose();
    }
}
