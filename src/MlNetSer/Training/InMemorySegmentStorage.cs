namespace MlNetSer.Training;

/// <summary>Segments held in one managed array.</summary>
internal sealed class InMemorySegmentStorage : SegmentStorage
{
    private readonly float[] _data;

    public InMemorySegmentStorage(float[] data, int segmentSize)
        : base(data.LongLength / segmentSize, segmentSize)
    {
        _data = data;
    }

    public override void Copy(long first, int count, Span<float> destination) =>
        _data.AsSpan(checked((int)(first * SegmentSize)), count * SegmentSize).CopyTo(destination);
}
