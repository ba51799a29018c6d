using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetSer.Features;

/// <summary>The streaming core of <see cref="WaveformSegmenter"/>: framing plus scaling, one segment at a time.</summary>
internal sealed class WaveformSegmentStream : IFrameConsumer
{
    private readonly float _scale;
    private readonly float[] _segment;
    private readonly SampleFramer _framer;
    private IFeatureSink _sink;

    public WaveformSegmentStream(WaveformSegmentOptions options, IFeatureSink sink)
    {
        options.Validate();
        _scale = options.Scale;
        _segment = new float[options.SegmentLength];
        _framer = new SampleFramer(options.SegmentLength, options.Hop, this);
        _sink = sink;
    }

    public void Push(ReadOnlySpan<float> samples) => _framer.Push(samples);

    public void Complete() => _framer.Complete();

    public void Reset(IFeatureSink sink)
    {
        _framer.Reset();
        _sink = sink;
    }

    void IFrameConsumer.OnFrame(ReadOnlySpan<float> frame)
    {
        Scale(frame[.._segment.Length], _scale, _segment);
        _sink.OnWaveformSegment(_segment);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scale(ReadOnlySpan<float> source, float factor, Span<float> destination)
    {
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        var vector = Vector256.Create(factor);
        int i = 0;
        for (; i + Vector256<float>.Count <= source.Length; i += Vector256<float>.Count)
            (Vector256.LoadUnsafe(ref s, (nuint)i) * vector).StoreUnsafe(ref d, (nuint)i);
        for (; i < source.Length; i++)
            destination[i] = source[i] * factor;
    }
}
