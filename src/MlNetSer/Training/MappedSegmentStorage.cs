using System.IO.MemoryMappedFiles;

namespace MlNetSer.Training;

/// <summary>
/// Segments in a file (little-endian float32, C order) read through a memory map, for sets larger
/// than the memory budget; the operating system's page cache then does the caching.
/// </summary>
internal sealed class MappedSegmentStorage : SegmentStorage
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly long _dataOffset;
    private readonly string? _deleteOnDispose;

    /// <param name="path">The file.</param>
    /// <param name="dataOffset">Byte offset of the first segment.</param>
    /// <param name="segmentCount">Segments in the file.</param>
    /// <param name="segmentSize">Floats per segment.</param>
    /// <param name="deleteOnDispose">Whether the file is a private cache to remove afterwards.</param>
    public MappedSegmentStorage(string path, long dataOffset, long segmentCount, int segmentSize, bool deleteOnDispose)
        : base(segmentCount, segmentSize)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Memory-mapped segment files need a little-endian machine.");
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        _dataOffset = dataOffset;
        _deleteOnDispose = deleteOnDispose ? path : null;
    }

    public override void Copy(long first, int count, Span<float> destination)
    {
        // The view starts at file offset 0, so the handle's byte offsets are file offsets (plus the
        // page alignment the accessor records in PointerOffset).
        var position = _view.PointerOffset + _dataOffset + first * SegmentSize * sizeof(float);
        _view.SafeMemoryMappedViewHandle.ReadSpan((ulong)position, destination[..(count * SegmentSize)]);
    }

    public override void Dispose()
    {
        _view.Dispose();
        _file.Dispose();
        if (_deleteOnDispose is not null)
        {
            try
            {
                File.Delete(_deleteOnDispose);
            }
            catch (IOException)
            {
                // A cache file that cannot be removed now is only wasted temporary space.
            }
        }
    }
}
