using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using MlNetSer.Data;
using MlNetSer.Features.Store;
using MlNetSer.IO;

namespace MlNetSer.Training;

/// <summary>
/// Segments of labelled utterances, cached once and contiguously (in memory, or memory-mapped from a
/// file when they exceed <see cref="SegmentDatasetOptions.MemoryBudgetBytes"/>), or read in place from a
/// <see cref="SegmentStore"/> (<see cref="FromStore"/>). Every segment carries its utterance's label.
/// Training batches are copied out by index, so nothing is re-extracted.
/// </summary>
/// <remarks>
/// Subsets made with <see cref="WhereSpeakers"/> share the storage of the set they come from; only that
/// original set owns it, so dispose it last.
/// </remarks>
public sealed class SegmentDataset : IDisposable
{
    private readonly SegmentStorage _storage;
    private readonly bool _ownsStorage;
    private readonly long[] _segmentIndex;
    private readonly int[] _segmentUtterance;

    private SegmentDataset(SegmentStorage storage, bool ownsStorage, IReadOnlyList<long> segmentShape, IReadOnlyList<UtteranceEntry> utterances)
    {
        _storage = storage;
        _ownsStorage = ownsStorage;
        SegmentShape = segmentShape.ToArray();
        Utterances = utterances;
        var total = utterances.Sum(u => u.SegmentCount);
        _segmentIndex = new long[total];
        _segmentUtterance = new int[total];
        var k = 0;
        for (var u = 0; u < utterances.Count; u++)
        {
            for (var s = 0; s < utterances[u].SegmentCount; s++, k++)
            {
                _segmentIndex[k] = utterances[u].FirstSegment + s;
                _segmentUtterance[k] = u;
            }
        }
    }

    /// <summary>Shape of one segment, e.g. [1, 625] or [3, 4, 64, 64].</summary>
    public IReadOnlyList<long> SegmentShape { get; }

    /// <summary>Floats per segment.</summary>
    public int SegmentSize => _storage.SegmentSize;

    /// <summary>The utterances, in order.</summary>
    public IReadOnlyList<UtteranceEntry> Utterances { get; }

    /// <summary>Number of segments in this set.</summary>
    public int SegmentCount => _segmentIndex.Length;

    /// <summary>Whether the segments are memory-mapped from files (a cache file or a segment store) rather than held in memory.</summary>
    public bool IsMemoryMapped => _storage is MappedSegmentStorage or StoreSegmentStorage;

    /// <summary>Bytes of segment store entries mapped now (0 for other storage).</summary>
    internal long MappedBytes => _storage is StoreSegmentStorage store ? store.MappedBytes : 0;

    /// <summary>The distinct speakers, in ordinal order.</summary>
    public IReadOnlyList<string> Speakers => Utterances.Select(u => u.Speaker).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Caches the segments of <paramref name="utterances"/> (copied once).</summary>
    /// <param name="utterances">Labelled utterances, each with at least one segment of the same shape.</param>
    /// <param name="options">Memory budget and cache folder (defaults when null).</param>
    /// <exception cref="ArgumentException">No utterances, an empty utterance, a negative label or differing segment shapes.</exception>
    public static SegmentDataset Create(IEnumerable<LabeledUtterance> utterances, SegmentDatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        options ??= new SegmentDatasetOptions();
        options.Validate();
        var list = utterances.ToList();
        var entries = Layout(list.Select(u => (u.Id, u.Label, u.Speaker, u.Segments.SegmentShape, u.Segments.Count,
            Complete: u.Segments.Data.Length >= (long)u.Segments.Count * u.Segments.SegmentSize)).ToList(), nameof(utterances));
        var first = entries[^1].FirstSegment + entries[^1].SegmentCount;
        var shape = list[0].Segments.SegmentShape;
        var segmentSize = list[0].Segments.SegmentSize;
        var bytes = first * segmentSize * sizeof(float);
        SegmentStorage storage;
        if (bytes <= options.MemoryBudgetBytes && first * segmentSize <= Array.MaxLength)
        {
            var data = new float[first * segmentSize];
            foreach (var (u, e) in list.Zip(entries))
                u.Segments.Data.AsSpan(0, e.SegmentCount * segmentSize).CopyTo(data.AsSpan(checked((int)(e.FirstSegment * segmentSize))));
            storage = new InMemorySegmentStorage(data, segmentSize);
        }
        else
        {
            var path = Path.Combine(options.CacheDirectory ?? Path.GetTempPath(), $"mlnetser-segments-{Guid.NewGuid():N}.f32");
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                foreach (var (u, e) in list.Zip(entries))
                    file.Write(MemoryMarshal.AsBytes(u.Segments.Data.AsSpan(0, e.SegmentCount * segmentSize)));
            }

            storage = new MappedSegmentStorage(path, 0, first, segmentSize, deleteOnDispose: true);
        }

