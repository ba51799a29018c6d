using System.Runtime.CompilerServices;

namespace MlNetSer.Features;

/// <summary>
/// The streaming core of <see cref="MelSegmenter"/>: frames → log-Mel frames in a ring of one segment's
/// length → [3, bands, frames] segments with Δ and ΔΔ, handed to the sink and (optionally) a clip stream.
/// Frames that no segment will use (segment hop larger than the segment) are never computed.
/// </summary>
internal sealed class MelSegmentStream : IFrameConsumer
{
    private readonly LogMelSpectrogram _spectrogram;
    private readonly SampleFramer _framer;
    private readonly int _bands;
    private readonly int _frames;
    private readonly int _hop;
    private readonly int _deltaWidth;
    private readonly float[] _ring;       // frame f (of the pending segment) at slot f mod frames, frame-major
    private readonly float[] _segment;    // [3, bands, frames]
    private readonly MelClipStream? _clips;
    private IFeatureSink _sink;
    private long _frameIndex;
    private long _segmentStart;
    private long _segmentCount;

    public MelSegmentStream(MelSegmentOptions options, IFeatureSink sink, MelClipStream? clips)
    {
        _spectrogram = new LogMelSpectrogram(options);   // validates the options
        _framer = new SampleFramer(options.WindowLength, options.HopLength, this);
        _bands = options.MelBands;
        _frames = options.SegmentFrames;
        _hop = options.SegmentHop;
        _deltaWidth = options.DeltaWidth;
        _ring = new float[checked(_frames * _bands)];
        _segment = new float[checked(SegmentTensorShapes.Channels * _bands * _frames)];
        _clips = clips;
        _sink = sink;
    }

    public void Push(ReadOnlySpan<float> samples) => _framer.Push(samples);

    /// <summary>Ends the signal; a signal shorter than one segment becomes one, padded with each band's minimum.</summary>
    public void Complete()
    {
        _framer.Complete();   // guarantees at least one frame
        if (_segmentCount == 0)
        {
            PadWithBandMinimum((int)_frameIndex);
            EmitSegment(0);
        }

        _clips?.Complete();
        ResetState();
    }

    public void Reset(IFeatureSink sink)
    {
        _framer.Reset();
        _clips?.Reset(sink);
        ResetState();
        _sink = sink;
    }

    void IFrameConsumer.OnFrame(ReadOnlySpan<float> frame)
    {
        long index = _frameIndex++;
        if (index < _segmentStart) return;
        _spectrogram.ComputeFrame(frame, _ring.AsSpan(Slot(index), _bands));
        if (index == _segmentStart + _frames - 1)
        {
            EmitSegment(_segmentStart);
            _segmentStart += _hop;
        }
    }

    private int Slot(long frame) => (int)(frame % _frames) * _bands;

    // Fewer frames than a segment: they sit in slots 0 … available − 1; fill the rest per band.
    private void PadWithBandMinimum(int available)
    {
        for (int m = 0; m < _bands; m++)
        {
            float minimum = float.PositiveInfinity;
            for (int t = 0; t < available; t++)
                minimum = MathF.Min(minimum, _ring[t * _bands + m]);
            for (int t = available; t < _frames; t++)
                _ring[t * _bands + m] = minimum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EmitSegment(long start)
    {
        var plane = _bands * _frames;
        var statics = _segment.AsSpan(0, plane);
        for (int t = 0; t < _frames; t++)
        {
            var frame = _ring.AsSpan(Slot(start + t), _bands);
            for (int m = 0; m < _bands; m++)
                statics[m * _frames + t] = frame[m];
        }

        HtkDelta.Compute(statics, _bands, _frames, _deltaWidth, _segment.AsSpan(plane, plane));
        HtkDelta.Compute(_segment.AsSpan(plane, plane), _bands, _frames, _deltaWidth, _segment.AsSpan(2 * plane, plane));
        _segmentCount++;
        _sink.OnMelSegment(_segment);
        _clips?.Add(_segment);
    }

    private void ResetState()
    {
        _frameIndex = 0;
        _segmentStart = 0;
        _segmentCount = 0;
    }
}
