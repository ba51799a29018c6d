namespace MlNetSer.Features;

/// <summary>Collects whichever single kind of segment a one-stream producer emits (the others never arrive).</summary>
internal sealed class SingleTensorSink(int[] shape, int expectedCount) : IFeatureSink
{
    private readonly SegmentCollector _collector = new(shape, expectedCount);

    public void OnWaveformSegment(ReadOnlySpan<float> segment) => _collector.Add(segment);

    public void OnMelSegment(ReadOnlySpan<float> segment) => _collector.Add(segment);

    public void OnClip(ReadOnlySpan<float> clip) => _collector.Add(clip);

    public SegmentTensor ToTensor() => _collector.ToTensor();
}
