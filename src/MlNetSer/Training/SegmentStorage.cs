namespace MlNetSer.Training;

/// <summary>
/// All segments of a data set, contiguous, each <see cref="SegmentSize"/> floats: the cache that
/// batches are copied out of, so nothing is re-extracted during training.
/// </summary>
internal abstract class SegmentStorage : IDisposable
{
    protected SegmentStorage(long segmentCount, int segmentSize)
    {
        SegmentCount = segmentCount;
        SegmentSize = segmentSize;
    }

    /// <summary>Number of segments held.</summary>
    public long SegmentCount { get; }

    /// <summary>Floats per segment.</summary>
    public int SegmentSize { get; }

    /// <summary>Copies <paramref name="count"/> consecutive segments starting at <paramref name="first"/>.</summary>
    public abstract void Copy(long first, int count, Span<float> destination);

    /// <inheritdoc />
    public virtual void Dispose()
    {
    }
}