        return new SegmentDataset(storage, ownsStorage: true, shape.Select(d => (long)d).ToArray(), entries);
    }

    /// <summary>
    /// A set read in place from segment store entries, through memory maps opened on demand: nothing is copied into memory
    /// but the batch being assembled, and at most <see cref="SegmentDatasetOptions.MappedBytesBudget"/> bytes of entries are
    /// mapped at once. Segment counts come from the entries. Training on it gives the same results as on the same segments
    /// made with <see cref="Create"/>.
    /// </summary>
    /// <param name="utterances">Labelled utterances, each with an entry of at least one segment, all of the same shape (e.g. from <see cref="SegmentStore.Populate"/>).</param>
    /// <param name="options">The mapping budget (defaults when null).</param>
    /// <exception cref="ArgumentException">No utterances, an empty entry, a negative label or differing segment shapes.</exception>
    public static SegmentDataset FromStore(IEnumerable<StoredUtterance> utterances, SegmentDatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        options ??= new SegmentDatasetOptions();
        options.Validate();
        var list = utterances.ToList();
        var entries = Layout(list.Select(u => (u.Id, u.Label, u.Speaker, u.Segments.SegmentShape.ToArray(), u.Segments.SegmentCount, Complete: true)).ToList(),
            nameof(utterances));
        var storage = new StoreSegmentStorage(list.Select(u => u.Segments).ToArray(), list[0].Segments.SegmentSize, options.MappedBytesBudget);
        return new SegmentDataset(storage, ownsStorage: true, list[0].Segments.SegmentShape.Select(d => (long)d).ToArray(), entries);
    }

    /// <summary>
    /// Checks the utterances of a new set (at least one; each with segments of the first one's shape, complete, and a
    /// label of at least 0) and places them one after the other in the storage.
    /// </summary>
    private static List<UtteranceEntry> Layout(
        IReadOnlyList<(string Id, int Label, string Speaker, int[] Shape, int Count, bool Complete)> utterances, string parameterName)
    {
        if (utterances.Count == 0)
            throw new ArgumentException("A segment dataset needs at least one utterance.", parameterName);
        var shape = utterances[0].Shape;
        var entries = new List<UtteranceEntry>(utterances.Count);
        long first = 0;
        foreach (var u in utterances)
        {
            if (!u.Shape.SequenceEqual(shape))
                throw new ArgumentException(
                    $"Utterance '{u.Id}' has segments of shape [{string.Join(", ", u.Shape)}], the first had [{string.Join(", ", shape)}].", parameterName);
            if (u.Count < 1 || !u.Complete)
                throw new ArgumentException($"Utterance '{u.Id}' has no segments or fewer floats than its count says.", parameterName);
            if (u.Label < 0)
                throw new ArgumentException($"Utterance '{u.Id}' has a negative label {u.Label}.", parameterName);
            entries.Add(new UtteranceEntry(u.Id, u.Label, u.Speaker, first, u.Count));
            first += u.Count;
        }

        return entries;
    }

    /// <summary>
    /// Opens a float32 <c>.npy</c> file of shape <c>[segments, ..segment shape]</c> described by a manifest
    /// (see <see cref="UtteranceManifest"/>); labels become class indices in <see cref="UtteranceManifest.Labels"/> order.
    /// Files over the memory budget are memory-mapped in place.
    /// </summary>
    /// <param name="segmentsPath">The <c>.npy</c> file.</param>
    /// <param name="manifest">Its utterances, in file order.</param>
    /// <param name="options">Memory budget (defaults when null).</param>
    /// <exception cref="InvalidDataException">The file is not float32 .npy, or its segment count differs from the manifest's.</exception>
    public static SegmentDataset FromNpy(string segmentsPath, UtteranceManifest manifest, SegmentDatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        options ??= new SegmentDatasetOptions();
        options.Validate();
        var npy = NpyReader.ReadHeader(segmentsPath);
        if (npy.Shape.Length < 2)
            throw new InvalidDataException($"{segmentsPath}: expected shape [segments, ..segment shape] but found ({string.Join(", ", npy.Shape)}).");
        if (npy.Shape[0] != manifest.SegmentCount)
            throw new InvalidDataException(
                $"{segmentsPath}: holds {npy.Shape[0]} segments but the manifest lists {manifest.SegmentCount} (sum of its 'segments' column).");

        var segmentSize = checked((int)npy.Shape.Skip(1).Aggregate(1L, (a, b) => a * b));
        var classOf = manifest.Labels.Select((label, index) => (label, index)).ToDictionary(p => p.label, p => p.index, StringComparer.Ordinal);
        var entries = new List<UtteranceEntry>(manifest.Rows.Count);
        long first = 0;
        foreach (var row in manifest.Rows)
        {
            entries.Add(new UtteranceEntry(row.Utterance, classOf[row.Label], row.Speaker, first, row.Segments));
            first += row.Segments;
        }

        var values = npy.Shape[0] * segmentSize;
        SegmentStorage storage;
        if (values * sizeof(float) <= options.MemoryBudgetBytes && values <= Array.MaxLength)
        {
            var data = new float[values];
            using var stream = File.OpenRead(segmentsPath);
            stream.Position = npy.DataOffset;
            stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
            storage = new InMemorySegmentStorage(data, segmentSize);
        }
        else
        {
            storage = new MappedSegmentStorage(segmentsPath, npy.DataOffset, npy.Shape[0], segmentSize, deleteOnDispose: false);
        }

        return new SegmentDataset(storage, ownsStorage: true, npy.Shape.Skip(1).ToArray(), entries);
    }

    /// <summary>The utterances of the given speakers, sharing this set's storage.</summary>
    /// <param name="speakers">Speakers to keep.</param>
    public SegmentDataset WhereSpeakers(IEnumerable<string> speakers)
    {
        var keep = speakers.ToHashSet(StringComparer.Ordinal);
        return new SegmentDataset(_storage, ownsStorage: false, SegmentShape, Utterances.Where(u => keep.Contains(u.Speaker)).ToArray());
    }

    /// <summary>This set cut along <paramref name="split"/> (both parts share its storage).</summary>
    /// <param name="split">Which speakers train and which validate.</param>
    public (SegmentDataset Training, SegmentDataset Validation) Split(SpeakerSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return (WhereSpeakers(split.TrainingSpeakers), WhereSpeakers(split.ValidationSpeakers));
    }

    /// <summary>Throws when the two sets share a speaker: validation on a training speaker would flatter the model.</summary>
    /// <param name="training">Training set.</param>
    /// <param name="validation">Validation set.</param>
    /// <exception cref="ArgumentException">Names the shared speakers.</exception>
    public static void EnsureSpeakerDisjoint(SegmentDataset training, SegmentDataset validation)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        var shared = training.Speakers.Intersect(validation.Speakers, StringComparer.Ordinal).ToArray();
        if (shared.Length > 0)
        {
            throw new ArgumentException(
                $"The validation set shares {shared.Length} speaker(s) with the training set ({string.Join(", ", shared.Take(5))}{(shared.Length > 5 ? ", …" : "")}); "
                + "use SpeakerSplit.HoldOut to make speaker-disjoint sets.", nameof(validation));
        }
    }

    /// <summary>Copies segment <paramref name="position"/> of this set (0 ≤ position &lt; <see cref="SegmentCount"/>).</summary>
    /// <param name="position">Segment position within this set.</param>
    /// <param name="destination">At least <see cref="SegmentSize"/> floats.</param>
    /// <returns>The segment's label.</returns>
    public int CopySegment(int position, Span<float> destination)
    {
        _storage.Copy(_segmentIndex[position], 1, destination);
        return Utterances[_segmentUtterance[position]].Label;
    }

    /// <summary>Copies the segments of utterance <paramref name="utterance"/> (index into <see cref="Utterances"/>).</summary>
    /// <param name="utterance">Utterance index.</param>
    /// <param name="destination">At least segment count × <see cref="SegmentSize"/> floats.</param>
    public void CopyUtterance(int utterance, Span<float> destination)
    {
        var entry = Utterances[utterance];
        _storage.Copy(entry.FirstSegment, entry.SegmentCount, destination);
    }

    /// <summary>The utterance index of segment <paramref name="position"/>.</summary>
    /// <param name="position">Segment position within this set.</param>
    public int UtteranceOf(int position) => _segmentUtterance[position];

    /// <summary>Adds everything that defines this set (names, labels, speakers, segment values) to a hash.</summary>
    internal void AppendTo(IncrementalHash hash)
    {
        hash.AppendData(MemoryMarshal.AsBytes(SegmentShape.ToArray().AsSpan()));
        var buffer = new float[Math.Max(1, Utterances.Count == 0 ? 0 : Utterances.Max(u => u.SegmentCount)) * SegmentSize];
        for (var u = 0; u < Utterances.Count; u++)
        {
            var entry = Utterances[u];
            hash.AppendData(Encoding.UTF8.GetBytes($"{entry.Id}\0{entry.Label}\0{entry.Speaker}\0{entry.SegmentCount}\0"));
            CopyUtterance(u, buffer);
            hash.AppendData(MemoryMarshal.AsBytes(buffer.AsSpan(0, entry.SegmentCount * SegmentSize)));
        }
    }

    /// <summary>Releases the storage (a memory map and its cache file) when this set owns it.</summary>
    public void Dispose()
    {
        if (_ownsStorage)
            _storage.Dispose();
    }
}
