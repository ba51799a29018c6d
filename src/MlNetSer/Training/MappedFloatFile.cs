using System.IO.MemoryMappedFiles;

namespace MlNetSer.Training;

/// <summary>A read-only memory map of a file of little-endian float32 segments starting at a byte offset.</summary>
internal sealed class MappedFloatFile : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly long _dataOffset;
    private readonly int _segmentSize;

    public MappedFloatFile(string path, long dataOffset, int segmentSize)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Memory-mapped segment files need a little-endian machine.");
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        try
        {
            _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        }
        catch
        {
            _file.Dispose();
            throw;
        }

        _dataOffset = dataOffset;
        _segmentSize = segmentSize;
    }

    /// <summary>Copies <paramref name="count"/> consecutive segments starting at segment <paramref name="first"/> of the file.</summary>
    public void Read(long first, int count, Span<float> destination)
    {
        // The view starts at file offset 0, so the handle's byte offsets are file offsets (plus the
        // page alignment the accessor records in PointerOffset).
        var position = _view.PointerOffset + _dataOffset + first * _segmentSize * sizeof(float);
        _view.SafeMemoryMappedViewHandle.ReadSpan((ulong)position, destination[..(count * _segmentSize)]);
    }

    public void Dispose()
    {
        _view.Dispose();
        _file.Dispose();
    }
}
