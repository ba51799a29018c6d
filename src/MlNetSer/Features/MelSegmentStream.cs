using System.Runtime.CompilerServices;

namespace MlNetSer.Features;

/// <summary>
/// The streaming core of <see cref="MelSegmenter"/>: frames → log-Mel frames in a ring of one segment's
/// length → [3, bands, frames] segments with Δ and ΔΔ, handed to the sink and (optionally) a clip stream.
/// The clip stream may take segments at its own hop: both are cut from the same log-Mel frames, each frame computed
/// once. Frames that no segment will use (segment hop larger than the segment) are never computed.
/// </summary>
internal sealed class MelSegmentStream : IFrameConsumer
{
    private readonly LogMelSpectrogram _spectrogram;
    private readonly SampleFramer _framer;
    private readonly int _bands;
    private readonly int _frames;
    private readonly int _hop;
    private readonly int _clipHop;
    private readonly int _step;           // between candidate segment starts: the greatest common divisor of both hops
    private readonly int _deltaWidth;
    private readonly float[] _ring;       // frame f (of the pending segment) at slot f mod frames, frame-major
    private readonly float[] _segment;    // [3, bands, frames]
    private readonly MelClipStream? _clips;
    private IFeatureSink _sink;
    private long _frameIndex;
    private long _segmentStart;
    private long _segmentCount;

    /// <param name="options">The segments the sink gets.</param>
    /// <param name="sink">Receives the segments every <see cref="MelSegmentOptions.SegmentHop"/> frames.</param>
    /// <param name="clips">Receives the segments every <paramref name="clipHop"/> frames, or none.</param>
    /// <param name="clipHop">Frames between the clips' segments (default: the sink's hop).</param>
    public MelSegmentStream(MelSegmentOptions options, IFeatureSink sink, MelClipStream? clips, int? clipHop = null)
    {
        _spectrogram = new LogMelSpectrogram(options);   // validates the options
        _framer = new SampleFramer(options.WindowLength, options.HopLength, this);
        _bands = options.MelBands;
        _frames = options.SegmentFrames;
        _hop = options.SegmentHop;
        _clipHop = clipHop ?? _hop;
        _step = clips is null ? _hop : (int)System.Numerics.BigInteger.GreatestCommonDivisor(_hop, _clipHop);
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
            _segmentStart += _step;
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
        var toSink = start % _hop == 0;
        var toClips = _clips is not null && start % _clipHop == 0;
        if (!toSink && !toClips)
            return;
        var plane = _bands * _frames;
        var statics = _segment.AsSpan(0, plane);
        ref float ring = ref _ring[0];
        ref float target = ref _segment[0];
        int first = Slot(start) / _bands;
        for (int t = 0; t < _frames; t++)
        {
            // Frame-major ring → band-major segment: static[m][t] = ring[(start + t) mod frames][m].
            int slot = first + t < _frames ? first + t : first + t - _frames;
            ref float frame = ref Unsafe.Add(ref ring, slot * _bands);
            for (int m = 0; m < _bands; m++)
                Unsafe.Add(ref target, m * _frames + t) = Unsafe.Add(ref frame, m);
        }

        HtkDelta.Compute(statics, _bands, _frames, _deltaWidth, _segment.AsSpan(plane, plane));
        HtkDelta.Compute(_segment.AsSpan(plane, plane), _bands, _frames, _deltaWidth, _segment.AsSpan(2 * plane, plane));
        _segmentCount++;
        if (toSink)
            _sink.OnMelSegment(_segment);
        if (toClips)
            _clips!.Add(_segment);
    }

    private void ResetState()
    {
        _frameIndex = 0;
        _segmentStart = 0;
        _segmentCount = 0;
    }
}
