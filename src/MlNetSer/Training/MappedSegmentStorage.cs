namespace MlNetSer.Training;

/// <summary>
/// Segments in a file (little-endian float32, C order) read through a memory map, for sets larger
/// than the memory budget; the operating system's page cache then does the caching.
/// </summary>
internal sealed class MappedSegmentStorage : SegmentStorage
{
    private readonly MappedFloatFile _file;
    private readonly string? _deleteOnDispose;

    /// <param name="path">The file.</param>
    /// <param name="dataOffset">Byte offset of the first segment.</param>
    /// <param name="segmentCount">Segments in the file.</param>
    /// <param name="segmentSize">Floats per segment.</param>
    /// <param name="deleteOnDispose">Whether the file is a private cache to remove afterwards.</param>
    public MappedSegmentStorage(string path, long dataOffset, long segmentCount, int segmentSize, bool deleteOnDispose)
        : base(segmentCount, segmentSize)
    {
        _file = new MappedFloatFile(path, dataOffset, segmentSize);
        _deleteOnDispose = deleteOnDispose ? path : null;
    }

    public override void Copy(long first, int count, Span<float> destination) => _file.Read(first, count, destination);

    public override void Dispose()
    {
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
