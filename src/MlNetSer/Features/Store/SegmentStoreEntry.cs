using System.Runtime.InteropServices;

namespace MlNetSer.Features.Store;

/// <summary>
/// One tensor of one audio file in a <see cref="SegmentStore"/>: a checked, complete entry file whose float32 segments
/// start at <see cref="DataOffset"/>, in C order, little-endian.
/// </summary>
/// <param name="SourcePath">The audio file (full path).</param>
/// <param name="Kind">Which tensor.</param>
/// <param name="Path">The entry file.</param>
/// <param name="DataOffset">Byte offset of the first segment in <see cref="Path"/>.</param>
/// <param name="SegmentCount">Segments (the leading dimension N).</param>
/// <param name="SegmentShape">Shape of one segment, e.g. [3, 4, 64, 64].</param>
public sealed record SegmentStoreEntry(string SourcePath, SegmentKind Kind, string Path, long DataOffset, int SegmentCount, IReadOnlyList<int> SegmentShape)
{
    /// <summary>Floats per segment.</summary>
    public int SegmentSize => SegmentShape.Aggregate(1, (a, b) => checked(a * b));

    /// <summary>Bytes of segment data in the entry file.</summary>
    public long DataBytes => (long)SegmentCount * SegmentSize * sizeof(float);

    /// <summary>Reads all the segments into memory (for small entries and checks; training maps them instead).</summary>
    /// <exception cref="IOException">The entry file was removed or shortened since it was checked.</exception>
    public SegmentTensor ReadTensor()
    {
        var data = new float[checked(SegmentCount * SegmentSize)];
        using var file = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        var bytes = MemoryMarshal.AsBytes(data.AsSpan());
        if (RandomAccess.Read(file, bytes, DataOffset) != bytes.Length)
            throw new IOException($"{Path}: the store entry ended early; it was changed after it was checked.");
        return new SegmentTensor(data, SegmentCount, SegmentShape.ToArray());
    }
}
