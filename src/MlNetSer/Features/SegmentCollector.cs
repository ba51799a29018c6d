namespace MlNetSer.Features;

/// <summary>Appends equally shaped segments into one contiguous array; exact-size when the count is known up front.</summary>
internal sealed class SegmentCollector
{
    private readonly int[] _shape;
    private readonly int _size;
    private float[] _data;
    private int _count;

    public SegmentCollector(int[] shape, int expectedCount)
    {
        _shape = shape;
        _size = shape.Aggregate(1, (a, b) => checked(a * b));
        // Every value gets written, so skip zeroing the (often large) array.
        _data = expectedCount > 0 ? GC.AllocateUninitializedArray<float>(checked(expectedCount * _size)) : [];
    }

    public int Count => _count;

    public void Add(ReadOnlySpan<float> segment)
    {
        if (segment.Length != _size)
            throw new ArgumentException($"Expected a segment of {_size} values, got {segment.Length}.", nameof(segment));
        int end = checked((_count + 1) * _size);
        if (end > _data.Length)
            Array.Resize(ref _data, Math.Max(end, checked(_data.Length * 2)));
        segment.CopyTo(_data.AsSpan(_count * _size));
        _count++;
    }

    public SegmentTensor ToTensor()
    {
        int used = _count * _size;
        var data = used == _data.Length ? _data : _data.AsSpan(0, used).ToArray();
        return new SegmentTensor(data, _count, (int[])_shape.Clone());
    }
}
