using System.Runtime.CompilerServices;

namespace MlNetSer.Features;

/// <summary>
/// The streaming core of <see cref="MelClipStacker"/>. The clip buffer itself keeps the previous
/// depth − 1 segments: each new segment shifts the depth slots of every channel down by one and lands in
/// the last slot, so a clip is ready without a separate history.
/// </summary>
internal sealed class MelClipStream
{
    private readonly int _depth;
    private readonly int _plane;          // bands · frames: one channel of one segment
    private readonly float[] _clip;       // [3, depth, bands, frames]
    private IFeatureSink _sink;
    private long _segments;

    public MelClipStream(MelClipOptions options, int bands, int frames, IFeatureSink sink)
    {
        options.Validate();
        _depth = options.Depth;
        _plane = bands * frames;
        _clip = new float[checked(SegmentTensorShapes.Channels * _depth * _plane)];
        _sink = sink;
    }

    /// <summary>Adds the next [3, bands, frames] segment; emits a clip once <c>depth</c> segments are in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<float> segment)
    {
        int slot = (int)Math.Min(_segments, _depth - 1);
        if (_segments >= _depth)
        {
            for (int c = 0; c < SegmentTensorShapes.Channels; c++)
                _clip.AsSpan(Slot(c, 1), (_depth - 1) * _plane).CopyTo(_clip.AsSpan(Slot(c, 0)));
        }

        for (int c = 0; c < SegmentTensorShapes.Channels; c++)
            segment.Slice(c * _plane, _plane).CopyTo(_clip.AsSpan(Slot(c, slot)));
        _segments++;
        if (_segments >= _depth)
            _sink.OnClip(_clip);
    }

    /// <summary>Ends the segments: fewer than <c>depth</c> (but some) repeat the last one to make one clip.</summary>
    public void Complete()
    {
        if (_segments > 0 && _segments < _depth)
        {
            int last = (int)_segments - 1;
            for (int c = 0; c < SegmentTensorShapes.Channels; c++)
                for (int d = last + 1; d < _depth; d++)
                    _clip.AsSpan(Slot(c, last), _plane).CopyTo(_clip.AsSpan(Slot(c, d)));
            _sink.OnClip(_clip);
        }

        _segments = 0;
    }

    public void Reset(IFeatureSink sink)
    {
        _segments = 0;
        _sink = sink;
    }

    private int Slot(int channel, int depth) => (channel * _depth + depth) * _plane;
}
